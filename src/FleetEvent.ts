/**
 * The events of a fleet: what the harness SMI is fed and what a campaign's event lines hold. A
 * request or a response names its device (`deviceId`); a CPL removal concerns the whole fleet.
 * These codecs check the envelope only; the request, response or removal inside is checked by
 * the rule function that decides it.
 *
 * @since 0.2.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { CplRemoval } from './Cpl.js'
import type * as t from 'io-ts'
import { isRecord, primitive, struct } from './internal/codec.js'
import { decodeWith } from './internal/decode.js'
import { inputError, makeIssue, type InputError } from './InputError.js'
import type { ServiceRequest } from './ServiceRequest.js'
import type { ServiceResponse } from './ServiceResponse.js'

/**
 * A service request sent to one device of the fleet.
 *
 * @category Fleet events
 * @since 0.2.0
 */
export interface FleetRequestEvent {
  readonly deviceId: string
  readonly request: ServiceRequest
}

/**
 * A response from one device of the fleet (or from the GPF for a gas meter).
 *
 * @category Fleet events
 * @since 0.2.0
 */
export interface FleetResponseEvent {
  readonly deviceId: string
  readonly response: ServiceResponse
}

/**
 * Firmware taken off the CPL: every device of the fleet is judged by rules S1-S2.
 *
 * @category Fleet events
 * @since 0.2.0
 */
export interface FleetCplRemovalEvent {
  readonly cplRemoval: CplRemoval
}

/**
 * An event of a fleet, as the harness SMI takes it and as a campaign's event line holds it.
 *
 * @category Fleet events
 * @since 0.2.0
 */
export type FleetEvent = FleetRequestEvent | FleetResponseEvent | FleetCplRemovalEvent

/** What an event is: its kind, the device it names (none for a CPL removal) and what it carries. */
export type FleetEventParts =
  | { readonly kind: 'request'; readonly deviceId: string; readonly payload: unknown }
  | { readonly kind: 'response'; readonly deviceId: string; readonly payload: unknown }
  | { readonly kind: 'cplRemoval'; readonly deviceId?: undefined; readonly payload: unknown }

const DeviceIdField = primitive('a device ID (a string)', (u: unknown): u is string => typeof u === 'string')
/** Anything present: what it must be is for the rule function to say. */
const Present = primitive('a JSON object', (u: unknown): u is unknown => u !== undefined)

const envelopes: Readonly<Record<FleetEventParts['kind'], t.Mixed>> = {
  request: struct('a request event ({ deviceId, request })', { deviceId: DeviceIdField, request: Present }, {}, true),
  response: struct('a response event ({ deviceId, response })', { deviceId: DeviceIdField, response: Present }, {}, true),
  cplRemoval: struct('a CPL removal event ({ cplRemoval })', { cplRemoval: Present }, {}, true)
}

const KINDS = Object.keys(envelopes) as ReadonlyArray<FleetEventParts['kind']>

/** What an event must be, in words. */
export const EXPECTED_FLEET_EVENT = 'an event: { deviceId, request }, { deviceId, response } or { cplRemoval }'

/**
 * Reads an event's envelope (paths start at `event`): exactly one of `request`, `response`,
 * `cplRemoval`; a `deviceId` string with the first two; no other field.
 */
export function decodeFleetEvent(u: unknown): Either<InputError, FleetEventParts> {
  if (!isRecord(u)) return left(inputError([makeIssue('event', EXPECTED_FLEET_EVENT, u)]))
  const present = KINDS.filter((k) => u[k] !== undefined)
  if (present.length !== 1) {
    const what = present.length === 0 ? 'has no request, response or cplRemoval' : `has ${present.join(' and ')}`
    return left(inputError([makeIssue('event', EXPECTED_FLEET_EVENT, u, `${what}; expected ${EXPECTED_FLEET_EVENT}`)]))
  }
  const kind = present[0] as FleetEventParts['kind']
  const r = decodeWith(envelopes[kind], 'event', u)
  if (r._tag === 'Left') return r
  return right(kind === 'cplRemoval' ? { kind, payload: u.cplRemoval } : { kind, deviceId: u.deviceId as string, payload: u[kind] })
}
