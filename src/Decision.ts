/**
 * What the rule functions decide. Every decision names its edition, the ids of the rules that
 * decided it and a one-line reason.
 *
 * @since 0.1.0
 */
import type { Alert } from './Alert.js'
import type { Cpl } from './Cpl.js'
import type { Device } from './Device.js'
import type { Edition } from './Edition.js'
import type { AuthorisationRuleId, ResponseRuleId, SuspensionRuleId } from './rules/Rule.js'

/**
 * The DUIS response codes a refusal carries: E5 Failed Authorisation – Invalid Device Status,
 * E12 Invalid Request / Command Variant combination.
 *
 * @category Decisions
 * @since 0.1.0
 */
export type ResponseCode = 'E5' | 'E12'

/**
 * The request may go to the device.
 *
 * @category Decisions
 * @since 0.1.0
 */
export interface Authorised {
  readonly outcome: 'Authorised'
  readonly edition: Edition
  readonly rules: readonly AuthorisationRuleId[]
  readonly reason: string
}

/**
 * The request is refused with a DUIS response code.
 *
 * @category Decisions
 * @since 0.1.0
 */
export interface Rejected {
  readonly outcome: 'Rejected'
  readonly responseCode: ResponseCode
  readonly edition: Edition
  readonly rules: readonly AuthorisationRuleId[]
  readonly reason: string
}

/**
 * What `authoriseRequest` decides.
 *
 * @category Decisions
 * @since 0.1.0
 */
export type AuthorisationDecision = Authorised | Rejected

/**
 * What `processResponse` decides: the new device record and the alerts to emit.
 *
 * @category Decisions
 * @since 0.1.0
 */
export interface ResponseDecision {
  readonly device: Device
  readonly alerts: readonly Alert[]
  readonly edition: Edition
  readonly rules: readonly ResponseRuleId[]
  readonly reason: string
}

/**
 * What a CPL removal decides for one device: the new device record (no alert is ever emitted).
 *
 * @category Decisions
 * @since 0.1.0
 */
export interface SuspensionDecision {
  readonly device: Device
  readonly alerts: readonly Alert[]
  readonly edition: Edition
  readonly rules: readonly SuspensionRuleId[]
  readonly reason: string
}

/**
 * What `applyCplRemoval` decides: the device's decision plus the new CPL.
 *
 * @category Decisions
 * @since 0.1.0
 */
export interface CplRemovalDecision extends SuspensionDecision {
  readonly cpl: Cpl
}
