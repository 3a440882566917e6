/**
 * `diff [FILE or DIR …]`: the scenario steps whose outcome differs between `baseline` and
 * `SECMP0105` — the reviewer's view of what the modification changes.
 *
 * @internal
 */
import type { Command } from 'commander'
import { diffEditions, type EditionDiff, type EditionDifference, type EditionOutcome } from '../../scenario/diff.js'
import type { ScenarioFile } from '../../scenario/format.js'
import { invalid } from '../common.js'
import { EXIT, type CommandContext } from '../io.js'
import { loadScenarioFiles } from '../scenarios.js'

const outcome = (o: EditionOutcome): string => `${o.happened}${o.rules.length > 0 ? ` [${o.rules.join(', ')}]` : ''}`

/** The scenarios of a journey: `x` for `x@baseline, x@SECMP0105`, else their ids. */
function journeyName(ids: readonly string[]): string {
  const bases = new Set(ids.map((id) => id.replace(/@(baseline|SECMP0105)$/, '')))
  return bases.size === 1 && ids.length > 1 ? ([...bases][0] as string) : ids.join(', ')
}

const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`

/**
 * What a step's kind of change is, leaving out the particulars (firmware versions, identifiers):
 * the SRV and direction of the step, and for each edition the gist of what it decided and the
 * rules. Differences of one kind are counted together in the summary.
 */
function kindOfChange(d: EditionDifference): string {
  const step = d.label.replace(/ \(.*\)$/, '').replace(/^CPL removal of .*$/, 'CPL removal')
  return `${step}: baseline ${gist(d.baseline)}; SECMP0105 ${gist(d.SECMP0105)}`
}

function gist(o: EditionOutcome): string {
  const h = o.happened
  const rules = o.rules.length > 0 ? ` (${o.rules.join(', ')})` : ''
  if (h.startsWith('refused as invalid input')) return 'refuses the input'
  if (/^(Authorised|Rejected)/.test(h)) return `${h}${rules}`
  const status = /status "(\w+)" → "(\w+)"/.exec(h)
  const alerts = /alerts (.*)$/.exec(h)
  const change =
    status !== null
      ? `${status[2] === 'Suspended' ? 'suspends' : status[1] === 'Suspended' ? 'restores' : 'changes the status of'} the device`
      : h.startsWith('device unchanged')
        ? 'leaves the device unchanged'
        : /^device firmwareVersion "[^"]*" → "[^"]*";/.test(h)
          ? 'updates the firmware version'
          : 'changes the device record'
  const codes = alerts === null ? [] : [...new Set([...(alerts[1] ?? '').matchAll(/\b(N\d+)\b/g)].map((m) => m[1]))]
  return `${change}${codes.length > 0 ? `, alerts ${codes.join(', ')}` : ''}${rules}`
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .summary('list the scenario steps whose outcome differs between baseline and SECMP0105')
    .description(
      "Runs every scenario's inputs (default: the bundled specification) in both editions, each edition threading " +
        'its own device and CPL, and prints every step whose outcome differs: what SECMP0105 changes. ' +
        'Scenarios with the same starting state and inputs (a journey written once per edition) are compared once. ' +
        'Expectations are not checked (that is what verify does). Exit 0, or 2 when a file is invalid or a path cannot be ' +
        'read (the other files are still compared).'
    )
    .argument('[paths...]', 'scenario files or folders of them ("-" reads one file from standard input)')
    .option('--summary', 'print the kinds of difference and how often each occurs, instead of every step')
    .action(async (paths: string[], opts: { summary?: boolean }) => {
      const loaded = await loadScenarioFiles(paths, ctx.io)
      const bad = loaded.flatMap((f) => (f.valid ? [] : f.messages))
      const files = loaded.flatMap((f) => (f.valid ? [{ file: f.file, content: f.content as ScenarioFile }] : []))
      const diff = diffEditions(files)
      const journeys = new Set(diff.differences.map((d) => d.scenarios.join())).size
      const counted = `${plural(diff.differences.length, 'step')} of ${diff.steps}, in ${journeys} of ${plural(diff.journeys, 'journey')}, decide differently`
      ctx.io.stdout(opts.summary === true ? summary(diff, counted) : full(diff, counted))
      if (bad.length > 0) {
        const n = loaded.filter((f) => !f.valid).length
        invalid(ctx, [
          ...bad,
          `${plural(n, 'scenario file is', 'scenario files are')} invalid; the differences above leave ${n === 1 ? 'it' : 'them'} out`
        ])
        return
      }
      ctx.setExitCode(EXIT.ok)
    })
}

/** What a journey is, said once under the counts. */
const JOURNEY =
  'A journey is a starting state and its steps, counted once however many editions it is written for.\n' +
  'diff runs its inputs in both editions and does not check what the scenarios expect: verify does that.'

function full(diff: EditionDiff, counted: string): string {
  const lines: string[] = ['What SECMP0105 changes: the scenario steps whose outcome differs from baseline', '']
  let previous: string | undefined
  for (const d of diff.differences) {
    const journey = `${journeyName(d.scenarios)} (${d.file})`
    if (journey !== previous) lines.push(journey)
    previous = journey
    lines.push(`  step ${d.step + 1} of ${d.stepCount}, ${d.label}`)
    lines.push(`    baseline:  ${outcome(d.baseline)}`)
    lines.push(`    SECMP0105: ${outcome(d.SECMP0105)}`)
  }
  if (diff.differences.length > 0) lines.push('')
  lines.push(counted, JOURNEY)
  return `${lines.join('\n')}\n`
}

function summary(diff: EditionDiff, counted: string): string {
  const kinds = new Map<string, number>()
  for (const d of diff.differences) kinds.set(kindOfChange(d), (kinds.get(kindOfChange(d)) ?? 0) + 1)
  const lines: string[] = [
    `What SECMP0105 changes: ${counted}${diff.differences.length > 0 ? ':' : ''}`,
    ...[...kinds].sort(([, a], [, b]) => b - a).map(([kind, n]) => `  ${String(n).padStart(3)} × ${kind}`),
    JOURNEY,
    'Every differing step, with what each edition did: diff without --summary.'
  ]
  return `${lines.join('\n')}\n`
}
