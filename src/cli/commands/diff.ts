/**
 * `diff [FILE or DIR …]`: the scenario steps whose outcome differs between `baseline` and
 * `SECMP0105` — the reviewer's view of what the modification changes.
 *
 * @internal
 */
import type { Command } from 'commander'
import { diffEditions, type EditionOutcome } from '../../scenario/diff.js'
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

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('diff')
    .summary('list the scenario steps whose outcome differs between baseline and SECMP0105')
    .description(
      "Runs every scenario's inputs (default: the bundled specification) in both editions, each edition threading " +
        'its own device and CPL, and prints every step whose outcome differs: what SECMP0105 changes. ' +
        'Scenarios with the same starting state and inputs are compared once. Expectations are not checked ' +
        '(that is what verify does). Exit 0, or 2 when a file is invalid.'
    )
    .argument('[paths...]', 'scenario files or folders of them ("-" reads one file from standard input)')
    .action(async (paths: string[]) => {
      const loaded = await loadScenarioFiles(paths, ctx.io)
      if (!loaded.ok) return invalid(ctx, loaded.messages)
      const bad = loaded.value.flatMap((f) => (f.valid ? [] : f.messages))
      if (bad.length > 0) return invalid(ctx, bad)
      const files = loaded.value.flatMap((f) => (f.valid ? [{ file: f.file, content: f.content as ScenarioFile }] : []))
      const diff = diffEditions(files)
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
      lines.push(
        `${diff.differences.length} of ${diff.steps} steps differ, in ${new Set(diff.differences.map((d) => d.scenarios.join())).size} of ${diff.journeys} journeys`
      )
      ctx.io.stdout(`${lines.join('\n')}\n`)
      ctx.setExitCode(EXIT.ok)
    })
}
