/**
 * `verify [FILE or DIR …]`: runs scenario files (default: the bundled specification).
 *
 * @internal
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { dirname, resolve } from 'node:path'
import { Option, type Command } from 'commander'
import { DEFAULT_EDITION, Edition } from '../../Edition.js'
import { runScenario, type ScenarioFileResult } from '../../scenario/runner.js'
import { invalid } from '../common.js'
import { describeWriteError, displayName } from '../files.js'
import { runAgainstImplementation } from '../implementation.js'
import { EXIT, type CommandContext } from '../io.js'
import { render, REPORTERS, summaryReport, textReport, type FileReport, type ReporterName, type VerifyReport } from '../reporters.js'
import { loadScenarioFiles, type LoadedFile } from '../scenarios.js'

interface VerifyOptions {
  readonly reporter: ReporterName
  readonly output?: string
  readonly onlyEdition?: Edition
  readonly edition?: Edition
  readonly summary?: boolean
  readonly implementation?: string
  readonly timeout?: string
  readonly expectedFailures?: string
}

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('verify')
    .summary('run scenario files (default: the bundled specification)')
    .description(
      'Runs scenario files (docs/specification.md §4), each scenario in the edition it names, checking every step against ' +
        'what the scenario expects: one line per scenario, then "N passed, N failed". A failed scenario stops at its first ' +
        'failing step; the steps after it are listed as not run. ' +
        'Exit 0 when every scenario passes, 1 when some fail, 2 when a file is invalid or a path cannot be read (its problems, ' +
        'each with the file and the path of the field, go to standard error; the other files still run) or when no scenario ran ' +
        '(say, none is of the edition asked for). ' +
        'Folders are searched for .json files (symbolic links are followed). Without paths, runs the specification bundled with the package.'
    )
    .argument('[paths...]', 'scenario files or folders of them ("-" reads one file from standard input)')
    .addOption(
      new Option(
        '--reporter <name>',
        'the report format: text for people, json for machines, junit (JUnit XML) for CI, html (one self-contained page) to look at'
      )
        .choices(REPORTERS)
        .default('text')
    )
    .option(
      '--output <file>',
      'write the report to this file (its folders are created); the text report then still goes to standard output'
    )
    .addOption(
      new Option(
        '--only-edition <edition>',
        'run only the scenarios written for this edition (each scenario always runs in the edition it names)'
      ).choices(Edition.values)
    )
    // `--edition` means "decide by the rules of this edition" in authorise, process and table; here it
    // would only pick scenarios, so it is refused with the name that says so
    .addOption(new Option('--edition <edition>').hideHelp())
    .option('--summary', 'print only the failures and the counts, saying what is counted (the text report)')
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
    .action(async (paths: string[], opts: VerifyOptions) => {
      if (opts.edition !== undefined) {
        return invalid(ctx, [
          `verify: --edition is not an option of verify; to run only the scenarios written for one edition, use --only-edition ${opts.edition} ` +
            '(each scenario runs in the edition it names; --edition of authorise and process chooses the rules they apply)'
        ])
      }
      ctx.setExitCode(await verify(paths, opts, ctx))
    })
}

async function verify(paths: readonly string[], opts: VerifyOptions, ctx: CommandContext): Promise<number> {
  const loaded = await loadScenarioFiles(paths, ctx.io)
  if (opts.implementation !== undefined) {
    const { onlyEdition, ...rest } = opts
    const run = await runAgainstImplementation(
      loaded,
      { ...rest, implementation: opts.implementation, ...(onlyEdition === undefined ? {} : { edition: onlyEdition }) },
      ctx.io
    )
    if (!run.ok) {
      invalid(ctx, run.messages)
      return EXIT.invalid
    }
    for (const f of run.value.files) if (!f.valid) for (const m of f.messages) ctx.io.stderr(`${m}\n`)
    const skipped = run.value.skipped ?? 0
    const noneRan =
      skipped > 0
        ? `no scenario ran against ${run.value.implementation?.name ?? opts.implementation} (${skipped} skipped: editions it does not support)`
        : nothingRan(loaded, opts.onlyEdition)
    return report(run.value, opts, ctx, noneRan)
  }
  if (opts.timeout !== undefined || opts.expectedFailures !== undefined) {
    invalid(ctx, [
      `${opts.timeout !== undefined ? '--timeout' : '--expected-failures'}: is an option of --implementation; expected --implementation "CMD" with it`
    ])
    return EXIT.invalid
  }
  const files: FileReport[] = []
  for (const f of loaded) {
    if (!f.valid) {
      for (const m of f.messages) ctx.io.stderr(`${m}\n`)
      files.push({ file: f.file, valid: false, messages: f.messages })
      continue
    }
    const scenarios = f.content.scenarios
      .map((s, i) => [s, i] as const)
      .filter(([s]) => opts.onlyEdition === undefined || (s.edition ?? DEFAULT_EDITION) === opts.onlyEdition)
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
    files.push({ file: f.file, valid: true, result, content: f.content })
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
    nothingRan(loaded, opts.onlyEdition)
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
  const text = opts.summary === true ? summaryReport(report) : textReport(report)
  const rendered = opts.reporter === 'text' ? text : render(opts.reporter, report)
  if (opts.output === undefined) {
    ctx.io.stdout(rendered)
  } else {
    const target = resolve(ctx.io.cwd, opts.output)
    try {
      // the folders it names are created: `--output reports/scenarios.xml` works on a fresh checkout
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, rendered, 'utf8')
    } catch (e) {
      invalid(ctx, [`--output ${describeWriteError(e, displayName(target, ctx.io.cwd), 'a file the report can be written to')}`])
      return EXIT.invalid
    }
    ctx.io.stdout(text)
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
