/**
 * The reports of `verify`: text for people, JSON for machines, JUnit XML for CI systems.
 *
 * @internal
 */
import { junitXml, type JUnitCase, type JUnitSuite } from './junit.js'
import { describeFailure, type ScenarioFileResult, type ScenarioResult } from '../scenario/runner.js'

/** What `verify` found in one file: results, or why the file is invalid. */
export type FileReport =
  | { readonly file: string; readonly valid: true; readonly result: ScenarioFileResult }
  | { readonly file: string; readonly valid: false; readonly messages: readonly string[] }

export interface VerifyReport {
  readonly files: readonly FileReport[]
  readonly passed: number
  readonly failed: number
  readonly invalid: number
}

export const REPORTERS = ['text', 'json', 'junit'] as const
export type ReporterName = (typeof REPORTERS)[number]

/** The closing line of every text report. */
export const summaryLine = (r: { readonly passed: number; readonly failed: number }): string => `${r.passed} passed, ${r.failed} failed`

/** One line per scenario: PASS or FAIL, id, description; on failure the step and what went wrong. */
export function scenarioLine(s: ScenarioResult): string {
  const head = `${s.passed ? 'PASS' : 'FAIL'}  ${s.id}  ${s.description}`
  return s.failure === undefined ? head : `${head}  —  ${describeFailure(s.failure, s.stepCount)}`
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
    for (const s of f.result.scenarios) lines.push(`  ${scenarioLine(s)}`)
  }
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
          cases: f.result.scenarios.map(
            (s): JUnitCase => ({
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
                      .join('\n')
                  })
            })
          )
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
  return name === 'json' ? jsonReport(report) : name === 'junit' ? junitReport(report) : textReport(report)
}
