/**
 * Outstanding requests: the domain rule that decides whether a response counts. A device answers
 * only a request the DCC sent it, and a request refused (E5, E12) is never sent; so a response
 * counts only while an authorised request of the same Service Request Variant is outstanding for
 * that device, and each such request is answered once. The harness SMI and the campaign replay
 * both apply the rule through this module, so it is written once.
 *
 * Pure: no I/O, no clock. Counts are exact (a JavaScript number counts exactly to 2^53), with no
 * per-device limit and no packing of several counts into one number.
 *
 * @since 0.2.0
 */
import type { AuthorisationDecision } from './Decision.js'
import type { ServiceResponse } from './ServiceResponse.js'

/**
 * The Service Request Variants the rules process a response to (SR11.2 Read Firmware Version,
 * SR11.3 Activate Firmware): the only requests that await a response.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export type AnsweredServiceReferenceVariant = ServiceResponse['serviceReferenceVariant']

/**
 * Requests of one Service Request Variant awaiting their response from one device.
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export interface OutstandingRequest {
  readonly deviceId: string
  readonly serviceReferenceVariant: AnsweredServiceReferenceVariant
  /** How many were authorised and not yet answered (at least 1). */
  readonly count: number
}

/** Every answered SRV (the type makes this list complete: a new response shape must be added here). */
const ANSWERED: Readonly<Record<AnsweredServiceReferenceVariant, true>> = { '11.2': true, '11.3': true }
const ANSWERED_LIST = Object.keys(ANSWERED) as readonly AnsweredServiceReferenceVariant[]
const hasOwn = Object.prototype.hasOwnProperty

/** True for an SRV whose response the rules process. */
export function awaitsResponse(srv: unknown): srv is AnsweredServiceReferenceVariant {
  return typeof srv === 'string' && hasOwn.call(ANSWERED, srv)
}

/**
 * The requests awaiting a response, per device and SRV. Feed it every request's decision
 * ({@link OutstandingRequests.request}) and ask it, for every response, whether the response
 * counts ({@link OutstandingRequests.respond}).
 */
export class OutstandingRequests {
  /** Per SRV, the count of each device that has any (a device whose count falls to 0 is deleted). */
  private readonly counts = Object.fromEntries(ANSWERED_LIST.map((srv) => [srv, new Map<string, number>()])) as Readonly<
    Record<AnsweredServiceReferenceVariant, Map<string, number>>
  >
  private totalCount = 0

  /**
   * Notes the decision on a request to a device: an authorised request of an SRV that is answered
   * is now outstanding (returns true); any other request changes nothing (returns false).
   */
  request(deviceId: string, srv: string, decision: AuthorisationDecision): boolean {
    if (decision.outcome !== 'Authorised' || !awaitsResponse(srv)) return false
    const counts = this.counts[srv]
    counts.set(deviceId, (counts.get(deviceId) ?? 0) + 1)
    this.totalCount++
    return true
  }

  /**
   * Whether a response of `srv` from the device counts: true when a request of that SRV is
   * outstanding for it, which the response then answers (one fewer is outstanding); false for a
   * response nothing awaits (it changes nothing here).
   */
  respond(deviceId: string, srv: AnsweredServiceReferenceVariant): boolean {
    const counts = this.counts[srv]
    const n = counts.get(deviceId)
    if (n === undefined) return false
    if (n === 1) counts.delete(deviceId)
    else counts.set(deviceId, n - 1)
    this.totalCount--
    return true
  }

  /** How many requests of `srv` await a response from the device. */
  count(deviceId: string, srv: AnsweredServiceReferenceVariant): number {
    return this.counts[srv].get(deviceId) ?? 0
  }

  /** How many requests await a response, over every device and SRV. */
  get total(): number {
    return this.totalCount
  }

  /** Every device and SRV with requests outstanding: by SRV, then in the order the devices were first awaited. */
  list(): OutstandingRequest[] {
    const out: OutstandingRequest[] = []
    for (const srv of ANSWERED_LIST) {
      for (const [deviceId, count] of this.counts[srv]) out.push({ deviceId, serviceReferenceVariant: srv, count })
    }
    return out
  }
}
