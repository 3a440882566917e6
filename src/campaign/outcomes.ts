/**
 * What a replay did, counted by outcome rather than by rule: a rule's count says how often it
 * decided, not what its decision did (R4 both restores a Suspended device and, in `baseline` with
 * an activation that failed, leaves it as it was; R5 updates a firmware version or finds it already
 * the reported one). Pure: no Node module, no I/O.
 *
 * @since 0.1.0
 */
import type { ReplayCounters } from './replay.js'

/**
 * A replay's outcomes. Each event that was applied is counted under exactly one outcome of its kind:
 *
 * - requests: `authorised` + `refusedE5` + `refusedE12` = the requests applied;
 * - responses: `restoredBySr112` + `restoredBySr113` + `firmwareUpdatedNotSuspended` + `responseChangedNothing`
 *   + `responseNeverDelivered` = the responses applied;
 * - CPL removals: each device running the removed firmware is `suspendedByCplRemoval`, or
 *   `notSuspendedByCplRemoval` (already Suspended, Decommissioned or Withdrawn: rule S2).
 *
 * Alerts are counted apart (`n29Alerts`, `n52Alerts`): one response can raise one.
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export interface ReplayOutcomes {
  /** Requests authorised (A2-A6, A8). */
  readonly authorised: number
  /** Requests refused with E5, "Invalid Device Status" (A7): a Non-Critical request to a Suspended device. */
  readonly refusedE5: number
  /** Requests refused with E12 (A1): a Command Variant the SRV does not take. */
  readonly refusedE12: number
  /** Suspended devices restored by an SR11.2 response reporting Current firmware (R2, SECMP0105 only). */
  readonly restoredBySr112: number
  /** Suspended devices restored by an SR11.3 response reporting Current firmware (R4). */
  readonly restoredBySr113: number
  /** Devices not Suspended whose recorded firmware version became the one an SR11.3 response reported (R5). */
  readonly firmwareUpdatedNotSuspended: number
  /** Responses applied that changed nothing in the device's record (R1, R3, R6, R7; R4 and R5 in `baseline` when activation failed; R5 with the version already recorded). */
  readonly responseChangedNothing: number
  /** Responses with no authorised request of their SRV awaiting one: never delivered to the DSP, so not applied. */
  readonly responseNeverDelivered: number
  /** Authorised SR11.2 and SR11.3 requests that no response answered. */
  readonly requestNeverAnswered: number
  /** Devices Suspended because the CPL entry of their firmware was removed (S1). */
  readonly suspendedByCplRemoval: number
  /** Devices running removed firmware that a removal did not suspend: already Suspended, Decommissioned or Withdrawn (S2). */
  readonly notSuspendedByCplRemoval: number
  /** N29 alerts (a device restored). */
  readonly n29Alerts: number
  /** N52 alerts (a GSME firmware version mismatch). */
  readonly n52Alerts: number
}

/**
 * The outcomes of a replay, from its counters.
 *
 * @example
 * import { FleetReplay, outcomesOf } from 'suspended-device-rules/campaign'
 *
 * const replay = new FleetReplay([], { edition: 'SECMP0105' })
 * const outcomes = outcomesOf(replay.finish())
 * console.log(outcomes.restoredBySr112, outcomes.responseChangedNothing) // 0 0
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export function outcomesOf(c: ReplayCounters): ReplayOutcomes {
  return {
    authorised: c.authorised,
    refusedE5: c.refusedE5,
    refusedE12: c.refusedE12,
    restoredBySr112: c.restoredBySr112,
    restoredBySr113: c.restoredBySr113,
    firmwareUpdatedNotSuspended: c.firmwareUpdated,
    responseChangedNothing: c.responsesNoChange,
    responseNeverDelivered: c.unsolicitedResponses,
    requestNeverAnswered: c.unanswered,
    suspendedByCplRemoval: c.suspendedByRemoval,
    notSuspendedByCplRemoval: c.rules.S2 ?? 0,
    n29Alerts: c.alertsN29,
    n52Alerts: c.alertsN52
  }
}
