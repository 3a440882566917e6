/**
 * The reports of `verify`: text for people, JSON for machines, JUnit XML for CI systems.
 *
 * @internal
 */
import junitModule, { type Builder } from 'junit-report-builder'
import { describeFailure, verdictOf, type ScenarioFileResult, type ScenarioResult, type StepResult } from '../scenario/runner.js'

/** What `verify` found in one file: results, or why the file is invalid. */
export type FileReport =
  | { readonly file: string; readonly valid: true; readonly result: ScenarioFileResult }
  | { readonly file: string; readonly valid: false; readonly messages: readonly string[] }

export interface VerifyReport {
  readonly files: readonly FileReport[]
  readonly passed: number
  readonly failed: number
  readonly invalid: number
  /** The implementation checked, when it is not the library in this process (`--implementation`). */
  readonly implementation?: CheckedImplementation
  /** Scenarios not run (an edition the implementation does not support). */
  readonly skipped?: number
  /** Scenarios that failed and are known to (`--expected-failures`): not counted as failed. */
  readonly expectedFailures?: number
  /** Things the reader should know that are no scenario's (a program killed after `stop`). */
  readonly notes?: readonly string[]
}

/** The implementation a report is about: what it said of itself, and the command that ran it. */
export interface CheckedImplementation {
  readonly name: string
  readonly version: string
  readonly command: string
  readonly editions: readonly string[]
  /** Whether it reports rule ids; when not, `expect.rules` is not checked. */
  readonly rules: boolean
}

export const REPORTERS = ['text', 'json', 'junit'] as const
export type ReporterName = (typeof REPORTERS)[number]

/** The closing line of every text report: `N passed, N failed`, then skipped and expected failures where there are some. */
export const summaryLine = (r: {
  readonly passed: number
  readonly failed: number
  readonly skipped?: number
  readonly expectedFailures?: number
}): string => {
  const skipped = r.skipped === undefined || r.skipped === 0 ? '' : `, ${r.skipped} skipped`
  const xfail =
    r.expectedFailures === undefined || r.expectedFailures === 0
      ? ''
      : `, ${r.expectedFailures} expected failure${r.expectedFailures === 1 ? '' : 's'}`
  return `${r.passed} passed, ${r.failed} failed${skipped}${xfail}`
}

/** The implementation in one line: `Name 1.2.3 (command: "…")`. */
export const implementationLine = (i: CheckedImplementation): string =>
  `${i.name} ${i.version} (command: ${JSON.stringify(i.command)}; editions: ${i.editions.join(', ')})`

/** The implementation's standard error, as the report shows it under a failed step. */
const diagnosticsOf = (step: StepResult | undefined): string | undefined => step?.diagnostics

const MARK = { passed: 'PASS', failed: 'FAIL', skipped: 'SKIP', 'expected failure': 'XFAIL', 'unexpected pass': 'XPASS' } as const

/** Why a scenario is what it is, in words (empty for a plain pass). */
export function verdictText(s: ScenarioResult): string {
  const failure = s.failure === undefined ? '' : describeFailure(s.failure, s.stepCount)
  switch (verdictOf(s)) {
    case 'passed':
      return ''
    case 'failed':
      return failure
    case 'skipped':
      return `skipped: ${s.skipped ?? ''}`
    case 'expected failure':
      return `expected failure (${s.knownFailure ?? ''}): ${failure}`
    case 'unexpected pass':
      return `unexpected pass: listed as known to fail (${s.knownFailure ?? ''}), yet it passed; remove it from the expected failures`
  }
}

/** One line per scenario: PASS, FAIL, SKIP, XFAIL or XPASS, id, description; then why, when it did not simply pass. */
export function scenarioLine(s: ScenarioResult): string {
  const head = `${MARK[verdictOf(s)]}  ${s.id}  ${s.description}`
  const why = verdictText(s)
  return why === '' ? head : `${head}  —  ${why}`
}

/** The text report (standard output). Invalid files are listed on standard error by the command. */
export function textReport(report: VerifyReport): string {
  const lines: string[] = []
  const impl = report.implementation
  if (impl !== undefined) {
    lines.push(`implementation: ${implementationLine(impl)}`)
    if (!impl.rules) lines.push('  it does not report rule ids: expect.rules is not checked')
  }
  for (const f of report.files) {
    if (!f.valid) {
      lines.push(`${f.file}: INVALID (see standard error)`)
      continue
    }
    lines.push(f.result.description === undefined ? f.file : `${f.file} — ${f.result.description}`)
    for (const s of f.result.scenarios) {
      lines.push(`  ${scenarioLine(s)}`)
      const stderr = diagnosticsOf(s.failure)
      if (stderr !== undefined) lines.push(...`its standard error:\n${stderr.trimEnd()}`.split('\n').map((l) => `      ${l}`))
    }
  }
  for (const note of report.notes ?? []) lines.push(`note: ${note}`)
  lines.push(summaryLine(report))
  return `${lines.join('\n')}\n`
}

/** The JSON report: every file, scenario and step run, with the rules that decided. */
export function jsonReport(report: VerifyReport): string {
  const files = report.files.map((f) =>
    f.valid
      ? {
          file: f.file,
          valid: true,
          ...(f.result.description === undefined ? {} : { description: f.result.description }),
          passed: f.result.passed,
          failed: f.result.failed,
          scenarios: f.result.scenarios.map((s) => ({
            id: s.id,
            description: s.description,
            edition: s.edition,
            path: s.path,
            passed: s.passed,
            verdict: verdictOf(s),
            ...(s.skipped === undefined ? {} : { skipped: s.skipped }),
            ...(s.knownFailure === undefined ? {} : { knownFailure: s.knownFailure }),
            ...(s.failure === undefined ? {} : { failure: describeFailure(s.failure, s.stepCount) }),
            steps: s.steps.map((st) => ({
              index: st.index,
              path: st.path,
              kind: st.kind,
              label: st.label,
              passed: st.passed,
              rules: st.rules,
              expected: st.expected,
              happened: st.happened,
              mismatches: st.mismatches,
              ...(st.error === undefined ? {} : { error: { message: st.error.message, issues: st.error.issues } }),
              ...(st.diagnostics === undefined ? {} : { stderr: st.diagnostics })
            }))
          }))
        }
      : { file: f.file, valid: false, errors: f.messages }
  )
  const summary = {
    ...(report.implementation === undefined ? {} : { implementation: report.implementation }),
    passed: report.passed,
    failed: report.failed,
    invalid: report.invalid,
    ...(report.skipped === undefined ? {} : { skipped: report.skipped }),
    ...(report.expectedFailures === undefined ? {} : { expectedFailures: report.expectedFailures }),
    ...(report.notes === undefined || report.notes.length === 0 ? {} : { notes: report.notes })
  }
  return `${JSON.stringify({ ...summary, files }, null, 2)}\n`
}

// The package is CommonJS (`module.exports = builder`) while its types declare an ES default
// export: take whichever the module system handed us.
const junit: Builder = ((junitModule as unknown as { default?: Builder }).default ?? junitModule) as unknown as Builder

/**
 * The JUnit XML report: a test suite per file, a test case per scenario (class name: the file;
 * name: id and description), a failure per failed scenario, an error per invalid file.
 */
export function junitReport(report: VerifyReport): string {
  const builder = junit.newBuilder()
  const impl = report.implementation
  builder.name(impl === undefined ? 'suspended-device-rules verify' : `suspended-device-rules verify: ${impl.name} ${impl.version}`)
  for (const f of report.files) {
    const suite = builder.testSuite().name(f.file)
    if (impl !== undefined) {
      suite.property('implementation', `${impl.name} ${impl.version}`).property('command', impl.command)
      if (!impl.rules) suite.property('rules', 'not reported: expect.rules is not checked')
    }
    if (!f.valid) {
      suite
        .testCase()
        .className(f.file)
        .name('scenario file structure')
        .error(f.messages[0] ?? 'invalid scenario file', 'InvalidScenarioFile', f.messages.join('\n'))
      continue
    }
    for (const s of f.result.scenarios) {
      const tc = suite.testCase().className(f.file).name(`${s.id}: ${s.description}`).property('edition', s.edition)
      const verdict = verdictOf(s)
      if (verdict === 'skipped') {
        tc.skipped().property('skipped', s.skipped ?? '')
        continue
      }
      if (s.knownFailure !== undefined) tc.property('known failure', s.knownFailure)
      if (verdict === 'unexpected pass') tc.failure(verdictText(s), 'UnexpectedPass')
      const stderr = diagnosticsOf(s.failure)
      if (stderr !== undefined) tc.standardError(stderr)
      if (s.failure !== undefined) {
        if (verdict === 'failed') tc.failure(describeFailure(s.failure, s.stepCount), 'ScenarioFailed')
        tc.standardOutput(
          s.steps
            .map(
              (st) =>
                `step ${st.index + 1} ${st.passed ? 'passed' : 'FAILED'}: ${st.label} -> ${st.happened}${st.rules.length > 0 ? ` [${st.rules.join(', ')}]` : ''}`
            )
            .join('\n')
        )
      }
    }
  }
  return `${builder.build()}\n`
}

export function render(name: ReporterName, report: VerifyReport): string {
  return name === 'json' ? jsonReport(report) : name === 'junit' ? junitReport(report) : textReport(report)
}
