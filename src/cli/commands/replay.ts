/**
 * `replay --inventory F --cpl F --events F --out DIR [--edition E]`: applies every event of a
 * campaign in order and writes the final inventory, the alerts and a summary.
 *
 * @internal
 */
import { Option, type Command } from 'commander'
import { readFile, stat } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { ReplaySummary } from '../../campaign/replay.js'
import { decodeCpl } from '../../Cpl.js'
import { Edition } from '../../Edition.js'
import { parseJson } from '../files.js'
import { EXIT, type CommandContext } from '../io.js'
import { defaultPartitions, peakRssBytes, plainPass, runReplay, type Progress, type ReplayRunResult } from '../replay/run.js'

interface ReplayOptions {
  inventory: string
  cpl: string
  events: string
  out: string
  edition?: Edition
  workers?: string
  calibrate?: boolean
  strict?: boolean
}

const fmt = (n: number): string => n.toLocaleString('en-GB')
const mb = (bytes: number): string => `${fmt(Math.round(bytes / (1024 * 1024)))} MB`

/** The summary as text, for the terminal. */
export function formatSummary(s: ReplaySummary, shownRejects = 20): string {
  const d = s.devices
  const rows: Array<[string, number, string?]> = [
    ['devices in the inventory', d.inventory],
    [
      'suspended',
      d.suspendedAtStart + d.suspendedByRemoval,
      `${fmt(d.suspendedAtStart)} at start, ${fmt(d.suspendedByRemoval)} by CPL removal`
    ],
    ['restored (N29)', d.restored, `${fmt(d.restoredBySr112)} by an SR11.2 response, ${fmt(d.restoredBySr113)} by an SR11.3 response`],
    ['still suspended (stuck)', d.stillSuspended],
    ['firmware updated, not suspended', d.firmwareUpdated],
    ['requests', s.events.requests, `${fmt(s.requests.authorised)} authorised`],
    ['E5 refusals', s.requests.refusedE5],
    ['E12 refusals', s.requests.refusedE12],
    ['responses applied', s.responses.applied],
    ['responses to no authorised request', s.responses.unsolicited, 'never delivered: not applied'],
    ['requests never answered', s.requests.unanswered],
    ['CPL removals', s.events.cplRemovals],
    ['N29 alerts', s.alerts.N29],
    ['N52 alerts', s.alerts.N52],
    ['event lines', s.events.lines, `${fmt(s.events.blank)} blank`],
    ['rejected lines', s.rejected.count, `${fmt(s.inventory.rejected)} in the inventory, ${fmt(s.events.rejected)} in the events`]
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  const numWidth = Math.max(...rows.map(([, n]) => fmt(n).length))
  let out = `replay (${s.edition})\n`
  for (const [label, n, note] of rows)
    out += `  ${label.padEnd(width)}  ${fmt(n).padStart(numWidth)}${note === undefined ? '' : `  (${note})`}\n`
  for (const r of s.rejected.listed.slice(0, shownRejects)) out += `  ${r.file} line ${r.line}: ${r.reason}\n`
  if (s.rejected.count > shownRejects) out += `  … ${fmt(s.rejected.count - shownRejects)} more in rejected.ndjson\n`
  return out
}

/** A progress bar for a terminal, redrawn at most every 100 ms. */
function progressBar(ctx: CommandContext): (p: Progress) => void {
  let last = 0
  return (p) => {
    const now = performance.now()
    if (now - last < 100) return
    last = now
    const share = p.total > 0 ? Math.min(1, p.done / p.total) : 0
    const width = 30
    const filled = Math.round(share * width)
    ctx.io.stderr(`\r${p.phase.padEnd(9)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(0).padStart(3)}%`)
  }
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('replay')
    .summary('apply a campaign of events to an inventory, streaming; write the final inventory, alerts and a summary')
    .description(
      'Applies every event of events.ndjson in order to the devices of the inventory: requests through authoriseRequest, responses ' +
        '(to an authorised request) through processResponse with the current CPL, CPL removals through removeFromCpl and ' +
        'suspendOnCplRemoval. Writes DIR/inventory.ndjson (the final inventory, in input order), DIR/alerts.ndjson (in event order), ' +
        'DIR/rejected.ndjson and DIR/summary.json, and prints the summary. Events are streamed; a bad line is reported with its number ' +
        'and skipped. With --workers N (by default for large files on 4 or more cores) the devices are partitioned by deviceId over N worker threads; the output is the same. ' +
        'The files are written under temporary names and renamed into place when the replay is complete, summary.json last: DIR holds a ' +
        'complete run exactly when it holds summary.json. One replay at a time writes to DIR (it holds DIR/.replay.lock; a lock left by a ' +
        'process that is gone is taken over). ' +
        'Exit 0 when replayed (1 with --strict if a line was rejected), 2 when a file cannot be read or written (naming it), DIR is in use ' +
        'by another replay, or the CPL is invalid.'
    )
    .requiredOption('--inventory <file>', 'the devices, one JSON record per line')
    .requiredOption('--cpl <file>', 'the CPL before the first event (a JSON array)')
    .requiredOption('--events <file>', 'the events, one per line, in time order')
    .requiredOption('--out <dir>', 'directory for inventory.ndjson, alerts.ndjson, rejected.ndjson and summary.json')
    .addOption(new Option('--edition <edition>', 'the rule edition (default: SECMP0105)').choices(Edition.values))
    .option(
      '--workers <n>',
      'worker threads, partitioned by deviceId; 0 replays in this thread (default: 0 for small files or under 4 cores, else cores - 1, at most 8)'
    )
    .option('--calibrate', 'also time a plain JSON.parse + JSON.stringify pass over the same lines, and report the ratio')
    .option('--strict', 'exit 1 when any line was rejected')
    .action(async (opts: ReplayOptions) => {
      const edition = opts.edition ?? 'SECMP0105'
      const path = (f: string): string => resolve(ctx.io.cwd, f)
      const fail = (messages: readonly string[]): void => {
        for (const m of messages) ctx.io.stderr(`replay: ${m}\n`)
        ctx.setExitCode(EXIT.invalid)
      }
      const workers = opts.workers === undefined ? undefined : /^\d+$/.test(opts.workers.trim()) ? Number(opts.workers) : NaN
      if (workers !== undefined && !(workers >= 0 && workers <= 64))
        return fail([`--workers: expected an integer from 0 to 64, got ${JSON.stringify(opts.workers)}`])

      const sizes: Record<string, number> = {}
      const problems: string[] = []
      for (const [flag, f] of [
        ['--inventory', opts.inventory],
        ['--events', opts.events],
        ['--cpl', opts.cpl]
      ] as const) {
        try {
          const st = await stat(path(f))
          if (!st.isFile()) problems.push(`${flag} ${f}: not a file`)
          sizes[flag] = st.size
        } catch (e) {
          problems.push(`${flag} ${f}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`)
        }
      }
      if (problems.length > 0) return fail(problems)
      let bytes: Buffer
      try {
        bytes = await readFile(path(opts.cpl))
      } catch (e) {
        return fail([`--cpl ${opts.cpl}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`])
      }
      // strict, as every JSON the command line reads: UTF-8, each key once, bounded nesting
      const cpl = parseJson(bytes, opts.cpl)
      if (!cpl.ok) return fail(cpl.messages)
      const decoded = decodeCpl(cpl.value)
      if (decoded._tag === 'Left') return fail(decoded.left.issues.map((i) => `${opts.cpl}: ${i.message}`))

      const outDir = path(opts.out)
      const files = { inventory: path(opts.inventory), events: path(opts.events), outDir }
      const partitions = workers ?? defaultPartitions(sizes['--events'] ?? 0)
      const tty = ctx.io.stderrIsTTY
      let measured: RunInfo | undefined
      // how the replay ran goes into summary.json, which is written last, once the run is complete
      const summaryFile = async (r: ReplayRunResult): Promise<unknown> => {
        let calibration: Calibration | undefined
        if (opts.calibrate === true) {
          const plain = await plainPass([files.inventory, files.events])
          calibration = { plainPassSeconds: round(plain.seconds), lines: plain.lines, speedRatio: round(plain.seconds / r.seconds) }
        }
        measured = runInfo(r, calibration)
        return { ...r.summary, run: measured }
      }
      let result
      try {
        result = await runReplay({
          ...files,
          cpl: decoded.right,
          edition,
          partitions,
          sizes: { inventory: sizes['--inventory'] ?? 0, events: sizes['--events'] ?? 0 },
          summaryFile,
          ...(tty ? { onProgress: progressBar(ctx) } : {})
        })
      } catch (e) {
        if (tty) ctx.io.stderr('\n')
        return fail([(e as Error).message])
      }
      if (tty) ctx.io.stderr('\r' + ' '.repeat(60) + '\r')
      const s = result.summary
      const run = measured ?? runInfo(result, undefined)
      const peak = run.peakRssBytes
      const calibration = run.calibration
      ctx.io.stdout(formatSummary(s))
      const perf =
        `${fmt(s.devices.inventory)} devices, ${fmt(s.events.lines)} events in ${run.seconds.toFixed(1)} s ` +
        `(${fmt(run.eventsPerSecond)} events/s, ${result.partitions === 0 ? 'in one thread' : `${result.partitions} workers`}, peak RSS ${mb(peak)})` +
        (calibration === undefined
          ? ''
          : `; plain JSON pass ${calibration.plainPassSeconds.toFixed(1)} s: replay at ${calibration.speedRatio.toFixed(2)}× its speed`)
      ctx.io.stdout(`  ${perf}\n`)
      if (!tty)
        ctx.io.stderr(
          `replay: ${s.edition}: ${fmt(s.devices.stillSuspended)} still suspended, ${fmt(s.devices.restored)} restored, ${fmt(s.rejected.count)} lines rejected; ${perf}\n`
        )
      ctx.setExitCode(opts.strict === true && s.rejected.count > 0 ? EXIT.failed : EXIT.ok)
    })
}

const round = (x: number): number => Math.round(x * 1000) / 1000

interface Calibration {
  readonly plainPassSeconds: number
  readonly lines: number
  readonly speedRatio: number
}

/** How a replay ran, as summary.json records it under "run". */
interface RunInfo {
  readonly seconds: number
  readonly eventsPerSecond: number
  readonly linesPerSecond: number
  readonly workers: number
  readonly peakRssBytes: number
  readonly calibration?: Calibration
}

function runInfo(r: ReplayRunResult, calibration: Calibration | undefined): RunInfo {
  const s = r.summary
  return {
    seconds: round(r.seconds),
    eventsPerSecond: Math.round(s.events.lines / r.seconds),
    linesPerSecond: Math.round((s.events.lines + s.inventory.lines) / r.seconds),
    workers: r.partitions,
    peakRssBytes: peakRssBytes(),
    ...(calibration === undefined ? {} : { calibration })
  }
}
