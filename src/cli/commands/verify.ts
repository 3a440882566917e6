/**
 * `verify [FILE or DIR …]`: runs scenario files (default: the bundled specification).
 *
 * @internal
 */
import { writeFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { DEFAULT_EDITION, type Edition } from '../../Edition.js'
import { runScenario, type ScenarioFileResult } from '../../scenario/runner.js'
import { editionOption, invalid } from '../common.js'
import { describeWriteError, displayName } from '../files.js'
import { runAgainstImplementation } from '../implementation.js'
import { EXIT, type CommandContext } from '../io.js'
import { render, REPORTERS, textReport, type FileReport, type ReporterName, type VerifyReport } from '../reporters.js'
import { loadScenarioFiles, type LoadedFile } from '../scenarios.js'

interface VerifyOptions {
  readonly reporter: ReporterName
  readonly output?: string
  readonly edition?: Edition
  readonly implementation?: string
  readonly timeout?: string
  readonly expectedFailures?: string
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .summary('run scenario files (default: the bundled specification)')
    .description(
      'Runs scenario files (docs/specification.md §4): one line per scenario, then "N passed, N failed". ' +
        'Exit 0 when every scenario passes, 1 when some fail, 2 when a file is invalid (its problems, each with ' +
        'the file and the path of the field, go to standard error; the other files still run) or when no scenario ran ' +
        '(say, none is of the edition asked for). ' +
        'Folders are searched for .json files (symbolic links are followed). Without paths, runs the specification bundled with the package.'
    )
    .argument('[paths...]', 'scenario files or folders of them ("-" reads one file from standard input)')
    .addOption(
      new Option('--reporter <name>', 'the report format: text for people, json for machines, junit (JUnit XML) for CI')
        .choices(REPORTERS)
        .default('text')
    )
    .option('--output <file>', 'write the report to this file; the text report then still goes to standard output')
    .addOption(editionOption('run only the scenarios of this edition'))
    .option(
      '--implementation <command>',
      'run the scenarios against this program instead of the library: it is started through the shell and ' +
        'spoken to through the conformance protocol (docs/specification.md §6) on its standard input and output'
    )
    .option('--timeout <ms>', 'with --implementation: how long to wait for each answer, in milliseconds (default 10000)')
    .option(
      '--expected-failures <file>',
      'with --implementation: a JSON object { "scenario id": "why it is known to fail" }; such a scenario failing ' +
        'is an expected failure, not counted as failed; passing, it is an unexpected pass, counted as failed'
    )
    .action(async (paths: string[], opts: VerifyOptions) => ctx.setExitCode(await verify(paths, opts, ctx)))
}

async function verify(paths: readonly string[], opts: VerifyOptions, ctx: CommandContext): Promise<number> {
  const loaded = await loadScenarioFiles(paths, ctx.io)
  if (!loaded.ok) {
    invalid(ctx, loaded.messages)
    return EXIT.invalid
  }
  if (opts.implementation !== undefined) {
    const run = await runAgainstImplementation(loaded.value, { ...opts, implementation: opts.implementation }, ctx.io)
    if (!run.ok) {
      invalid(ctx, run.messages)
      return EXIT.invalid
    }
    for (const f of run.value.files) if (!f.valid) for (const m of f.messages) ctx.io.stderr(`${m}\n`)
    const skipped = run.value.skipped ?? 0
    const noneRan =
      skipped > 0
        ? `no scenario ran against ${run.value.implementation?.name ?? opts.implementation} (${skipped} skipped: editions it does not support)`
        : nothingRan(loaded.value, opts.edition)
    return report(run.value, opts, ctx, noneRan)
  }
  if (opts.timeout !== undefined || opts.expectedFailures !== undefined) {
    invalid(ctx, [
      `${opts.timeout !== undefined ? '--timeout' : '--expected-failures'}: is an option of --implementation; expected --implementation "CMD" with it`
    ])
    return EXIT.invalid
  }
  const files: FileReport[] = []
  for (const f of loaded.value) {
    if (!f.valid) {
      for (const m of f.messages) ctx.io.stderr(`${m}\n`)
      files.push({ file: f.file, valid: false, messages: f.messages })
      continue
    }
    const scenarios = f.content.scenarios
      .map((s, i) => [s, i] as const)
      .filter(([s]) => opts.edition === undefined || (s.edition ?? DEFAULT_EDITION) === opts.edition)
      .map(([s, i]) => runScenario(s, f.file, i))
    if (scenarios.length === 0) continue
    const passed = scenarios.filter((s) => s.passed).length
    const result: ScenarioFileResult = {
      file: f.file,
      ...(f.content.description === undefined ? {} : { description: f.content.description }),
      scenarios,
      passed,
      failed: scenarios.length - passed
    }
    files.push({ file: f.file, valid: true, result })
  }
  return report(
    {
      files,
      passed: files.reduce((n, f) => n + (f.valid ? f.result.passed : 0), 0),
      failed: files.reduce((n, f) => n + (f.valid ? f.result.failed : 0), 0),
      invalid: files.filter((f) => !f.valid).length
    },
    opts,
    ctx,
    nothingRan(loaded.value, opts.edition)
  )
}

/** Why no scenario ran, when none did: the files hold none, or none of the edition asked for. */
function nothingRan(loaded: readonly LoadedFile[], edition: Edition | undefined): string {
  const valid = loaded.length
  const scenariosInFiles = loaded.reduce((n, f) => n + (f.valid ? f.content.scenarios.length : 0), 0)
  return `no scenario ran: ${
    edition === undefined
      ? `the ${valid} file${valid === 1 ? '' : 's'} given hold${valid === 1 ? 's' : ''} no scenario`
      : `none of the ${scenariosInFiles} scenario${scenariosInFiles === 1 ? '' : 's'} in the ${valid} file${valid === 1 ? '' : 's'} given is of edition ${edition}`
  }`
}

/** Writes the report (to standard output, or to --output and the text report to standard output) and returns the exit code. */
async function report(report: VerifyReport, opts: VerifyOptions, ctx: CommandContext, noneRan: string): Promise<number> {
  const text = render(opts.reporter, report)
  if (opts.output === undefined) {
    ctx.io.stdout(text)
  } else {
    const target = resolve(ctx.io.cwd, opts.output)
    try {
      await writeFile(target, text, 'utf8')
    } catch (e) {
      invalid(ctx, [`--output ${describeWriteError(e, displayName(target, ctx.io.cwd), 'a file the report can be written to')}`])
      return EXIT.invalid
    }
    ctx.io.stdout(opts.reporter === 'text' ? text : textReport(report))
  }
  if (report.invalid > 0) {
    ctx.io.stderr(`${report.invalid} scenario file${report.invalid === 1 ? ' is' : 's are'} invalid\n`)
    return EXIT.invalid
  }
  if (report.passed + report.failed + (report.expectedFailures ?? 0) === 0) {
    // nothing ran: that is no evidence of anything, so it is not a success
    ctx.io.stderr(`${noneRan}; expected at least one scenario to run\n`)
    return EXIT.invalid
  }
  return report.failed > 0 ? EXIT.failed : EXIT.ok
}
