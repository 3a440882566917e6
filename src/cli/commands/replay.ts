/**
 * `replay --inventory F --cpl F --events F --out DIR [--edition E|both]`: applies every event of a
 * campaign in order and writes the final inventory, the alerts, a summary and report.html; under
 * both editions, their comparison too.
 *
 * @internal
 */
import { Option, type Command } from 'commander'
import { readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import type { ReplaySummary } from '../../campaign/replay.js'
import { decodeCpl } from '../../Cpl.js'
import { Edition } from '../../Edition.js'
import { parseJson } from '../files.js'
import { EXIT, type CommandContext } from '../io.js'
import { compareEditions, formatComparison, writeAtomically, type Comparison } from '../replay/compare.js'
import {
  defaultPartitions,
  peakRssBytes,
  plainPass,
  runReplay,
  summaryDocument,
  type Progress,
  type ReplayRunResult
} from '../replay/run.js'

interface ReplayOptions {
  inventory: string
  cpl: string
  events: string
  out: string
  edition?: Edition | 'both'
  workers?: string
  calibrate?: boolean
  strict?: boolean
  allowRejected?: string
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
    [
      'not suspended by a CPL removal',
      s.outcomes.notSuspendedByCplRemoval,
      'runs the removed firmware, already Suspended, Decommissioned or Withdrawn'
    ],
    ['firmware updated, not suspended', s.outcomes.firmwareUpdatedNotSuspended, 'an SR11.3 response to a device not Suspended'],
    ['requests', s.events.requests, `${fmt(s.requests.authorised)} authorised`],
    ['E5 refusals', s.requests.refusedE5],
    ['E12 refusals', s.requests.refusedE12],
    ['responses applied', s.responses.applied],
    ['responses that changed nothing', s.outcomes.responseChangedNothing],
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
  // a rule's count is how often it decided; what its decisions changed is beside it
  const decided = Object.entries(s.decisionsByRule)
  if (decided.length > 0) {
    out += `  decisions by rule (how many of them changed the device):\n   `
    for (const [rule, n] of decided) {
      const changed = s.deviceChangesByRule[rule]
      out += ` ${rule} ${fmt(n)}${changed === undefined ? '' : ` (${fmt(changed)})`}`
    }
    out += '\n'
  }
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
        'DIR/rejected.ndjson and DIR/summary.json (the counts by outcome and by rule, the number of Suspended devices along the events, ' +
        'and what it summarises: each input file with its size and SHA-256, the library version, the seed when the files are a ' +
        'generated campaign, start and end), then DIR/report.html (charts, self-contained), and prints the summary. ' +
        'With --edition both it replays under each edition into DIR/baseline and DIR/SECMP0105, writes their difference to ' +
        'DIR/comparison.json and prints it as a table. Events are streamed; a bad line is reported with its number ' +
        'and skipped. With --workers N (by default for large files on 4 or more cores) the devices are partitioned by deviceId over N worker threads; the output is the same. ' +
        'The files are written under temporary names and renamed into place when the replay is complete, summary.json last: DIR holds a ' +
        'complete run exactly when it holds summary.json. One replay at a time writes to DIR (it holds DIR/.replay.lock; a lock left by a ' +
        'process that is gone is taken over). ' +
        'Exit 0 when replayed with no line rejected (or at most N with --allow-rejected N), 1 when it replayed but rejected more ' +
        'lines than allowed (the outputs are written all the same), 2 when a file cannot be read or written (naming it), DIR is in use ' +
        'by another replay, or the CPL is invalid.'
    )
    .requiredOption('--inventory <file>', 'the devices, one JSON record per line')
    .requiredOption('--cpl <file>', 'the CPL before the first event (a JSON array)')
    .requiredOption('--events <file>', 'the events, one per line, in time order')
    .requiredOption('--out <dir>', 'directory for inventory.ndjson, alerts.ndjson, rejected.ndjson and summary.json')
    .addOption(
      new Option(
        '--edition <edition>',
        'the rule edition (default: SECMP0105); both: replay under each into DIR/baseline and DIR/SECMP0105, and write the difference to DIR/comparison.json'
      ).choices([...Edition.values, 'both'])
    )
    .option(
      '--workers <n>',
      'worker threads, partitioned by deviceId; 0 replays in this thread (default: 0 for small files or under 4 cores, else cores - 1, at most 8)'
    )
    .option('--calibrate', 'also time a plain JSON.parse + JSON.stringify pass over the same lines, and report the ratio')
    .option(
      '--allow-rejected <n>',
      'a run that rejected at most N lines still exits 0 (default 0: any rejected line makes the exit code 1; the outputs are written all the same)'
    )
    .option('--strict', 'the same as --allow-rejected 0, the default (kept so that existing scripts keep working)')
    .action(async (opts: ReplayOptions) => {
      const path = (f: string): string => resolve(ctx.io.cwd, f)
      const fail = (messages: readonly string[]): void => {
        for (const m of messages) ctx.io.stderr(`replay: ${m}\n`)
        ctx.setExitCode(EXIT.invalid)
      }
      const workers = opts.workers === undefined ? undefined : /^\d+$/.test(opts.workers.trim()) ? Number(opts.workers) : NaN
      if (workers !== undefined && !(workers >= 0 && workers <= 64))
        return fail([`--workers: expected an integer from 0 to 64, got ${JSON.stringify(opts.workers)}`])
      const allowed = opts.allowRejected === undefined ? 0 : /^\d+$/.test(opts.allowRejected.trim()) ? Number(opts.allowRejected) : NaN
      if (!Number.isSafeInteger(allowed))
        return fail([`--allow-rejected: expected a non-negative integer, got ${JSON.stringify(opts.allowRejected)}`])
      if (opts.strict === true && allowed > 0)
        return fail([`--strict and --allow-rejected ${allowed}: --strict means --allow-rejected 0; give one of them`])

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
      const partitions = workers ?? defaultPartitions(sizes['--events'] ?? 0)
      const tty = ctx.io.stderrIsTTY
      const both = opts.edition === 'both'

      /** Replays under one edition into `dir`; undefined (and exit 2) when it could not. */
      const replayInto = async (edition: Edition, dir: string, shown: string): Promise<ReplayRunResult | undefined> => {
        const files = { inventory: path(opts.inventory), events: path(opts.events), outDir: dir }
        let measured: RunInfo | undefined
        // how the replay ran goes into summary.json, which is written last, once the run is complete
        const summaryFile = async (r: ReplayRunResult): Promise<unknown> => {
          let calibration: Calibration | undefined
          if (opts.calibrate === true) {
            const plain = await plainPass([files.inventory, files.events])
            calibration = { plainPassSeconds: round(plain.seconds), lines: plain.lines, speedRatio: round(plain.seconds / r.seconds) }
          }
          measured = runInfo(r, calibration)
          return { ...summaryDocument(r), run: measured }
        }
        let result
        try {
          result = await runReplay({
            ...files,
            cpl: decoded.right,
            cplFile: path(opts.cpl),
            edition,
            partitions,
            sizes: { inventory: sizes['--inventory'] ?? 0, events: sizes['--events'] ?? 0 },
            summaryFile,
            ...(tty ? { onProgress: progressBar(ctx) } : {})
          })
        } catch (e) {
          if (tty) ctx.io.stderr('\n')
          fail([(e as Error).message])
          return undefined
        }
        if (tty) ctx.io.stderr('\r' + ' '.repeat(60) + '\r')
        const s = result.summary
        const run = measured ?? runInfo(result, undefined)
        const peak = run.peakRssBytes
        const calibration = run.calibration
        const perf =
          `${fmt(s.devices.inventory)} devices, ${fmt(s.events.lines)} events in ${run.seconds.toFixed(1)} s ` +
          `(${fmt(run.eventsPerSecond)} events/s, ${result.partitions === 0 ? 'in one thread' : `${result.partitions} workers`}, peak RSS ${mb(peak)})` +
          (calibration === undefined
            ? ''
            : `; plain JSON pass ${calibration.plainPassSeconds.toFixed(1)} s: replay at ${calibration.speedRatio.toFixed(2)}× its speed`)
        if (!both) {
          ctx.io.stdout(formatSummary(s))
          ctx.io.stdout(`  ${perf}\n`)
        }
        if (!tty || both)
          ctx.io.stderr(
            `replay: ${s.edition}: ${fmt(s.devices.stillSuspended)} still suspended, ${fmt(s.devices.restored)} restored, ${fmt(s.rejected.count)} lines rejected; ${perf}\n`
          )
        if (s.rejected.count > allowed) {
          ctx.io.stderr(
            `replay: ${fmt(s.rejected.count)} lines rejected (${fmt(s.inventory.rejected)} in the inventory, ${fmt(s.events.rejected)} in the events), ` +
              `more than the ${fmt(allowed)} allowed (--allow-rejected); exit 1. The outputs are written: see ${shown}/rejected.ndjson\n`
          )
          if (s.devices.inventory === 0 && s.inventory.rejected > 0)
            ctx.io.stderr(`replay: no line of --inventory ${opts.inventory} is a device: is it the inventory?\n`)
        }
        return result
      }

      /** Writes DIR/report.html, after the results it shows. */
      const report = async (results: readonly ReplayRunResult[]): Promise<boolean> => {
        try {
          const { renderReport } = await import('../replay/report.js')
          const title = `replay: ${results.map((r) => r.summary.edition).join(' and ')}`
          const html = await renderReport(
            results.map((r) => ({ summary: r.summary, series: r.series })),
            title
          )
          await writeAtomically(join(outDir, 'report.html'), html)
          return true
        } catch (e) {
          fail([`cannot write ${join(opts.out, 'report.html')}: ${(e as Error).message}`])
          return false
        }
      }

      if (!both) {
        const result = await replayInto(opts.edition === 'baseline' ? 'baseline' : 'SECMP0105', outDir, opts.out)
        if (result === undefined || !(await report([result]))) return
        ctx.setExitCode(result.summary.rejected.count > allowed ? EXIT.failed : EXIT.ok)
        return
      }
      const baseline = await replayInto('baseline', join(outDir, 'baseline'), join(opts.out, 'baseline'))
      if (baseline === undefined) return
      const secmp = await replayInto('SECMP0105', join(outDir, 'SECMP0105'), join(opts.out, 'SECMP0105'))
      if (secmp === undefined) return
      let comparison: Comparison
      try {
        comparison = await compareEditions(outDir, baseline.summary, secmp.summary)
        await writeAtomically(join(outDir, 'comparison.json'), JSON.stringify(comparison, null, 2) + '\n')
      } catch (e) {
        return fail([(e as Error).message])
      }
      if (!(await report([baseline, secmp]))) return
      ctx.io.stdout(formatComparison(comparison))
      ctx.setExitCode(Math.max(baseline.summary.rejected.count, secmp.summary.rejected.count) > allowed ? EXIT.failed : EXIT.ok)
    })
}

const round = (x: number): number => Math.round(x * 1000) / 1000

interface Calibration {
  readonly plainPassSeconds: number
  readonly lines: number
  readonly speedRatio: number
}

/** How a replay ran, as summary.json records it under "run" (the one block that differs between two runs of the same files). */
interface RunInfo {
  readonly startedAt: string
  readonly endedAt: string
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
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    seconds: round(r.seconds),
    eventsPerSecond: Math.round(s.events.lines / r.seconds),
    linesPerSecond: Math.round((s.events.lines + s.inventory.lines) / r.seconds),
    workers: r.partitions,
    peakRssBytes: peakRssBytes(),
    ...(calibration === undefined ? {} : { calibration })
  }
}
