/**
 * `transition`: one event applied to one device and its CPL, as a pure function of the state. The
 * scenario runner, `diff` and the harness SMI are built on it, so a test harness that folds events
 * through `transition` decides exactly what the bundled specification decides.
 *
 * @since 0.2.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { authoriseRequest } from './authoriseRequest.js'
import type { Cpl, CplRemoval, PreparedCpl } from './Cpl.js'
import { applyCplRemoval } from './cplRemoval.js'
import type { AuthorisationDecision, CplRemovalDecision, ResponseDecision } from './Decision.js'
import type { Device } from './Device.js'
import type { RuleOptions } from './Edition.js'
import { isRecord } from './internal/codec.js'
import { unreadable } from './internal/decode.js'
import { inputError, makeIssue, type InputError } from './InputError.js'
import { processResponse } from './processResponse.js'
import type { ServiceRequest } from './ServiceRequest.js'
import type { ServiceResponse } from './ServiceResponse.js'

// -------------------------------------------------------------------------------------------------
// model
// -------------------------------------------------------------------------------------------------

/**
 * What a device's life is threaded through: its SMI record and the CPL it is judged against.
 *
 * @category Rule functions
 * @since 0.2.0
 */
export interface DeviceState {
  readonly device: Device
  readonly cpl: Cpl | PreparedCpl
}

/**
 * A service request sent to the device (decided by `authoriseRequest`; the state never changes).
 *
 * @category Rule functions
 * @since 0.2.0
 */
export interface RequestEvent {
  readonly request: ServiceRequest
}

/**
 * A response from the device (or the GPF), decided by `processResponse`.
 *
 * @category Rule functions
 * @since 0.2.0
 */
export interface ResponseEvent {
  readonly response: ServiceResponse
}

/**
 * Firmware taken off the CPL, decided by `applyCplRemoval`.
 *
 * @category Rule functions
 * @since 0.2.0
 */
export interface CplRemovalEvent {
  readonly cplRemoval: CplRemoval
}

/**
 * The events a device sees: the three step shapes of a scenario file, without `expect`.
 *
 * @category Rule functions
 * @since 0.2.0
 */
export type DeviceEvent = RequestEvent | ResponseEvent | CplRemovalEvent

/**
 * The decision that matches an event: an {@link AuthorisationDecision} for a request, a
 * {@link ResponseDecision} for a response, a {@link CplRemovalDecision} for a CPL removal.
 *
 * @category Rule functions
 * @since 0.2.0
 */
export type DecisionOf<E extends DeviceEvent> = E extends RequestEvent
  ? AuthorisationDecision
  : E extends ResponseEvent
    ? ResponseDecision
    : CplRemovalDecision

/**
 * What a transition returns: the state after the event and what decided it.
 *
 * @category Rule functions
 * @since 0.2.0
 */
export interface Transition<E extends DeviceEvent = DeviceEvent> {
  readonly state: DeviceState
  readonly decision: DecisionOf<E>
}

// -------------------------------------------------------------------------------------------------
// the transition function
// -------------------------------------------------------------------------------------------------

const EVENT_KEYS = ['request', 'response', 'cplRemoval'] as const
const EXPECTED_EVENT = 'an event: exactly one of { request }, { response }, { cplRemoval }'

/** The one key an event carries, or the error that says what is wrong with it. */
function eventKind(event: unknown): Either<InputError, (typeof EVENT_KEYS)[number]> {
  if (!isRecord(event)) return left(inputError([makeIssue('event', EXPECTED_EVENT, event)]))
  const keys = Object.keys(event)
  const extra = keys.filter((k) => !(EVENT_KEYS as readonly string[]).includes(k))
  if (extra.length > 0) {
    return left(
      inputError(extra.map((k) => makeIssue(`event.${k}`, 'no other field (an event carries request, response or cplRemoval)', event[k])))
    )
  }
  const present = EVENT_KEYS.filter((k) => keys.includes(k))
  if (present.length !== 1) {
    return left(
      inputError([
        makeIssue(
          'event',
          EXPECTED_EVENT,
          event,
          present.length === 0 ? `has no input; expected ${EXPECTED_EVENT}` : `has ${present.join(' and ')}; expected ${EXPECTED_EVENT}`
        )
      ])
    )
  }
  return right(present[0] as (typeof EVENT_KEYS)[number])
}

/**
 * Applies one event to a device's state, by the rules of the chosen edition: a request is decided
 * by `authoriseRequest` (the state is unchanged), a response by `processResponse` (the device may
 * change), a CPL removal by `applyCplRemoval` (the device and the CPL may change). Returns the new
 * state and the decision, alerts and rule ids included.
 *
 * Pure: no I/O, no clock, the inputs are never changed, and an input error (in the state, the
 * event or the options) is a `Left` that leaves nothing changed. Its shape is the one XState v5's
 * `transition(machine, snapshot, event)` made familiar: fold a list of events through it to
 * replay a device's history.
 *
 * @example
 * import { transition, type DeviceEvent, type DeviceState } from 'suspended-device-rules'
 *
 * let state: DeviceState = {
 *   device: {
 *     deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *     status: 'Commissioned', manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 *   },
 *   cpl: [
 *     { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', status: 'Current' },
 *     { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
 *   ]
 * }
 * const events: DeviceEvent[] = [
 *   { cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00' } },
 *   { request: { serviceReferenceVariant: '11.2', commandVariant: 1 } },
 *   { response: { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' } }
 * ]
 * const seen: string[] = []
 * for (const event of events) {
 *   const next = transition(state, event)
 *   if (next._tag === 'Left') throw new Error(next.left.message)
 *   state = next.right.state
 *   seen.push(`${next.right.decision.rules.join()} ${state.device.status}`)
 * }
 * console.log(seen.join(', ')) // S1 Suspended, A6 Suspended, R2 Commissioned
 *
 * @category Rule functions
 * @since 0.2.0
 */
export function transition<E extends DeviceEvent>(state: DeviceState, event: E, options?: RuleOptions): Either<InputError, Transition<E>> {
  return step(state, event, options) as Either<InputError, Transition<E>>
}

function step(state: DeviceState, event: DeviceEvent, options: RuleOptions | undefined): Either<InputError, Transition> {
  try {
    if (!isRecord(state)) {
      return left(inputError([makeIssue('state', 'a device state ({ device, cpl })', state)]))
    }
    const kind = eventKind(event)
    if (kind._tag === 'Left') return kind
    const ev = event as unknown as Record<string, unknown>
    switch (kind.right) {
      case 'request': {
        const r = authoriseRequest(ev.request as ServiceRequest, state.device, options)
        return r._tag === 'Left' ? r : right({ state, decision: r.right })
      }
      case 'response': {
        const r = processResponse(ev.response as ServiceResponse, state.device, state.cpl, options)
        if (r._tag === 'Left') return r
        return right({ state: r.right.device === state.device ? state : { device: r.right.device, cpl: state.cpl }, decision: r.right })
      }
      case 'cplRemoval': {
        const r = applyCplRemoval(ev.cplRemoval as CplRemoval, state.device, state.cpl, options)
        return r._tag === 'Left' ? r : right({ state: { device: r.right.device, cpl: r.right.cpl }, decision: r.right })
      }
    }
  } catch (e) {
    // Stryker disable next-line StringLiteral: the path of an input that throws while it is read
    return left(unreadable('(input)', e))
  }
}
