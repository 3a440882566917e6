/**
 * The reports of `verify`: text for people, JSON for machines, JUnit XML for CI systems.
 *
 * @internal
 */
import type { ScenarioFile } from '../scenario/format.js'
import {
  describeFailure,
  describeMismatch,
  verdictOf,
  type ScenarioFileResult,
  type ScenarioResult,
  type StepResult
} from '../scenario/runner.js'
import { htmlReport } from './html.js'
import { junitXml, type JUnitCase, type JUnitSuite } from './junit.js'

/** What `verify` found in one file: results, or why the file is invalid. */
export type FileReport =
  | {
      readonly file: string
      readonly valid: true
      readonly result: ScenarioFileResult
      /** The file's scenarios as read (the HTML report runs them in the other edition too). */
      readonly content?: ScenarioFile
    }
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

export const REPORTERS = ['text', 'json', 'junit', 'html'] as const
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

/** Why a scenario is what it is, in words (empty for a plain pass), on one line. */
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

/**
 * One line per scenario: PASS, FAIL, SKIP, XFAIL or XPASS, id, description; for a skipped scenario,
 * an expected failure or an unexpected pass, why. What went wrong in a failed step follows on lines
 * of its own ({@link failureLines}).
 */
export function scenarioLine(s: ScenarioResult): string {
  const head = `${MARK[verdictOf(s)]}  ${s.id}  ${s.description}`
  switch (verdictOf(s)) {
    case 'passed':
    case 'failed':
      return head
    case 'expected failure':
      return `${head}  —  expected failure (${s.knownFailure ?? ''})`
    case 'skipped':
    case 'unexpected pass':
      return `${head}  —  ${verdictText(s)}`
  }
}

/**
 * What went wrong in a failed scenario, a short line each, indented under its FAIL line: the step
 * that failed and where it is in the file, each expectation that did not hold, the rules that
 * decided, and the steps that were therefore not run.
 */
export function failureLines(s: ScenarioResult): string[] {
  const f = s.failure
  if (f === undefined) return []
  const lines = [`step ${f.index + 1} of ${s.stepCount}, ${f.label}, at ${f.path}`]
  for (const m of f.mismatches) {
    if (m.items === undefined) {
      lines.push(`  ${describeMismatch(m)}`)
    } else if (m.subject === 'error') {
      // a refused input: each problem on its own line
      lines.push(`  the input was refused as invalid (a step meant to show a refusal expects { "error": true }):`)
      for (const a of m.items.actual) lines.push(`    ${a}`)
    } else {
      lines.push(`  ${m.subject}:`)
      for (const e of m.items.expected) lines.push(`    expected ${e}`)
      if (m.items.expected.length === 0) lines.push('    expected none')
      for (const a of m.items.actual) lines.push(`    got      ${a}`)
      if (m.items.actual.length === 0) lines.push('    got      none')
    }
  }
  if (f.rules.length > 0) lines.push(`  decided by ${f.rules.join(', ')}`)
  const notRun = s.notRun ?? []
  if (notRun.length > 0)
    lines.push(
      `not run: ${notRun.map((n) => `step ${n.index + 1}, ${n.label}`).join('; ')} (they would start from a state the scenario did not mean)`
    )
  return lines
}

/** A scenario's lines in a text report: its line, what went wrong, and the implementation's standard error. */
function scenarioLines(s: ScenarioResult): string[] {
  const lines = [`  ${scenarioLine(s)}`, ...failureLines(s).map((l) => `        ${l}`)]
  const stderr = diagnosticsOf(s.failure)
  if (stderr !== undefined) lines.push(...`its standard error:\n${stderr.trimEnd()}`.split('\n').map((l) => `      ${l}`))
  return lines
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
    for (const s of f.result.scenarios) lines.push(...scenarioLines(s))
  }
  for (const note of report.notes ?? []) lines.push(`note: ${note}`)
  lines.push(summaryLine(report))
  return `${lines.join('\n')}\n`
}

/**
 * The short text report of `verify --summary`: the scenarios that did not simply pass (with what
 * went wrong), then what was counted, in plain words, then the counts.
 */
export function summaryReport(report: VerifyReport): string {
  const lines: string[] = []
  let scenarios = 0
  for (const f of report.files) {
    if (!f.valid) {
      lines.push(`${f.file}: INVALID (see standard error)`)
      continue
    }
    scenarios += f.result.scenarios.length
    const shown = f.result.scenarios.filter((s) => verdictOf(s) !== 'passed')
    if (shown.length > 0) lines.push(f.file)
    for (const s of shown) lines.push(...scenarioLines(s))
  }
  for (const note of report.notes ?? []) lines.push(`note: ${note}`)
  const valid = report.files.filter((f) => f.valid).length
  lines.push(
    `verify ran ${scenarios} scenario${scenarios === 1 ? '' : 's'} from ${valid} file${valid === 1 ? '' : 's'}, each one journey in the edition it names,`,
    'and checked every step against what the scenario expects (one line per scenario: verify without --summary):'
  )
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
            ...(s.notRun === undefined || s.notRun.length === 0 ? {} : { notRun: s.notRun }),
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

/**
 * The JUnit XML report: a test suite per file, a test case per scenario (class name: the file;
 * name: id and description), a failure per failed scenario (and per unexpected pass), a skipped
 * test case per skipped scenario, an error per invalid file; the implementation checked, when it is
 * not the library, as properties of each suite.
 */
export function junitReport(report: VerifyReport): string {
  const impl = report.implementation
  const suiteProperties: Array<readonly [string, string]> =
    impl === undefined
      ? []
      : [
          ['implementation', `${impl.name} ${impl.version}`],
          ['command', impl.command],
          ...(impl.rules ? [] : [['rules', 'not reported: expect.rules is not checked'] as const])
        ]
  const suites: JUnitSuite[] = report.files.map((f): JUnitSuite => {
    if (!f.valid) {
      return {
        name: f.file,
        properties: suiteProperties,
        cases: [
          {
            classname: f.file,
            name: 'scenario file structure',
            error: { message: f.messages[0] ?? 'invalid scenario file', type: 'InvalidScenarioFile', details: f.messages.join('\n') }
          }
        ]
      }
    }
    const cases = f.result.scenarios.map((s): JUnitCase => {
      const base = { classname: f.file, name: `${s.id}: ${s.description}` }
      const verdict = verdictOf(s)
      if (verdict === 'skipped')
        return {
          ...base,
          properties: [
            ['edition', s.edition],
            ['skipped', s.skipped ?? '']
          ],
          skipped: true
        }
      const properties: Array<readonly [string, string]> = [['edition', s.edition]]
      if (s.knownFailure !== undefined) properties.push(['known failure', s.knownFailure])
      const stderr = diagnosticsOf(s.failure)
      const steps =
        s.failure === undefined
          ? undefined
          : s.steps
              .map(
                (st) =>
                  `step ${st.index + 1} ${st.passed ? 'passed' : 'FAILED'}: ${st.label} -> ${st.happened}${st.rules.length > 0 ? ` [${st.rules.join(', ')}]` : ''}`
              )
              .concat((s.notRun ?? []).map((n) => `step ${n.index + 1} not run: ${n.label}`))
              .join('\n')
      const failure =
        verdict === 'unexpected pass'
          ? { message: verdictText(s), type: 'UnexpectedPass' }
          : verdict === 'failed' && s.failure !== undefined
            ? { message: describeFailure(s.failure, s.stepCount), type: 'ScenarioFailed' }
            : undefined
      return {
        ...base,
        properties,
        ...(failure === undefined ? {} : { failure }),
        ...(steps === undefined ? {} : { systemOut: steps }),
        ...(stderr === undefined ? {} : { systemErr: stderr })
      }
    })
    return { name: f.file, properties: suiteProperties, cases }
  })
  return junitXml(
    impl === undefined ? 'suspended-device-rules verify' : `suspended-device-rules verify: ${impl.name} ${impl.version}`,
    suites
  )
}

export function render(name: ReporterName, report: VerifyReport): string {
  switch (name) {
    case 'json':
      return jsonReport(report)
    case 'junit':
      return junitReport(report)
    case 'html':
      return htmlReport(report)
    case 'text':
      return textReport(report)
  }
}
