/**
 * The conformance protocol (docs/specification.md §6): the messages the runner writes to an
 * implementation, one JSON object per line, and the answers it reads back. Each answer is checked
 * against its message's shape with the library's own codecs (a device with the device codec, an
 * alert with the alert codec, …), so a violation names the field as every input error of the
 * library does: `answer to process: decision.alerts[0].code: expected "N29" | "N52", got "N30"`.
 * The JSON Schemas `protocol-*.schema.json` in `schemas/` say the same (a test keeps them in step).
 *
 * Pure: no I/O. The program that speaks the protocol is in `./program.ts` (Node only).
 *
 * @since 0.2.0
 */
import * as t from 'io-ts'
import { Alert } from '../Alert.js'
import { Cpl } from '../Cpl.js'
import { Device } from '../Device.js'
import { Edition } from '../Edition.js'
import { enumeration, isRecord, primitive, struct, discriminated, type Codec } from '../internal/codec.js'
import { decodeWith } from '../internal/decode.js'
import { rules as allRules } from '../rules/index.js'
import type { RuleId } from '../rules/Rule.js'
import type { StepAnswer, StepQuestion } from '../scenario/runner.js'
import type { JsonObject, StepKind } from '../scenario/format.js'

/**
 * The version of the protocol this library speaks (the `protocol` field of `start`).
 *
 * @example
 * import { PROTOCOL_VERSION } from 'suspended-device-rules/conformance'
 *
 * console.log(JSON.stringify({ id: 1, cmd: 'start', protocol: PROTOCOL_VERSION })) // {"id":1,"cmd":"start","protocol":1}
 *
 * @category Protocol
 * @since 0.2.0
 */
export const PROTOCOL_VERSION = 1

/**
 * The command of each step kind: a request is `authorise`d, a response `process`ed, a CPL removal
 * is `cplRemoval`.
 *
 * @example
 * import { COMMAND_OF } from 'suspended-device-rules/conformance'
 *
 * console.log(COMMAND_OF.request, COMMAND_OF.response, COMMAND_OF.cplRemoval) // authorise process cplRemoval
 *
 * @category Protocol
 * @since 0.2.0
 */
export const COMMAND_OF: Readonly<Record<StepKind, 'authorise' | 'process' | 'cplRemoval'>> = {
  request: 'authorise',
  response: 'process',
  cplRemoval: 'cplRemoval'
}

// ---------------------------------------------------------------------------------------------
// the messages (runner → implementation)

/**
 * @category Protocol
 * @since 0.2.0
 */
export interface StartMessage {
  readonly id: number
  readonly cmd: 'start'
  readonly protocol: number
}

/**
 * @category Protocol
 * @since 0.2.0
 */
export interface AuthoriseMessage {
  readonly id: number
  readonly cmd: 'authorise'
  readonly edition: Edition
  readonly request: JsonObject
  readonly device: JsonObject
}

/**
 * @category Protocol
 * @since 0.2.0
 */
export interface ProcessMessage {
  readonly id: number
  readonly cmd: 'process'
  readonly edition: Edition
  readonly response: JsonObject
  readonly device: JsonObject
  readonly cpl: readonly unknown[]
}

/**
 * @category Protocol
 * @since 0.2.0
 */
export interface CplRemovalMessage {
  readonly id: number
  readonly cmd: 'cplRemoval'
  readonly edition: Edition
  readonly removal: JsonObject
  readonly device: JsonObject
  readonly cpl: readonly unknown[]
}

/**
 * @category Protocol
 * @since 0.2.0
 */
export interface StopMessage {
  readonly id: number
  readonly cmd: 'stop'
}

/**
 * A message of the protocol.
 *
 * @category Protocol
 * @since 0.2.0
 */
export type ProtocolMessage = StartMessage | AuthoriseMessage | ProcessMessage | CplRemovalMessage | StopMessage

/**
 * The message that asks an implementation about one step: everything it needs (the step's input,
 * the device and the CPL the scenario has reached, the edition), so that it keeps no state.
 *
 * @example
 * import { stepMessage } from 'suspended-device-rules/conformance'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Commissioned', manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const message = stepMessage(2, {
 *   kind: 'request', input: { serviceReferenceVariant: '11.2', commandVariant: 1 }, state: { device, cpl: [] }, edition: 'SECMP0105'
 * })
 * console.log(message.cmd, Object.keys(message).join(' ')) // authorise id cmd edition request device
 *
 * @category Protocol
 * @since 0.2.0
 */
export function stepMessage(id: number, q: StepQuestion): AuthoriseMessage | ProcessMessage | CplRemovalMessage {
  const device = q.state.device as JsonObject
  const cpl = q.state.cpl as readonly unknown[]
  switch (q.kind) {
    case 'request':
      return { id, cmd: 'authorise', edition: q.edition, request: q.input, device }
    case 'response':
      return { id, cmd: 'process', edition: q.edition, response: q.input, device, cpl }
    case 'cplRemoval':
      return { id, cmd: 'cplRemoval', edition: q.edition, removal: q.input, device, cpl }
  }
}

const MessageId: Codec<number> = primitive(
  'a message id (an integer of at least 0)',
  (u): u is number => Number.isSafeInteger(u) && (u as number) >= 0
)
const AnyObject: Codec<JsonObject> = primitive('a JSON object', (u): u is JsonObject => isRecord(u))
const AnyArray: Codec<readonly unknown[]> = primitive('a JSON array', (u): u is readonly unknown[] => Array.isArray(u))

/**
 * The io-ts codec of a message (what `serve` reads). The step inputs are checked here only as
 * objects (a CPL as an array): whether they are valid is the implementation's to decide, and an
 * invalid one is answered with an `error` (a scenario's `expect.error` step sends one on purpose).
 * Fields beyond these are ignored.
 *
 * @example
 * import { ProtocolMessage } from 'suspended-device-rules/conformance'
 *
 * console.log(ProtocolMessage.is({ id: 1, cmd: 'start', protocol: 1 }), ProtocolMessage.is({ id: 1, cmd: 'begin' })) // true false
 *
 * @category Protocol
 * @since 0.2.0
 */
export const ProtocolMessage: Codec<ProtocolMessage> = discriminated('a protocol message', 'cmd', {
  start: struct('a start message', { id: MessageId, cmd: enumeration(['start'] as const), protocol: t.number }, {}, false),
  authorise: struct(
    'an authorise message',
    { id: MessageId, cmd: enumeration(['authorise'] as const), edition: Edition, request: AnyObject, device: AnyObject },
    {},
    false
  ),
  process: struct(
    'a process message',
    { id: MessageId, cmd: enumeration(['process'] as const), edition: Edition, response: AnyObject, device: AnyObject, cpl: AnyArray },
    {},
    false
  ),
  cplRemoval: struct(
    'a cplRemoval message',
    { id: MessageId, cmd: enumeration(['cplRemoval'] as const), edition: Edition, removal: AnyObject, device: AnyObject, cpl: AnyArray },
    {},
    false
  ),
  stop: struct('a stop message', { id: MessageId, cmd: enumeration(['stop'] as const) }, {}, false)
}) as Codec<ProtocolMessage>

// ---------------------------------------------------------------------------------------------
// the answers (implementation → runner)

/**
 * What an implementation says of itself in its answer to `start`.
 *
 * @category Protocol
 * @since 0.2.0
 */
export interface ImplementationInfo {
  readonly name: string
  readonly version: string
  /** The editions it supports: scenarios of another edition are skipped. */
  readonly editions: readonly Edition[]
  /** Whether it reports this specification's rule ids (`expect.rules` is checked only then). */
  readonly rules: boolean
}

/**
 * @category Protocol
 * @since 0.2.0
 */
export interface StartAnswer extends ImplementationInfo {
  readonly id: number
  readonly ready: true
  readonly implementation: { readonly name: string; readonly version: string }
}

const RuleIdCodec = enumeration(allRules.map((r) => r.id) as unknown as readonly [RuleId, ...RuleId[]])
const RuleIds = t.readonlyArray(RuleIdCodec, 'the ids of the rules that decided the step')
const NonEmptyString: Codec<string> = primitive('a non-empty string', (u): u is string => typeof u === 'string' && u.length > 0)

// `ready` must be the JSON value true
const Ready: Codec<true> = primitive('true', (u): u is true => u === true)
const StartAnswer = struct(
  'an answer to start',
  {
    id: MessageId,
    ready: Ready,
    implementation: struct('the implementation', { name: NonEmptyString, version: NonEmptyString }, {}, false),
    editions: t.readonlyArray(Edition, 'the editions the implementation supports'),
    rules: t.boolean
  },
  {},
  false
)

/** The decision codecs, with `rules` required (an implementation that reports rule ids) or ignored. */
function decisionCodecs(reportsRules: boolean): Record<'authorise' | 'process' | 'cplRemoval', t.Mixed> {
  const rules = reportsRules ? { rules: RuleIds } : {}
  const outcome = (v: 'Authorised' | 'Rejected') => enumeration([v] as const)
  return {
    authorise: discriminated('a decision on a service request', 'outcome', {
      Authorised: struct('an Authorised decision', { outcome: outcome('Authorised'), ...rules }, {}, false),
      Rejected: struct(
        'a Rejected decision',
        { outcome: outcome('Rejected'), responseCode: enumeration(['E5', 'E12'] as const), ...rules },
        {},
        false
      )
    }),
    process: struct(
      'a decision on a response',
      { device: Device, alerts: t.readonlyArray(Alert, 'the alerts the step emits'), ...rules },
      {},
      false
    ),
    cplRemoval: struct('a decision on a CPL removal', { device: Device, cpl: Cpl, ...rules }, {}, false)
  }
}

const ErrorAnswer = struct('an error answer', { id: MessageId, error: struct('an error', { message: t.string }, {}, false) }, {}, false)

const answerCodecs = (reportsRules: boolean): Record<'authorise' | 'process' | 'cplRemoval', t.Mixed> => {
  const decisions = decisionCodecs(reportsRules)
  const out = {} as Record<'authorise' | 'process' | 'cplRemoval', t.Mixed>
  for (const cmd of ['authorise', 'process', 'cplRemoval'] as const) {
    const decided = struct(`an answer to ${cmd}`, { id: MessageId, decision: decisions[cmd] }, {}, false)
    out[cmd] = new t.Type<unknown, unknown, unknown>(
      `an answer to ${cmd}`,
      (u): u is unknown => decided.is(u) || (isRecord(u) && u.decision === undefined && ErrorAnswer.is(u)),
      (u, c) => (isRecord(u) && u.decision === undefined && u.error !== undefined ? ErrorAnswer.validate(u, c) : decided.validate(u, c)),
      t.identity
    )
  }
  return out
}

const ANSWERS = { true: answerCodecs(true), false: answerCodecs(false) } as const

/**
 * The io-ts codec of the answer to each command, as the runner checks it. With `reportsRules`
 * (the implementation said `rules: true`), every decision must carry `rules`, the ids of the rules
 * that decided it; without, `rules` is not read.
 *
 * @example
 * import { answerCodec } from 'suspended-device-rules/conformance'
 *
 * const answer = { id: 2, decision: { outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] } }
 * console.log(answerCodec('authorise').is(answer), answerCodec('authorise').is({ id: 2, decision: {} })) // true false
 *
 * @category Protocol
 * @since 0.2.0
 */
export function answerCodec(cmd: 'start' | 'authorise' | 'process' | 'cplRemoval', reportsRules = true): t.Mixed {
  return cmd === 'start' ? StartAnswer : ANSWERS[reportsRules ? 'true' : 'false'][cmd]
}

/**
 * Parses one line an implementation wrote: one JSON object, or the reason it is not (`with a line
 * that is not JSON: "…"`).
 *
 * @example
 * import { parseAnswerLine } from 'suspended-device-rules/conformance'
 *
 * console.log(parseAnswerLine('{"id":1,"ready":true}').ok, parseAnswerLine('ready').ok) // true false
 *
 * @category Protocol
 * @since 0.2.0
 */
export function parseAnswerLine(
  line: string
): { readonly ok: true; readonly value: JsonObject } | { readonly ok: false; readonly problem: string } {
  let value: unknown
  try {
    value = JSON.parse(line)
  } catch {
    return { ok: false, problem: `with a line that is not JSON: ${quote(line)}` }
  }
  if (!isRecord(value)) return { ok: false, problem: `with JSON that is not one object: ${quote(line)}` }
  return { ok: true, value }
}

/** Text cut short for a message. */
const cut = (s: string, max = 200): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s)

/** A line an implementation wrote, quoted and cut short for a message. */
export function quote(line: string, max = 120): string {
  const s = JSON.stringify(line)
  return s.length > max ? `${s.slice(0, max - 2)}…"` : s
}

/** The problems in an answer, as `answer to CMD: path: message`, or none. */
function shapeProblems(cmd: string, codec: t.Mixed, answer: unknown): string | undefined {
  const r = decodeWith(codec, '', answer)
  return r._tag === 'Left' ? r.left.issues.map((i) => `answer to ${cmd}: ${i.message}`).join('; ') : undefined
}

/**
 * Reads the answer to `start`: what the implementation says of itself, or why it cannot be used.
 *
 * @example
 * import { readStartAnswer } from 'suspended-device-rules/conformance'
 *
 * const ok = readStartAnswer(1, { id: 1, ready: true, implementation: { name: 'mine', version: '1.0' }, editions: ['SECMP0105'], rules: false })
 * console.log(ok.ok && ok.value.editions) // [ 'SECMP0105' ]
 * const notReady = readStartAnswer(1, { id: 1, ready: false })
 * console.log(notReady.ok || notReady.problem) // did not answer start with "ready": true (answered {"id":1,"ready":false})
 *
 * @category Protocol
 * @since 0.2.0
 */
export function readStartAnswer(
  id: number,
  answer: JsonObject
): { readonly ok: true; readonly value: ImplementationInfo } | { readonly ok: false; readonly problem: string } {
  if (answer.ready !== true)
    return { ok: false, problem: `did not answer start with "ready": true (answered ${cut(JSON.stringify(answer))})` }
  const wrongId = idProblem('start', id, answer)
  if (wrongId !== undefined) return { ok: false, problem: wrongId }
  const problem = shapeProblems('start', StartAnswer, answer)
  if (problem !== undefined) return { ok: false, problem }
  const a = answer as unknown as StartAnswer
  return { ok: true, value: { name: a.implementation.name, version: a.implementation.version, editions: a.editions, rules: a.rules } }
}

function idProblem(cmd: string, id: number, answer: JsonObject): string | undefined {
  if (answer.id === id) return undefined
  return answer.id === undefined
    ? `answer to ${cmd}: id: is required (expected ${id}, the id of the message)`
    : `answered id ${JSON.stringify(answer.id)} to message ${id} (${cmd}); expected the message's id`
}

/**
 * Reads the answer to a step's message: what the implementation decided, that it refused the input
 * (`error`), or a failed answer naming what is wrong with it (its id, or a field's shape).
 *
 * @example
 * import { readStepAnswer } from 'suspended-device-rules/conformance'
 *
 * const answer = readStepAnswer('request', 2, { id: 2, decision: { outcome: 'Rejected', responseCode: 'E7', rules: ['A7'] } }, true)
 * console.log(answer.tag === 'failed' && answer.problem)
 * // answer to authorise: decision.responseCode: expected "E5" | "E12", got "E7"
 *
 * @category Protocol
 * @since 0.2.0
 */
export function readStepAnswer(kind: StepKind, id: number, answer: JsonObject, reportsRules: boolean): StepAnswer {
  const cmd = COMMAND_OF[kind]
  const wrongId = idProblem(cmd, id, answer)
  if (wrongId !== undefined) return { tag: 'failed', kind, problem: wrongId }
  const problem = shapeProblems(cmd, answerCodec(cmd, reportsRules), answer)
  if (problem !== undefined) return { tag: 'failed', kind, problem }
  if (answer.decision === undefined) {
    const message = (answer.error as { readonly message: string }).message
    return { tag: 'error', kind, error: { message, issues: [] } }
  }
  const d = answer.decision as Record<string, unknown>
  const rules = (reportsRules ? d.rules : []) as readonly RuleId[]
  switch (kind) {
    case 'request':
      return {
        tag: 'decided',
        kind,
        decision:
          d.outcome === 'Rejected'
            ? { outcome: 'Rejected', responseCode: d.responseCode as 'E5' | 'E12', rules }
            : { outcome: 'Authorised', rules }
      }
    case 'response':
      return { tag: 'decided', kind, decision: { device: d.device as Device, alerts: d.alerts as readonly Alert[], rules } }
    case 'cplRemoval':
      return { tag: 'decided', kind, decision: { device: d.device as Device, cpl: d.cpl as Cpl, rules } }
  }
}
