/**
 * Runs scenario files against any {@link Implementation}: the bundled specification, or a team's
 * own files, against the library, a program speaking the protocol, or an adapter to a system
 * under test. Scenarios of an edition the implementation does not support are skipped; scenarios
 * known to fail are reported as expected failures (and as unexpected passes when they pass). Pure:
 * the implementation does whatever I/O it needs.
 *
 * @since 0.2.0
 */
import { DEFAULT_EDITION, type Edition } from '../Edition.js'
import type { ScenarioFile } from '../scenario/format.js'
import { runScenarioWith, verdictOf, type Implementation, type ScenarioFileResult, type ScenarioResult } from '../scenario/runner.js'

/**
 * Options of {@link runConformance}.
 *
 * @category Running conformance
 * @since 0.2.0
 */
export interface ConformanceOptions {
  /** The editions the implementation supports (default both): scenarios of another are skipped. */
  readonly editions?: readonly Edition[]
  /** Whether the implementation reports rule ids (default true): `expect.rules` is checked only then. */
  readonly rules?: boolean
  /** Scenarios known to fail, by id, with why: `{ "scenario id": "why" }`. */
  readonly expectedFailures?: Readonly<Record<string, string>>
  /** Runs only the scenarios of this edition (the others are left out, not skipped). */
  readonly edition?: Edition
}

/**
 * The counts of a conformance run.
 *
 * @category Running conformance
 * @since 0.2.0
 */
export interface ConformanceCounts {
  readonly passed: number
  /** Failed scenarios, unexpected passes included. */
  readonly failed: number
  readonly skipped: number
  readonly expectedFailures: number
  readonly unexpectedPasses: number
}

/**
 * What a conformance run found: each file's results and the counts.
 *
 * @category Running conformance
 * @since 0.2.0
 */
export interface ConformanceResult extends ConformanceCounts {
  readonly files: readonly ScenarioFileResult[]
}

/**
 * Counts the verdicts on some scenario results.
 *
 * @example
 * import { countVerdicts } from 'suspended-device-rules/conformance'
 *
 * const base = { file: 'a.json', description: 'd', edition: 'SECMP0105', path: 'scenarios[0]', steps: [], stepCount: 1 } as const
 * const counts = countVerdicts([{ ...base, id: 'a', passed: true }, { ...base, id: 'b', passed: false, skipped: 'baseline' }])
 * console.log(counts.passed, counts.failed, counts.skipped) // 1 0 1
 *
 * @category Running conformance
 * @since 0.2.0
 */
export function countVerdicts(scenarios: readonly ScenarioResult[]): ConformanceCounts {
  const n = { passed: 0, failed: 0, skipped: 0, expectedFailures: 0, unexpectedPasses: 0 }
  for (const s of scenarios) {
    const v = verdictOf(s)
    if (v === 'passed') n.passed++
    else if (v === 'skipped') n.skipped++
    else if (v === 'expected failure') n.expectedFailures++
    else {
      n.failed++
      if (v === 'unexpected pass') n.unexpectedPasses++
    }
  }
  return n
}

/**
 * Runs decoded scenario files against an implementation, one scenario after the other, and
 * reports each scenario with its verdict.
 *
 * @example
 * import { decodeScenarioFile, libraryImplementation } from 'suspended-device-rules/scenario'
 * import { runConformance } from 'suspended-device-rules/conformance'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const read = { serviceReferenceVariant: '11.2', commandVariant: 1 }
 * const decoded = decodeScenarioFile(
 *   {
 *     scenarios: [
 *       { id: 'now', description: 'SR11.2 is let through', given: { device }, steps: [{ request: read, expect: { outcome: 'Authorised' } }] },
 *       { id: 'before', description: 'SR11.2 was refused', edition: 'baseline', given: { device }, steps: [{ request: read, expect: { outcome: 'Rejected', responseCode: 'E5' } }] }
 *     ]
 *   },
 *   'read.json'
 * )
 * if (decoded._tag === 'Right') {
 *   const result = await runConformance(libraryImplementation, [{ file: 'read.json', content: decoded.right }], { editions: ['SECMP0105'] })
 *   console.log(result.passed, result.failed, result.skipped) // 1 0 1
 * }
 *
 * @category Running conformance
 * @since 0.2.0
 */
export async function runConformance(
  implementation: Implementation,
  files: ReadonlyArray<{ readonly file: string; readonly content: ScenarioFile }>,
  options: ConformanceOptions = {}
): Promise<ConformanceResult> {
  const editions = options.editions ?? ['baseline', 'SECMP0105']
  const known = options.expectedFailures ?? {}
  const results: ScenarioFileResult[] = []
  for (const { file, content } of files) {
    const scenarios: ScenarioResult[] = []
    for (let i = 0; i < content.scenarios.length; i++) {
      const s = content.scenarios[i]!
      const edition = s.edition ?? DEFAULT_EDITION
      if (options.edition !== undefined && edition !== options.edition) continue
      const why = Object.prototype.hasOwnProperty.call(known, s.id) ? known[s.id] : undefined
      let result: ScenarioResult
      if (!editions.includes(edition)) {
        result = {
          file,
          id: s.id,
          description: s.description,
          edition,
          path: `scenarios[${i}]`,
          passed: false,
          steps: [],
          stepCount: s.steps.length,
          skipped: `the implementation does not support the ${edition} edition`
        }
      } else {
        result = await runScenarioWith(implementation, s, file, i, { checkRules: options.rules ?? true })
        if (why !== undefined) result = { ...result, knownFailure: why }
      }
      scenarios.push(result)
    }
    if (scenarios.length === 0) continue
    const n = countVerdicts(scenarios)
    results.push({
      file,
      ...(content.description === undefined ? {} : { description: content.description }),
      scenarios,
      passed: n.passed,
      failed: n.failed
    })
  }
  return { files: results, ...countVerdicts(results.flatMap((f) => f.scenarios)) }
}
