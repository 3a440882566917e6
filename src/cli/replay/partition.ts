/**
 * One partition of a partitioned replay, as a worker thread runs it (worker.ts), or in-thread for
 * tests. Each partition reads the inventory and the events itself and keeps only the lines of its
 * own devices (by `route`), plus every CPL removal, which it meets in its place in the stream: so
 * the main thread does no per-line work while the partitions run, and every partition sees every
 * removal in order relative to its own devices' events. A line that names no device (bad JSON, an
 * array, …) belongs to partition 0, which also reports the lines every partition sees.
 *
 * A line goes to the partition of the `deviceId` it holds once parsed: the fast path reads the
 * ID off the start of the line only when it is the whole value (23 characters of hex digits and
 * dashes between quotes), and a line that gives `deviceId` twice is rejected by the engine
 * wherever it lands (the same reason in every partition), so no line is routed by one ID and
 * applied to another.
 *
 * @internal
 */
import { FleetReplay, type ReplayCounters, type RejectedLine } from '../../campaign/replay.js'
import { SuspendedSeries, type SuspendedSeriesData } from '../../campaign/series.js'
import type { Edition } from '../../Edition.js'
import { lineReader, NotUtf8, readByteLineBatches, type ByteLineBatch } from './lines.js'

export interface RunPartition {
  readonly t: 'run'
  readonly inventory: string
  readonly events: string
  readonly cpl: unknown
  readonly edition: Edition
  readonly partition: number
  readonly partitions: number
}

export type ToPartition = RunPartition | { readonly t: 'dump'; readonly max: number }

/**
 * Positions order everything a partition reports across both files: inventory lines come before
 * event lines.
 */
export const EVENTS_BASE = 2 ** 40
export const position = (r: RejectedLine): number => (r.file === 'inventory' ? r.line : EVENTS_BASE + r.line)

export type FromPartition =
  /** Everything up to position `upTo` is handled; alerts carry the line of their event. */
  | {
      readonly t: 'progress'
      readonly phase: 'inventory' | 'events'
      readonly bytes: number
      readonly upTo: number
      readonly alerts: string[]
      readonly alertNums: number[]
      readonly rejects: RejectedLine[]
    }
  | { readonly t: 'counted'; readonly counters: ReplayCounters; readonly series: SuspendedSeriesData }
  /** Final device lines joined by "\n", with their inventory line numbers, in inventory order. */
  | { readonly t: 'dump'; readonly text: string; readonly nums: Int32Array; readonly done: boolean }
  | { readonly t: 'error'; readonly message: string }

/** FNV-1a of a device ID: its partition. */
export function partitionOf(id: string, partitions: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return (h >>> 0) % partitions
}

const PREFIX = '{"deviceId":"'
const isHexOrDash = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || c === 45

/**
 * Where a line goes: a partition number, or -1 for every partition (a CPL removal). The usual
 * line, starting `{"deviceId":"<EUI-64>"`, is routed without parsing; any other is parsed, and a
 * line that names no device (bad JSON, an array…) goes to partition 0, which rejects it with the
 * engine's own reason.
 */
export function route(line: string, partitions: number): number {
  if (partitions === 1) return 0
  const end = PREFIX.length + 23
  if (line.charCodeAt(end) === 34 && line.startsWith(PREFIX)) {
    let ok = true
    for (let i = PREFIX.length; i < end; i++) if (!isHexOrDash(line.charCodeAt(i))) ok = false
    if (ok) return partitionOf(line.slice(PREFIX.length, end), partitions)
  }
  if (line.startsWith('{"cplRemoval":')) return -1
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch {
    return 0
  }
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return 0
  const o = u as Record<string, unknown>
  if (typeof o.deviceId === 'string') return partitionOf(o.deviceId, partitions)
  return 'cplRemoval' in o ? -1 : 0
}

const PREFIX_BYTES = Buffer.from(PREFIX, 'latin1')

function startsWithPrefix(buf: Buffer, s: number): boolean {
  for (let i = 0; i < PREFIX_BYTES.length; i++) if (buf[s + i] !== PREFIX_BYTES[i]) return false
  return true
}

/** True for a line of nothing but white space. */
function isBlankBytes(buf: Buffer, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = buf[i] as number
    if (c !== 32 && c !== 9 && c !== 13) return false
  }
  return true
}

/**
 * `route` on a line of bytes, decoding it only when it does not start the usual way; -2 for a
 * blank line.
 */
export function routeBytes(b: ByteLineBatch, k: number, partitions: number): number {
  const buf = b.buf
  const s = b.starts[k] as number
  const e = b.ends[k] as number
  const idStart = s + PREFIX_BYTES.length
  const idEnd = idStart + 23
  if (idEnd < e && buf[idEnd] === 34 && startsWithPrefix(buf, s)) {
    let ok = true
    let h = 0x811c9dc5
    for (let i = idStart; i < idEnd; i++) {
      const c = buf[i] as number
      if (!isHexOrDash(c)) ok = false
      h = Math.imul(h ^ c, 0x01000193)
    }
    if (ok) return partitions === 1 ? 0 : (h >>> 0) % partitions
  }
  if (isBlankBytes(buf, s, e)) return -2
  return route(buf.toString('utf8', s, e), partitions)
}

/** Makes a partition; `post` receives its messages. */
export function createPartition(post: (m: FromPartition, transfer?: ArrayBuffer[]) => void): { handle(msg: ToPartition): Promise<void> } {
  let replay: FleetReplay | undefined
  let lines: Iterator<string> | undefined
  const lineOf: number[] = []
  let at = 0

  async function run(m: RunPartition): Promise<void> {
    let alerts: string[] = []
    let alertNums: number[] = []
    let rejects: RejectedLine[] = []
    const r = new FleetReplay(m.cpl, {
      edition: m.edition,
      reportsSharedLines: m.partition === 0,
      onAlert: (a, line) => {
        alerts.push(JSON.stringify(a))
        alertNums.push(line)
      },
      onReject: (x) => rejects.push(x)
    })
    replay = r
    const me = m.partition
    const n = m.partitions
    const totals = { inventoryLines: 0, inventoryBlankLines: 0, eventLines: 0, blankLines: 0 }
    for await (const batch of readByteLineBatches(m.inventory)) {
      const line = lineReader(batch)
      for (let k = 0; k < batch.count; k++) {
        totals.inventoryLines++
        const p = routeBytes(batch, k, n)
        if (p === -2) totals.inventoryBlankLines++
        // an inventory line is never shared: one that looks like a CPL removal is partition 0's to reject
        if (p === -1 ? me !== 0 : p !== me) continue
        const num = batch.first + k
        const before = r.deviceCount
        const text = line(k)
        if (text instanceof NotUtf8) r.rejectLine('inventory', num, text.reason)
        else r.addInventoryLine(text, num)
        if (r.deviceCount > before) lineOf.push(num)
      }
      post({
        t: 'progress',
        phase: 'inventory',
        bytes: batch.bytesRead,
        upTo: batch.first + batch.count - 1,
        alerts: [],
        alertNums: [],
        rejects
      })
      rejects = []
    }
    // sampled at the same lines in every partition (each its own devices): the main thread sums them
    const series = new SuspendedSeries()
    series.start(r.suspendedCount())
    for await (const batch of readByteLineBatches(m.events)) {
      const line = lineReader(batch)
      for (let k = 0; k < batch.count; k++) {
        totals.eventLines++
        const num = batch.first + k
        const p = routeBytes(batch, k, n)
        if (p === -2) totals.blankLines++
        else if (p === me || p === -1) {
          const text = line(k)
          if (text instanceof NotUtf8) r.rejectLine('events', num, text.reason, p === -1)
          else r.applyEventLine(text, num, p === -1)
        }
        if (num === series.next) series.sample(num, r.suspendedCount())
      }
      post({
        t: 'progress',
        phase: 'events',
        bytes: batch.bytesRead,
        upTo: EVENTS_BASE + batch.first + batch.count - 1,
        alerts,
        alertNums,
        rejects
      })
      alerts = []
      alertNums = []
      rejects = []
    }
    const suspendedSeries = series.finish(totals.eventLines, r.suspendedCount())
    const counters = r.finish()
    // the line counts are the same in every partition: partition 0 gives them
    Object.assign(counters, me === 0 ? totals : { inventoryLines: 0, inventoryBlankLines: 0, eventLines: 0, blankLines: 0 })
    post({ t: 'counted', counters, series: suspendedSeries })
  }

  function dump(max: number): void {
    if (replay === undefined) throw new Error('partition dumped before it ran')
    lines ??= replay.fleetLines()
    const text: string[] = []
    const nums = new Int32Array(max)
    let k = 0
    while (k < max) {
      const d = lines.next()
      if (d.done === true) break
      text.push(d.value)
      nums[k++] = lineOf[at++] as number
    }
    const out = k < max ? nums.slice(0, k) : nums
    post({ t: 'dump', text: text.join('\n'), nums: out, done: k < max }, [out.buffer as ArrayBuffer])
  }

  return {
    async handle(msg) {
      try {
        if (msg.t === 'run') await run(msg)
        else dump(msg.max)
      } catch (e) {
        post({ t: 'error', message: e instanceof Error ? e.message : String(e) })
      }
    }
  }
}
