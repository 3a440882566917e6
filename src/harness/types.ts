/**
 * The types of the harness SMI: its options, the fleet it starts from, what it answers and what
 * it can be asked.
 *
 * @since 0.2.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import type { Alert } from '../Alert.js'
import type { Cpl } from '../Cpl.js'
import type { AuthorisationDecision, ResponseDecision, SuspensionDecision } from '../Decision.js'
import type { Device } from '../Device.js'
import type { Edition } from '../Edition.js'
import type { FleetEvent } from '../FleetEvent.js'
import type { InputError } from '../InputError.js'
import type { OutstandingRequest } from '../outstanding.js'

/**
 * How an SMI decides.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export interface SmiOptions {
  /** Which rule edition decides; default `SECMP0105`. */
  readonly edition?: Edition
  /**
   * Whether a response counts only while an authorised request of its Service Request Variant is
   * outstanding for the device, as in a real DSP, where a refused request never reaches the device
   * (default `true`). With `false`, every response is processed (it still answers an outstanding
   * request when there is one).
   */
  readonly requireOutstandingRequest?: boolean
}

/**
 * What a CPL removal decided for one device of the fleet.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export interface DeviceSuspension {
  readonly deviceId: string
  readonly decision: SuspensionDecision
}

/**
 * What the SMI answers an event with: its kind, the decision, and the alerts it raised (only a
 * response raises alerts). A response nothing awaits is `delivered: false` and changes nothing.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export type SmiAnswer =
  | {
      readonly kind: 'request'
      readonly deviceId: string
      readonly decision: AuthorisationDecision
      /** Whether the request now awaits a response (an authorised SR11.2 or SR11.3). */
      readonly awaitsResponse: boolean
      readonly alerts: readonly Alert[]
    }
  | {
      readonly kind: 'response'
      readonly deviceId: string
      readonly delivered: true
      readonly decision: ResponseDecision
      readonly alerts: readonly Alert[]
    }
  | {
      readonly kind: 'response'
      readonly deviceId: string
      readonly delivered: false
      /** Why the response was not processed. */
      readonly reason: string
      readonly alerts: readonly Alert[]
    }
  | {
      readonly kind: 'cplRemoval'
      /** The CPL after the removal. */
      readonly cpl: Cpl
      /** What rules S1-S2 decided for each device, in the fleet's order. */
      readonly decisions: readonly DeviceSuspension[]
      readonly alerts: readonly Alert[]
    }

/**
 * An in-memory SMI (see {@link createSmi}). `apply` is the only method that changes it.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export interface Smi {
  /** The edition that decides. */
  readonly edition: Edition
  /** The CPL as it is now. */
  readonly cpl: Cpl
  /**
   * Applies one event: decides it by the rules and keeps what changed. An input error (a
   * malformed event, a device the SMI does not hold, a request or response the rule functions
   * refuse) is a `Left` and changes nothing.
   */
  apply(event: FleetEvent): Either<InputError, SmiAnswer>
  /** The device record with this ID, as it is now (`undefined` when the SMI holds none). */
  device(deviceId: string): Device | undefined
  /** Every device record as it is now, in the order the fleet was given. */
  devices(): readonly Device[]
  /** Every alert raised so far, in order. */
  alerts(): readonly Alert[]
  /** The requests awaiting a response: per device and SRV, with how many. */
  outstanding(): readonly OutstandingRequest[]
}

/**
 * The fleet an SMI starts from.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export interface SmiFleet {
  readonly devices: readonly Device[]
  /** The CPL; default empty. */
  readonly cpl?: Cpl
}
