/**
 * `replay --edition both`: the two editions' results side by side, and the difference the
 * modification makes, device by device (from the two final inventories, which list the same devices
 * in the same order) and in totals (from the two summaries). Node-only.
 *
 * @internal
 */
import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ReplaySummary } from '../../campaign/replay.js'
import { readLineBatches } from './lines.js'

/** One edition's numbers, as comparison.json gives them. */
export interface EditionTotals {
  /** Suspended at some point: at the start, or by a CPL removal. */
  readonly suspended: number
  readonly restoredBySr112: number
  readonly restoredBySr113: number
  /** Suspended at the end. */
  readonly stillSuspended: number
  readonly refusedE5: number
  readonly n29Alerts: number
  readonly n52Alerts: number
}

export interface Comparison {
  readonly editions: { readonly baseline: EditionTotals; readonly SECMP0105: EditionTotals }
  /** SECMP0105's number minus baseline's, for each total. */
  readonly difference: EditionTotals
  /** Device by device, from the final inventories. */
  readonly devices: {
    readonly inventory: number
    /** Suspended at the end under baseline, not under SECMP0105: the modification's benefit. */
    readonly restoredOnlyUnderSECMP0105: number
    /** Suspended at the end under SECMP0105, not under baseline (expected 0). */
    readonly restoredOnlyUnderBaseline: number
    /** Suspended at the end under both editions. */
    readonly stuckUnderBoth: number
    /** The first device IDs restored only under SECMP0105 (at most 20). */
    readonly restoredOnlyUnderSECMP0105Examples: readonly string[]
  }
}

export const totals = (s: ReplaySummary): EditionTotals => ({
  suspended: s.devices.suspendedAtStart + s.devices.suspendedByRemoval,
  restoredBySr112: s.devices.restoredBySr112,
  restoredBySr113: s.devices.restoredBySr113,
  stillSuspended: s.devices.stillSuspended,
  refusedE5: s.requests.refusedE5,
  n29Alerts: s.alerts.N29,
  n52Alerts: s.alerts.N52
})

/** Reads the lines of a file one at a time. */
async function* lines(path: string): AsyncGenerator<string> {
  for await (const batch of readLineBatches(path)) for (const line of batch.lines) if (line.length > 0) yield line
}

/** The deviceId and whether it is Suspended, of a final inventory line (written by the replay: valid JSON). */
function readDevice(line: string): { id: string; suspended: boolean } {
  const d = JSON.parse(line) as { deviceId: string; status: string }
  return { id: d.deviceId, suspended: d.status === 'Suspended' }
}

/** Compares the two editions' outputs (`dir/baseline`, `dir/SECMP0105`). */
export async function compareEditions(dir: string, baseline: ReplaySummary, secmp: ReplaySummary): Promise<Comparison> {
  const other = lines(join(dir, 'SECMP0105', 'inventory.ndjson'))
  let inventory = 0
  let onlySecmp = 0
  let onlyBaseline = 0
  let both = 0
  const examples: string[] = []
  for await (const line of lines(join(dir, 'baseline', 'inventory.ndjson'))) {
    const next = await other.next()
    if (next.done === true) throw new Error(`${dir}: the two final inventories list different devices`)
    const a = readDevice(line)
    const b = readDevice(next.value)
    if (a.id !== b.id) throw new Error(`${dir}: the two final inventories list different devices (${a.id}, ${b.id})`)
    inventory++
    if (a.suspended && b.suspended) both++
    else if (a.suspended) {
      onlySecmp++
      if (examples.length < 20) examples.push(a.id)
    } else if (b.suspended) onlyBaseline++
  }
  if ((await other.next()).done !== true) throw new Error(`${dir}: the two final inventories list different devices`)
  const b = totals(baseline)
  const s = totals(secmp)
  const difference = Object.fromEntries(Object.keys(b).map((k) => [k, s[k as keyof EditionTotals] - b[k as keyof EditionTotals]]))
  return {
    editions: { baseline: b, SECMP0105: s },
    difference: difference as unknown as EditionTotals,
    devices: {
      inventory,
      restoredOnlyUnderSECMP0105: onlySecmp,
      restoredOnlyUnderBaseline: onlyBaseline,
      stuckUnderBoth: both,
      restoredOnlyUnderSECMP0105Examples: examples
    }
  }
}

const fmt = (n: number): string => n.toLocaleString('en-GB')
const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : n === 0 ? '0' : `−${fmt(-n)}`)

/** The comparison as a short table, for the terminal. */
export function formatComparison(c: Comparison): string {
  const rows: Array<[string, keyof EditionTotals]> = [
    ['suspended (at start or by CPL removal)', 'suspended'],
    ['restored by an SR11.2 response', 'restoredBySr112'],
    ['restored by an SR11.3 response', 'restoredBySr113'],
    ['still suspended (stuck)', 'stillSuspended'],
    ['E5 refusals', 'refusedE5'],
    ['N29 alerts', 'n29Alerts'],
    ['N52 alerts', 'n52Alerts']
  ]
  const cells = rows.map(([label, k]) => [label, fmt(c.editions.baseline[k]), fmt(c.editions.SECMP0105[k]), signed(c.difference[k])])
  const head = ['', 'baseline', 'SECMP0105', 'difference']
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] as string).length)))
  const row = (r: readonly string[]): string =>
    '  ' + r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] as number) : cell.padStart(widths[i] as number))).join('  ') + '\n'
  let out = 'replay: baseline and SECMP0105 compared\n' + row(head)
  for (const r of cells) out += row(r)
  const d = c.devices
  out +=
    `  devices restored only under SECMP0105: ${fmt(d.restoredOnlyUnderSECMP0105)}; stuck under both: ${fmt(d.stuckUnderBoth)}; ` +
    `restored only under baseline: ${fmt(d.restoredOnlyUnderBaseline)} (of ${fmt(d.inventory)} devices)\n`
  return out
}

/** Writes a file under a temporary name, then renames it into place. */
export async function writeAtomically(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`
  await writeFile(tmp, text)
  await rename(tmp, path)
}
