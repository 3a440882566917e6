/**
 * The reports of `verify`: text for people, JSON for machines, JUnit XML for CI systems.
 *
 * @internal
 */
import type { ScenarioFile } from '../scenario/format.js'
import { htmlReport } from './html.js'
import { junitXml, type JUnitCase, type JUnitSuite } from './junit.js'
import { describeFailure, describeMismatch, type ScenarioFileResult, type ScenarioResult } from '../scenario/runner.js'

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
}

export const REPORTERS = ['text', 'json', 'junit', 'html'] as const
export type ReporterName = (typeof REPORTERS)[number]

/** The closing line of every text report. */
export const summaryLine = (r: { readonly passed: number; readonly failed: number }): string => `${r.passed} passed, ${r.failed} failed`

/** One line per scenario: PASS or FAIL, id, description. */
export function scenarioLine(s: ScenarioResult): string {
  return `${s.passed ? 'PASS' : 'FAIL'}  ${s.id}  ${s.description}`
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
  if (s.notRun.length > 0)
    lines.push(
      `not run: ${s.notRun.map((n) => `step ${n.index + 1}, ${n.label}`).join('; ')} (they would start from a state the scenario did not mean)`
    )
  return lines
}

/** The text report (standard output). Invalid files are listed on standard error by the command. */
export function textReport(report: VerifyReport): string {
  const lines: string[] = []
  for (const f of report.files) {
    if (!f.valid) {
      lines.push(`${f.file}: INVALID (see standard error)`)
      continue
    }
    lines.push(f.result.description === undefined ? f.file : `${f.file} — ${f.result.description}`)
    for (const s of f.result.scenarios) {
      lines.push(`  ${scenarioLine(s)}`)
      for (const l of failureLines(s)) lines.push(`        ${l}`)
    }
  }
  lines.push(summaryLine(report))
  return `${lines.join('\n')}\n`
}

/**
 * The short text report of `verify --summary`: the failed scenarios only (with what went wrong),
 * then what was counted, in plain words, then the counts.
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
    const failed = f.result.scenarios.filter((s) => !s.passed)
    if (failed.length > 0) lines.push(f.file)
    for (const s of failed) {
      lines.push(`  ${scenarioLine(s)}`)
      for (const l of failureLines(s)) lines.push(`        ${l}`)
    }
  }
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
            ...(s.failure === undefined ? {} : { failure: describeFailure(s.failure, s.stepCount) }),
            ...(s.notRun.length === 0 ? {} : { notRun: s.notRun }),
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
              ...(st.error === undefined ? {} : { error: { message: st.error.message, issues: st.error.issues } })
            }))
          }))
        }
      : { file: f.file, valid: false, errors: f.messages }
  )
  return `${JSON.stringify({ passed: report.passed, failed: report.failed, invalid: report.invalid, files }, null, 2)}\n`
}

/**
 * The JUnit XML report: a test suite per file, a test case per scenario (class name: the file;
 * name: id and description), a failure per failed scenario, an error per invalid file.
 */
export function junitReport(report: VerifyReport): string {
  const suites: JUnitSuite[] = report.files.map((f) =>
    f.valid
      ? {
          name: f.file,
          cases: f.result.scenarios.map((s): JUnitCase => ({
            classname: f.file,
            name: `${s.id}: ${s.description}`,
            properties: [['edition', s.edition]],
            ...(s.failure === undefined
              ? {}
              : {
                  failure: { message: describeFailure(s.failure, s.stepCount), type: 'ScenarioFailed' },
                  systemOut: s.steps
                    .map(
                      (st) =>
                        `step ${st.index + 1} ${st.passed ? 'passed' : 'FAILED'}: ${st.label} -> ${st.happened}${st.rules.length > 0 ? ` [${st.rules.join(', ')}]` : ''}`
                    )
                    .concat(s.notRun.map((n) => `step ${n.index + 1} not run: ${n.label}`))
                    .join('\n')
                })
          }))
        }
      : {
          name: f.file,
          cases: [
            {
              classname: f.file,
              name: 'scenario file structure',
              error: { message: f.messages[0] ?? 'invalid scenario file', type: 'InvalidScenarioFile', details: f.messages.join('\n') }
            }
          ]
        }
  )
  return junitXml('suspended-device-rules verify', suites)
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
