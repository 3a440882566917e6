/**
 * What SECMP0105 changes: runs every scenario's inputs in both editions and lists the steps whose
 * outcome differs. The expectations are not consulted: this is about what the rules decide.
 *
 * @since 0.1.0
 */
import type { Edition } from '../Edition.js'
import type { RuleId } from '../rules/Rule.js'
import type { Scenario, ScenarioFile, Step } from './format.js'
import { deepEqual } from './match.js'
import { describeOutcome, executeStep, initialState, stepLabel, type StepOutcome } from './runner.js'

/**
 * What one edition decided for a step.
 *
 * @category Comparing editions
 * @since 0.1.0
 */
export interface EditionOutcome {
  readonly happened: string
  readonly rules: readonly RuleId[]
}

/**
 * A step whose outcome differs between the editions. Scenarios with the same starting state and
 * the same inputs (the same journey written once per edition) are listed together.
 *
 * @category Comparing editions
 * @since 0.1.0
 */
export interface EditionDifference {
  readonly file: string
  /** Ids of the scenarios that share these inputs. */
  readonly scenarios: readonly string[]
  readonly description: string
  /** Position of the step, from 0. */
  readonly step: number
  readonly stepCount: number
  readonly label: string
  readonly baseline: EditionOutcome
  readonly SECMP0105: EditionOutcome
}

/**
 * @category Comparing editions
 * @since 0.1.0
 */
export interface EditionDiff {
  readonly differences: readonly EditionDifference[]
  /** Distinct journeys compared (scenarios with the same inputs count once). */
  readonly journeys: number
  /** Steps compared, over those journeys. */
  readonly steps: number
}

/**
 * JSON with sorted keys, for telling journeys apart. Iterative (a stack of what is left to write),
 * so any nesting depth is written without overflowing the call stack.
 */
function canonical(u: unknown): string {
  let out = ''
  // a string on the stack is written as it is; anything else is a value still to render
  const todo: Array<{ readonly text: string } | { readonly value: unknown }> = [{ value: u }]
  while (todo.length > 0) {
    const next = todo.pop() as { readonly text: string } | { readonly value: unknown }
    if ('text' in next) {
      out += next.text
      continue
    }
    const v = next.value
    if (Array.isArray(v)) {
      todo.push({ text: ']' })
      for (let i = v.length - 1; i >= 0; i--) {
        todo.push({ value: v[i] })
        if (i > 0) todo.push({ text: ',' })
      }
      out += '['
    } else if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>
      const keys = Object.keys(o)
        .sort()
        .filter((k) => o[k] !== undefined)
      todo.push({ text: '}' })
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i] as string
        todo.push({ value: o[k] })
        todo.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(k)}:` })
      }
      out += '{'
    } else out += JSON.stringify(v) ?? 'null'
  }
  return out
}

const inputsOf = (s: Scenario): string =>
  canonical({ given: { device: s.given.device, cpl: s.given.cpl ?? [] }, steps: s.steps.map(({ expect: _e, ...input }) => input) })

/** The observable effect of a step: what a Service User or the SMI would see. */
function effect(o: StepOutcome): unknown {
  if (o.tag === 'error') return { error: true }
  if (o.kind === 'request')
    return { outcome: o.decision.outcome, responseCode: o.decision.outcome === 'Rejected' ? o.decision.responseCode : undefined }
  if (o.kind === 'response') return { device: o.decision.device, alerts: o.decision.alerts }
  return { device: o.decision.device, alerts: o.decision.alerts, cpl: o.decision.cpl }
}

function trace(s: Scenario, edition: Edition): Array<{ readonly outcome: StepOutcome; readonly happened: string }> {
  let state = initialState(s)
  return s.steps.map((step: Step) => {
    const { outcome, next } = executeStep(step, state, edition)
    const happened = describeOutcome(outcome, state.device)
    state = next
    return { outcome, happened }
  })
}

/**
 * Runs each distinct journey of the given files in `baseline` and in `SECMP0105`, threading each
 * edition's own state, and lists every step whose observable outcome (authorisation outcome,
 * device record, alerts, CPL, or being refused as input) differs.
 *
 * @example
 * import { decodeScenarioFile, diffEditions } from 'suspended-device-rules/scenario'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const decoded = decodeScenarioFile(
 *   {
 *     scenarios: [{
 *       id: 'read', description: 'SR11.2 to a Suspended device', given: { device },
 *       steps: [{ request: { serviceReferenceVariant: '11.2', commandVariant: 1 }, expect: { outcome: 'Authorised' } }]
 *     }]
 *   },
 *   'read.json'
 * )
 * if (decoded._tag === 'Right') {
 *   const diff = diffEditions([{ file: 'read.json', content: decoded.right }])
 *   for (const d of diff.differences) console.log(`${d.label}: ${d.baseline.happened} → ${d.SECMP0105.happened}`)
 *   // SR11.2 request (CV 1): Rejected E5 → Authorised
 * }
 *
 * @category Comparing editions
 * @since 0.1.0
 */
export function diffEditions(files: ReadonlyArray<{ readonly file: string; readonly content: ScenarioFile }>): EditionDiff {
  const journeys = new Map<string, { file: string; scenarios: Scenario[] }>()
  for (const { file, content } of files) {
    for (const s of content.scenarios) {
      const key = inputsOf(s)
      const j = journeys.get(key)
      if (j === undefined) journeys.set(key, { file, scenarios: [s] })
      else j.scenarios.push(s)
    }
  }
  const differences: EditionDifference[] = []
  let steps = 0
  for (const { file, scenarios } of journeys.values()) {
    const s = scenarios[0] as Scenario
    const before = trace(s, 'baseline')
    const after = trace(s, 'SECMP0105')
    steps += s.steps.length
    for (let i = 0; i < s.steps.length; i++) {
      const b = before[i] as (typeof before)[number]
      const a = after[i] as (typeof after)[number]
      if (deepEqual(effect(b.outcome), effect(a.outcome))) continue
      differences.push({
        file,
        scenarios: scenarios.map((x) => x.id),
        description: s.description,
        step: i,
        stepCount: s.steps.length,
        label: stepLabel(s.steps[i] as Step),
        baseline: { happened: b.happened, rules: b.outcome.tag === 'error' ? [] : b.outcome.decision.rules },
        SECMP0105: { happened: a.happened, rules: a.outcome.tag === 'error' ? [] : a.outcome.decision.rules }
      })
    }
  }
  return { differences, journeys: journeys.size, steps }
}
