/**
 * The scenario runner (docs/specification.md §4): threads the device and the CPL through a scenario's steps,
 * asks an implementation what each step decides and checks the step's expectations. The
 * implementation is the library itself (`runScenario`, synchronous) or anything that decides a step
 * ({@link Implementation}, `runScenarioWith`, asynchronous: another program through the conformance
 * protocol of docs/specification.md §6); both share the checking. Pure: it takes parsed JSON and a
 * file name, and does no I/O.
 *
 * @since 0.1.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Alert } from '../Alert.js'
import type { Cpl } from '../Cpl.js'
import type { AuthorisationDecision, CplRemovalDecision, ResponseCode, ResponseDecision } from '../Decision.js'
import { DeviceShape, type Device } from '../Device.js'
import { DEFAULT_EDITION, type Edition } from '../Edition.js'
import { isRecord } from '../internal/codec.js'
import { clip, renderValue, type InputError, type Issue } from '../InputError.js'
import type { RuleId } from '../rules/Rule.js'
import { transition, type DeviceEvent, type DeviceState } from '../transition.js'
import {
  decodeScenarioFile,
  stepKind,
  type JsonObject,
  type Scenario,
  type ScenarioFile,
  type ScenarioFileError,
  type Step,
  type StepExpectation,
  type StepKind
} from './format.js'
import { deepEqual, fieldMismatches, matchAlerts, renderAlert, type Mismatch } from './match.js'

export type { Mismatch } from './match.js'

/**
 * The state a scenario threads through its steps. Both are as the scenario gave them (the library
 * checks them when a step runs).
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export interface ScenarioState {
  readonly device: unknown
  readonly cpl: unknown
}

/**
 * What the library made of one step: a decision, or an input error.
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export type StepOutcome =
  | { readonly tag: 'error'; readonly kind: StepKind; readonly error: InputError }
  | { readonly tag: 'decided'; readonly kind: 'request'; readonly decision: AuthorisationDecision }
  | { readonly tag: 'decided'; readonly kind: 'response'; readonly decision: ResponseDecision }
  | { readonly tag: 'decided'; readonly kind: 'cplRemoval'; readonly decision: CplRemovalDecision }

/**
 * Runs one step's input through the library in `edition`. Returns what it decided and the state
 * after the step: an input error, or a service request, leaves the state as it was.
 *
 * @since 0.1.0
 */
export function executeStep(
  step: Step,
  state: ScenarioState,
  edition: Edition
): { readonly outcome: StepOutcome; readonly next: ScenarioState } {
  const kind = stepKind(step)
  const outcome = decideWithLibrary({ kind, input: stepInput(step), state, edition })
  return { outcome, next: nextState(state, outcome) }
}

/** The one input a step carries (its request, response or CPL removal). */
function stepInput(step: Step): JsonObject {
  return (step as unknown as Record<StepKind, JsonObject>)[stepKind(step)]
}

// ---------------------------------------------------------------------------------------------
// the seam: what decides a step

/**
 * What an implementation is asked to decide for one step: the step's input (its request, response
 * or CPL removal), the state the scenario has reached, and the edition. The implementation keeps no
 * state of its own between steps: everything it needs is here.
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export interface StepQuestion {
  readonly kind: StepKind
  /** The step's request, response or CPL removal, as the scenario file gives it. */
  readonly input: JsonObject
  readonly state: ScenarioState
  readonly edition: Edition
}

/**
 * An input refused as invalid: the library's {@link InputError}, or another implementation's
 * message (whose `issues` may be empty).
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export interface RefusedInput {
  readonly message: string
  readonly issues: readonly Issue[]
}

/**
 * What an implementation answers for one step: what it decided (the library's decisions fit, and
 * so does the smaller answer of the conformance protocol), that it refused the input, or that it
 * failed to answer at all (`failed`: it crashed, timed out, or answered something that does not fit).
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export type StepAnswer =
  | { readonly tag: 'error'; readonly kind: StepKind; readonly error: RefusedInput }
  | {
      readonly tag: 'decided'
      readonly kind: 'request'
      readonly decision:
        | { readonly outcome: 'Authorised'; readonly rules: readonly RuleId[] }
        | { readonly outcome: 'Rejected'; readonly responseCode: ResponseCode; readonly rules: readonly RuleId[] }
    }
  | {
      readonly tag: 'decided'
      readonly kind: 'response'
      readonly decision: { readonly device: Device; readonly alerts: readonly Alert[]; readonly rules: readonly RuleId[] }
    }
  | {
      readonly tag: 'decided'
      readonly kind: 'cplRemoval'
      readonly decision: {
        readonly device: Device
        readonly cpl: Cpl
        readonly rules: readonly RuleId[]
        /** A CPL removal emits no alert; the library's decision says so with an empty list. */
        readonly alerts?: readonly Alert[]
      }
    }
  | { readonly tag: 'failed'; readonly kind: StepKind; readonly problem: string }

/**
 * The thing that decides a step: the library (`libraryImplementation`), or another implementation
 * of the rules (a program in any language, through the conformance protocol; a system under test
 * behind an adapter). The scenario runner asks it about each step in turn and checks its answers.
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export interface Implementation {
  /** Decides one step. A promise that rejects counts as a `failed` answer. */
  readonly decide: (question: StepQuestion) => StepAnswer | Promise<StepAnswer>
  /**
   * What the implementation wrote for diagnosis while the current scenario ran (a program's
   * standard error, bounded), reported beside a failing step. Optional.
   */
  readonly diagnostics?: () => string | Promise<string>
  /** Called before each scenario's first step (a program resets its diagnostics there). Optional. */
  readonly beginScenario?: () => void | Promise<void>
}

/** What the library decides for one step (`transition`). */
function decideWithLibrary(q: StepQuestion): StepOutcome {
  const event = { [q.kind]: q.input } as unknown as DeviceEvent
  const r = transition(q.state as DeviceState, event, { edition: q.edition })
  if (r._tag === 'Left') return { tag: 'error', kind: q.kind, error: r.left }
  return { tag: 'decided', kind: q.kind, decision: r.right.decision } as StepOutcome
}

/**
 * The library as an {@link Implementation}: each step is decided by `transition`.
 *
 * @example
 * import { libraryImplementation } from 'suspended-device-rules/scenario'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const answer = libraryImplementation.decide({
 *   kind: 'request', input: { serviceReferenceVariant: '11.2', commandVariant: 1 }, state: { device, cpl: [] }, edition: 'baseline'
 * })
 * if (answer.tag === 'decided' && answer.kind === 'request') console.log(answer.decision.outcome, answer.decision.rules) // Rejected [ 'A7' ]
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export const libraryImplementation: { readonly decide: (question: StepQuestion) => StepOutcome } = {
  decide: decideWithLibrary
}

/** The state after a step: a decided response or CPL removal moves it on; anything else leaves it. */
function nextState(state: ScenarioState, answer: StepAnswer): ScenarioState {
  if (answer.tag !== 'decided' || answer.kind === 'request') return state
  if (answer.kind === 'response') return { device: answer.decision.device, cpl: state.cpl }
  return { device: answer.decision.device, cpl: answer.decision.cpl }
}

/**
 * The result of one step.
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export interface StepResult {
  /** Position in the scenario, from 0. */
  readonly index: number
  /** Where the step is in its file: `scenarios[2].steps[0]`. */
  readonly path: string
  readonly kind: StepKind
  /** The step in words: `SR11.2 request (CV 1)`, `SR11.3 response`, `CPL removal of ACME E-200 0101AA00`. */
  readonly label: string
  readonly passed: boolean
  /** The ids of the rules that decided the step (none for an input error). */
  readonly rules: readonly RuleId[]
  /** What the step expected, in words. */
  readonly expected: string
  /** What happened, in words. */
  readonly happened: string
  /** How what happened differs from what was expected (empty when the step passed). */
  readonly mismatches: readonly Mismatch[]
  /** The input error, when the implementation refused the step's input. */
  readonly error?: RefusedInput
  /** What the implementation wrote for diagnosis (its standard error, bounded), when the step failed and it wrote some. @since 0.2.0 */
  readonly diagnostics?: string
}

/**
 * The result of one scenario. Its steps run in order and stop at the first that fails (the ones
 * after it would start from a state the scenario did not mean).
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export interface ScenarioResult {
  readonly file: string
  readonly id: string
  readonly description: string
  readonly edition: Edition
  /** Where the scenario is in its file: `scenarios[2]`. */
  readonly path: string
  readonly passed: boolean
  /** The steps that ran. */
  readonly steps: readonly StepResult[]
  /** The step that failed, if one did. */
  readonly failure?: StepResult
  /**
   * The steps after a failed one, which were not run (they would start from a state the scenario
   * did not mean); empty (or absent, for a scenario that did not run) when every step ran. @since 0.2.0
   */
  readonly notRun?: readonly NotRunStep[]
  /** How many steps the scenario has. */
  readonly stepCount: number
  /** Why the scenario did not run (an implementation that does not support its edition). @since 0.2.0 */
  readonly skipped?: string
  /** Why the scenario is known to fail (an expected failure of the implementation checked). @since 0.2.0 */
  readonly knownFailure?: string
}

/**
 * A step that was not run because an earlier step of its scenario failed.
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export interface NotRunStep {
  /** Position in the scenario, from 0. */
  readonly index: number
  /** Where the step is in its file: `scenarios[2].steps[3]`. */
  readonly path: string
  readonly kind: StepKind
  /** The step in words, as {@link StepResult.label}. */
  readonly label: string
}

/**
 * The result of a scenario file.
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export interface ScenarioFileResult {
  readonly file: string
  readonly description?: string
  readonly scenarios: readonly ScenarioResult[]
  readonly passed: number
  readonly failed: number
}

/**
 * Options of the runner.
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export interface RunOptions {
  /** Runs every scenario in this edition instead of its own (the scenario's expectations still apply). */
  readonly edition?: Edition
  /** Checks `expect.rules` (default true; false for an implementation that does not report rule ids). @since 0.2.0 */
  readonly checkRules?: boolean
}

/** The starting state of a scenario. @since 0.1.0 */
export function initialState(scenario: Scenario): ScenarioState {
  return { device: scenario.given.device, cpl: scenario.given.cpl ?? [] }
}

/**
 * Runs one scenario (already decoded) through the library and checks every step's expectations.
 *
 * @since 0.1.0
 */
export function runScenario(scenario: Scenario, file: string, index: number, options?: RunOptions): ScenarioResult {
  const run = new ScenarioRun(scenario, file, index, options)
  for (let i = 0; i < scenario.steps.length; i++) {
    if (!run.record(decideWithLibrary(run.question(i)))) break
  }
  return run.result()
}

/**
 * Runs one scenario (already decoded) against any {@link Implementation}, one step at a time, and
 * checks every step's expectations exactly as `runScenario` checks the library's. A promise the
 * implementation rejects, or an exception it throws, is a failed step.
 *
 * @example
 * import { decodeScenarioFile, libraryImplementation, runScenarioWith, type Implementation } from 'suspended-device-rules/scenario'
 *
 * // an implementation that authorises every request (and so gets SR2.2 to a Suspended ESME wrong)
 * const lenient: Implementation = {
 *   decide: async (q) =>
 *     q.kind === 'request' ? { tag: 'decided', kind: 'request', decision: { outcome: 'Authorised', rules: [] } } : libraryImplementation.decide(q)
 * }
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const decoded = decodeScenarioFile(
 *   {
 *     scenarios: [{
 *       id: 'tariff', description: 'SR2.2 to a Suspended ESME is refused', given: { device },
 *       steps: [{ request: { serviceReferenceVariant: '2.2', commandVariant: 1 }, expect: { outcome: 'Rejected', responseCode: 'E5' } }]
 *     }]
 *   },
 *   'tariff.json'
 * )
 * if (decoded._tag === 'Right') {
 *   const scenario = decoded.right.scenarios[0]!
 *   const result = await runScenarioWith(lenient, scenario, 'tariff.json', 0, { checkRules: false })
 *   console.log(result.passed, result.failure?.happened) // false Authorised
 * }
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export async function runScenarioWith(
  implementation: Implementation,
  scenario: Scenario,
  file: string,
  index: number,
  options?: RunOptions
): Promise<ScenarioResult> {
  const run = new ScenarioRun(scenario, file, index, options)
  await implementation.beginScenario?.()
  for (let i = 0; i < scenario.steps.length; i++) {
    const question = run.question(i)
    let answer: StepAnswer
    try {
      answer = await implementation.decide(question)
    } catch (e) {
      answer = { tag: 'failed', kind: question.kind, problem: `the implementation threw: ${e instanceof Error ? e.message : String(e)}` }
    }
    const diagnostics = implementation.diagnostics
    if (!run.record(answer, diagnostics === undefined ? undefined : async () => await diagnostics())) break
  }
  await run.settle()
  return run.result()
}

/** One scenario being run: its state, the steps checked so far, and the question for the next. */
class ScenarioRun {
  private readonly edition: Edition
  private readonly path: string
  private readonly checkRules: boolean
  private readonly steps: StepResult[] = []
  private state: ScenarioState
  private failure: StepResult | undefined
  private pendingDiagnostics: (() => Promise<string>) | undefined

  constructor(
    private readonly scenario: Scenario,
    private readonly file: string,
    index: number,
    options: RunOptions | undefined
  ) {
    this.edition = options?.edition ?? scenario.edition ?? DEFAULT_EDITION
    this.path = `scenarios[${index}]`
    this.checkRules = options?.checkRules ?? true
    this.state = initialState(scenario)
  }

  question(i: number): StepQuestion {
    const step = this.scenario.steps[i] as Step
    return { kind: stepKind(step), input: stepInput(step), state: this.state, edition: this.edition }
  }

  /** Checks the answer to the next step; false when it failed (the scenario stops there). */
  record(answer: StepAnswer, diagnostics?: () => Promise<string>): boolean {
    const i = this.steps.length
    const stepPath = `${this.path}.steps[${i}]`
    const where: Place = { scenario: this.scenario, scenarioPath: this.path, stepPath, state: this.state }
    const result = checkStep(this.scenario.steps[i] as Step, i, stepPath, this.state, answer, this.checkRules, where)
    this.steps.push(result)
    if (!result.passed) {
      this.failure = result
      this.pendingDiagnostics = diagnostics
      return false
    }
    this.state = nextState(this.state, answer)
    return true
  }

  /** Attaches what the implementation wrote for diagnosis to the failed step, if it wrote something. */
  async settle(): Promise<void> {
    const failure = this.failure
    if (failure === undefined || this.pendingDiagnostics === undefined) return
    const written = await this.pendingDiagnostics()
    if (written === '') return
    this.failure = { ...failure, diagnostics: written }
    this.steps[this.steps.length - 1] = this.failure
  }

  result(): ScenarioResult {
    const { scenario, file, edition, path, steps, failure } = this
    const base = { file, id: scenario.id, description: scenario.description, edition, path, steps, stepCount: scenario.steps.length }
    if (failure === undefined) return { ...base, passed: true, notRun: [] }
    // the steps after the failed one: not run, for they would start from a state the scenario did not mean
    const notRun = scenario.steps.slice(steps.length).map((later, k): NotRunStep => ({
      index: steps.length + k,
      path: `${path}.steps[${steps.length + k}]`,
      kind: stepKind(later),
      label: stepLabel(later)
    }))
    return { ...base, passed: false, failure, notRun }
  }
}

/**
 * How a scenario counts in a report: `passed` or `failed`; `skipped` (it did not run); an
 * `expected failure` (it failed, and is known to: it does not count as failed); an `unexpected
 * pass` (it is known to fail, yet passed: it counts as failed, so that the list of known failures
 * is kept true).
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export type Verdict = 'passed' | 'failed' | 'skipped' | 'expected failure' | 'unexpected pass'

/**
 * The {@link Verdict} on a scenario result.
 *
 * @example
 * import { verdictOf, type ScenarioResult } from 'suspended-device-rules/scenario'
 *
 * const result: ScenarioResult = {
 *   file: 'a.json', id: 's1', description: 'a scenario', edition: 'SECMP0105', path: 'scenarios[0]',
 *   passed: true, steps: [], stepCount: 0, knownFailure: 'issue 42: our SR11.2 handling is not released yet'
 * }
 * console.log(verdictOf(result)) // unexpected pass
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export function verdictOf(s: ScenarioResult): Verdict {
  if (s.skipped !== undefined) return 'skipped'
  if (s.knownFailure !== undefined) return s.passed ? 'unexpected pass' : 'expected failure'
  return s.passed ? 'passed' : 'failed'
}

/** Where a step is: its scenario, the paths of both in the file, and the state it starts from. */
interface Place {
  readonly scenario: Scenario
  readonly scenarioPath: string
  readonly stepPath: string
  readonly state: ScenarioState
}

/**
 * The library names a bad field by its place in the argument it was given (`device.status`); a
 * scenario's author looks for it in the file. Where the argument is the scenario's own `given`
 * device or CPL, or the step's input, the path is rewritten to its place in the file:
 * `scenarios[0].given.device.status`, `scenarios[0].steps[1].response.firmwareVersion`. (An
 * implementation that answers through the conformance protocol gives a message and no issues:
 * there is nothing to rewrite, and its message is shown as it is.)
 */
function locate(issues: readonly Issue[], where: Place): Issue[] {
  const roots: Record<string, string | undefined> = {
    request: `${where.stepPath}.request`,
    response: `${where.stepPath}.response`,
    removal: `${where.stepPath}.cplRemoval`,
    device: where.state.device === where.scenario.given.device ? `${where.scenarioPath}.given.device` : undefined,
    cpl:
      where.scenario.given.cpl !== undefined && where.state.cpl === where.scenario.given.cpl ? `${where.scenarioPath}.given.cpl` : undefined
  }
  return issues.map((issue): Issue => {
    const root = /^[A-Za-z]+/.exec(issue.path)?.[0] ?? ''
    const place = Object.prototype.hasOwnProperty.call(roots, root) ? roots[root] : undefined
    if (place === undefined) return issue
    const path = place + issue.path.slice(root.length)
    const message = issue.message.startsWith(`${issue.path}: `) ? `${path}: ${issue.message.slice(issue.path.length + 2)}` : issue.message
    return { ...issue, path, message }
  })
}

/**
 * Runs every scenario of a decoded file.
 *
 * @example
 * import { decodeScenarioFile, describeFailure, runScenarios } from 'suspended-device-rules/scenario'
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
 *   // run in the baseline edition, where SR11.2 is refused
 *   const result = runScenarios(decoded.right, 'read.json', { edition: 'baseline' })
 *   console.log(result.passed, result.failed) // 0 1
 *   const failed = result.scenarios[0]
 *   if (failed?.failure !== undefined) console.log(describeFailure(failed.failure, failed.stepCount))
 *   // step 1 of 1, SR11.2 request (CV 1): expected outcome Authorised, got Rejected E5 (decided by A7)
 * }
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export function runScenarios(scenarios: ScenarioFile, file: string, options?: RunOptions): ScenarioFileResult {
  const results = scenarios.scenarios.map((s, i) => runScenario(s, file, i, options))
  const passed = results.filter((r) => r.passed).length
  const base = { file, scenarios: results, passed, failed: results.length - passed }
  return scenarios.description === undefined ? base : { ...base, description: scenarios.description }
}

/**
 * Checks a parsed scenario file's structure and runs it. A file whose structure is invalid is a
 * `Left` naming every problem with its path; a scenario that fails is part of the `Right`.
 *
 * @example
 * import { runScenarioFile } from 'suspended-device-rules/scenario'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const file = {
 *   scenarios: [{
 *     id: 'sr11.2-is-let-through', description: 'SECMP0105 lets SR11.2 reach a Suspended device (PIA §3 Req 1)',
 *     given: { device },
 *     steps: [{ request: { serviceReferenceVariant: '11.2', commandVariant: 1 }, expect: { outcome: 'Authorised' } }]
 *   }]
 * }
 * const result = runScenarioFile(file, 'example.json')
 * if (result._tag === 'Right') console.log(result.right.passed, result.right.failed) // 1 0
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export function runScenarioFile(json: unknown, file: string, options?: RunOptions): Either<ScenarioFileError, ScenarioFileResult> {
  const decoded = decodeScenarioFile(json, file)
  return decoded._tag === 'Left' ? left(decoded.left) : right(runScenarios(decoded.right, file, options))
}

// ---------------------------------------------------------------------------------------------
// checking one step

const NO_ALERTS: readonly Alert[] = []

/** The fields of a device record (others are allowed, and kept). */
const DEVICE_FIELDS: readonly string[] = Object.keys({ ...DeviceShape.required, ...DeviceShape.optional })

/**
 * Checks what an implementation answered for one step against the step's expectations. Shared by
 * every implementation: the library's own answers are checked by exactly this code.
 */
function checkStep(
  step: Step,
  index: number,
  path: string,
  before: ScenarioState,
  outcome: StepAnswer,
  checkRules: boolean,
  where: Place
): StepResult {
  const expect: StepExpectation = step.expect ?? {}
  const kind = stepKind(step)
  const label = stepLabel(step)
  const expected = describeExpectation(expect, checkRules)
  const happened = describeOutcome(outcome, before.device)
  const base = { index, path, kind, label, expected, happened }
  if (outcome.tag === 'failed') {
    return {
      ...base,
      passed: false,
      rules: [],
      mismatches: [{ subject: 'implementation', expected: 'an answer', actual: outcome.problem }]
    }
  }
  if (outcome.tag === 'error') {
    const located = locate(outcome.error.issues, where).map((i) => i.message)
    const mismatches: Mismatch[] =
      expect.error === true
        ? []
        : [
            {
              subject: 'error',
              expected: 'a decision',
              actual: `refused as invalid: ${located.length === 0 ? outcome.error.message : located.join('; ')}`,
              items: { expected: [], actual: located.length === 0 ? [outcome.error.message] : located }
            }
          ]
    return { ...base, passed: mismatches.length === 0, rules: [], mismatches, error: outcome.error }
  }
  const rules = outcome.decision.rules
  if (expect.error === true) {
    return {
      ...base,
      passed: false,
      rules,
      mismatches: [{ subject: 'error', expected: 'the input refused as invalid', actual: `a decision: ${happened}` }]
    }
  }
  const mismatches: Mismatch[] = []
  if (outcome.kind === 'request') {
    const d = outcome.decision
    if (expect.outcome !== undefined && expect.outcome !== d.outcome) {
      mismatches.push({
        subject: 'outcome',
        expected: expect.outcome,
        actual: d.outcome === 'Rejected' ? `Rejected ${d.responseCode}` : d.outcome
      })
    } else if (expect.responseCode !== undefined && d.outcome === 'Rejected' && expect.responseCode !== d.responseCode) {
      mismatches.push({ subject: 'responseCode', expected: expect.responseCode, actual: d.responseCode })
    }
  }
  const after = outcome.kind === 'request' ? before.device : outcome.decision.device
  if (expect.device === undefined) {
    if (!deepEqual(before.device, after))
      mismatches.push({ subject: 'device', expected: 'unchanged', actual: describeChange(before.device, after) })
  } else {
    mismatches.push(...fieldMismatches('device', expect.device, after, DEVICE_FIELDS))
  }
  if (checkRules && expect.rules !== undefined && !sameSet(expect.rules, rules)) {
    mismatches.push({ subject: 'rules', expected: expect.rules.join(', '), actual: rules.length === 0 ? 'none' : rules.join(', ') })
  }
  const emitted = outcome.kind === 'request' ? NO_ALERTS : (outcome.decision.alerts ?? NO_ALERTS)
  const wanted = expect.alerts ?? []
  const { unmatchedExpected, unmatchedEmitted } = matchAlerts(wanted, emitted)
  if (unmatchedExpected.length > 0 || unmatchedEmitted.length > 0) {
    // every alert once: in full where it did not match (what to look at), shortly where it did
    // every alert once and short; where an expected and an emitted alert of the same code and
    // recipient failed to match, only the fields in which they differ
    const missing = new Map<unknown, string>(unmatchedExpected.map((a) => [a, `${renderAlert(a)} (not emitted)`]))
    const unexpected = new Map<unknown, string>(unmatchedEmitted.map((a) => [a, `${renderAlert(a)} (not expected)`]))
    const paired = new Set<unknown>()
    for (const p of unmatchedExpected) {
      const e = unmatchedEmitted.find(
        (a) =>
          !paired.has(a) && isRecord(a) && (p.code == null || p.code === a.code) && (p.recipient == null || p.recipient === a.recipient)
      )
      if (e === undefined) continue
      const fields = fieldMismatches('', p as JsonObject, e).map((m) => ({ ...m, subject: m.subject.slice(1) }))
      // (none differ when the two matched, but each was needed for another: then both stay whole)
      if (fields.length === 0) continue
      paired.add(e)
      missing.set(p, `${shortAlert(e)} with ${fields.map((m) => `${m.subject} ${m.expected}`).join(', ')} (not emitted)`)
      unexpected.set(e, `${shortAlert(e)} with ${fields.map((m) => `${m.subject} ${m.actual}`).join(', ')} (not expected)`)
    }
    const expectedItems = wanted.map((a) => missing.get(a) ?? shortAlert(a))
    const actualItems = emitted.map((a) => unexpected.get(a) ?? shortAlert(a))
    mismatches.push({
      subject: 'alerts',
      expected: expectedItems.length === 0 ? 'none' : expectedItems.join(', '),
      actual: actualItems.length === 0 ? 'none' : actualItems.join(', '),
      items: { expected: expectedItems, actual: actualItems }
    })
  }
  return { ...base, passed: mismatches.length === 0, rules, mismatches }
}

/** Set equality of two lists of rule ids (order and repetition free). */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a)
  const sb = new Set(b)
  if (sa.size !== sb.size) return false
  for (const x of sa) if (!sb.has(x)) return false
  return true
}

const str = (u: unknown): string => (typeof u === 'string' || typeof u === 'number' ? clip(String(u)) : renderValue(u))

/** The step in words. @since 0.1.0 */
export function stepLabel(step: Step): string {
  if ('request' in step) {
    const r = step.request
    return `SR${str(r.serviceReferenceVariant)} request (CV ${str(r.commandVariant)})`
  }
  if ('response' in step) {
    const r = step.response
    const details: string[] = []
    if (r.respondent === 'GPF') details.push('from the GPF')
    if (r.activateImageResponseCode !== undefined) details.push(str(r.activateImageResponseCode))
    if (r.firmwareVersion !== undefined) details.push(`firmware ${str(r.firmwareVersion)}`)
    else if (r.serviceReferenceVariant === '11.3') details.push('no firmware version')
    return `SR${str(r.serviceReferenceVariant)} response${details.length > 0 ? ` (${details.join(', ')})` : ''}`
  }
  const r = step.cplRemoval
  return `CPL removal of ${str(r.manufacturer)} ${str(r.model)} ${str(r.firmwareVersion)}`
}

function describeExpectation(e: StepExpectation, checkRules: boolean): string {
  if (e.error === true) return 'the input refused as invalid'
  const parts: string[] = []
  if (e.outcome !== undefined) parts.push(e.responseCode === undefined ? e.outcome : `${e.outcome} ${e.responseCode}`)
  parts.push(
    e.device === undefined
      ? 'device unchanged'
      : `device ${Object.entries(e.device)
          .map(([k, v]) => (v === null ? `${k} absent` : `${k} ${renderValue(v)}`))
          .join(', ')}`
  )
  parts.push(e.alerts === undefined || e.alerts.length === 0 ? 'no alerts' : `alerts ${e.alerts.map(renderAlert).join(', ')}`)
  if (e.rules !== undefined && checkRules) parts.push(`decided by ${e.rules.join(', ')}`)
  return parts.join('; ')
}

/** What a step's outcome did, in words. @since 0.1.0 */
export function describeOutcome(outcome: StepAnswer, deviceBefore: unknown): string {
  if (outcome.tag === 'failed') return outcome.problem
  if (outcome.tag === 'error') return `refused as invalid input: ${outcome.error.message}`
  if (outcome.kind === 'request') {
    const d = outcome.decision
    return d.outcome === 'Rejected' ? `Rejected ${d.responseCode}` : 'Authorised'
  }
  const d = outcome.decision
  const change = describeChange(deviceBefore, d.device)
  const emitted = d.alerts ?? NO_ALERTS
  const alerts = emitted.length === 0 ? 'no alerts' : `alerts ${emitted.map(shortAlert).join(', ')}`
  return `${change}; ${alerts}`
}

const RECIPIENT_SHORT: Readonly<Record<string, string>> = { ResponsibleImportSupplier: 'RIS', ResponsibleNetworkOperator: 'RNO' }

/** `N29 to RIS`: an alert (or an expected one naming its code and recipient) in a few characters. */
function shortAlert(a: unknown): string {
  if (!isRecord(a) || typeof a.code !== 'string' || typeof a.recipient !== 'string') return renderAlert(a)
  return `${a.code} to ${RECIPIENT_SHORT[a.recipient] ?? clip(a.recipient)}`
}

/** How a device record changed: `status "Suspended" → "Commissioned", statusBeforeSuspension removed`. */
export function describeChange(before: unknown, after: unknown): string {
  if (deepEqual(before, after)) return 'device unchanged'
  if (!isRecord(before) || !isRecord(after)) return `device ${renderValue(before)} → ${renderValue(after)}`
  const keys = new Set([...Object.keys(before), ...Object.keys(after)])
  const changes: string[] = []
  for (const k of keys) {
    const b = (before as JsonObject)[k]
    const a = (after as JsonObject)[k]
    if (deepEqual(a, b)) continue
    if (a === undefined) changes.push(`${k} removed`)
    else if (b === undefined) changes.push(`${k} ${renderValue(a)} added`)
    else changes.push(`${k} ${renderValue(b)} → ${renderValue(a)}`)
  }
  return `device ${changes.join(', ')}`
}

/**
 * One line about a failed step: the step, what was expected, what happened, and the rules that
 * decided.
 *
 * @example
 * import { describeFailure, type StepResult } from 'suspended-device-rules/scenario'
 *
 * const step: StepResult = {
 *   index: 0, path: 'scenarios[0].steps[0]', kind: 'request', label: 'SR11.2 request (CV 1)', passed: false,
 *   rules: ['A7'], expected: 'outcome Authorised', happened: 'Rejected E5',
 *   mismatches: [{ subject: 'outcome', expected: 'Authorised', actual: 'Rejected' }]
 * }
 * console.log(describeFailure(step, 1))
 * // step 1 of 1, SR11.2 request (CV 1): expected outcome Authorised, got Rejected (decided by A7)
 *
 * @category Running scenarios
 * @since 0.1.0
 */
export function describeFailure(step: StepResult, stepCount: number): string {
  const what = step.mismatches.map(describeMismatch).join('; ')
  const by = step.rules.length > 0 ? ` (decided by ${step.rules.join(', ')})` : ''
  return `step ${step.index + 1} of ${stepCount}, ${step.label}: ${what}${by}`
}

/**
 * One mismatch in words: `expected outcome Authorised, got Rejected E5`. An input the library
 * refused, where the scenario expected a decision, says so plainly and what to write if the
 * refusal is the point of the step.
 *
 * @example
 * import { describeMismatch } from 'suspended-device-rules/scenario'
 *
 * console.log(describeMismatch({ subject: 'device.status', expected: '"Commissioned"', actual: '"Suspended"' }))
 * // expected device.status "Commissioned", got "Suspended"
 *
 * @category Running scenarios
 * @since 0.2.0
 */
export function describeMismatch(m: Mismatch): string {
  if (m.subject === 'implementation') return m.actual
  if (m.subject !== 'error') return `expected ${m.subject} ${m.expected}, got ${m.actual}`
  if (m.expected === 'a decision') return `the input was ${m.actual} (a step meant to show a refusal expects { "error": true })`
  return `expected ${m.expected}, got ${m.actual}`
}
