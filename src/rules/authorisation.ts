/**
 * The authorisation rules A1-A8 (docs/specification.md §2, "Authorisation"). Checked in the order
 * A1…A6, A8, A7; the first rule
 * that applies in the edition decides. Tests: test/rules/authorisation.test.ts, one `describe`
 * per rule id.
 *
 * @since 0.1.0
 */
import type { SmetsGeneration } from '../Device.js'
import type { Edition } from '../Edition.js'
import type { ResponseCode } from '../Decision.js'
import type { CommandVariant, ServiceRequestVariantInfo } from '../ServiceRequestVariant.js'
import { ASSUMPTION, DUIS_CV, PIA, type AuthorisationRuleId, type RuleInfo } from './Rule.js'

/**
 * What an authorisation rule sees: the facts of the request and device that authorisation
 * depends on, and nothing else. Because a decision is a function of these facts alone, the
 * engine can remember it per combination (see src/authoriseRequest.ts).
 *
 * @internal
 */
export interface AuthorisationContext {
  readonly variant: ServiceRequestVariantInfo
  readonly commandVariant: CommandVariant
  readonly suspended: boolean
  readonly smetsGeneration: SmetsGeneration
}

/**
 * The memo slot of a context, for remembering decisions (src/authoriseRequest.ts): one number
 * per combination of the facts above, `variantIndex` being the SRV's position in the catalogue.
 * It is written here, beside the type, and takes the facts under their own names: a fact added
 * to {@link AuthorisationContext} without a place in the slot fails to compile (see
 * `FactsInSlot` below), so a rule can never read a fact that the memo does not tell apart.
 *
 * @internal
 */
export function contextSlot(
  variantIndex: number,
  commandVariant: AuthorisationContext['commandVariant'],
  suspended: AuthorisationContext['suspended'],
  smetsGeneration: AuthorisationContext['smetsGeneration']
): number {
  return ((variantIndex * 8 + (commandVariant - 1)) * 2 + (suspended ? 1 : 0)) * 2 + (smetsGeneration === 'SMETS1' ? 1 : 0)
}

/** The number of slots per SRV: 8 Command Variants x suspended or not x 2 SMETS generations. @internal */
export const SLOTS_PER_VARIANT = 8 * 2 * 2

/** The facts {@link contextSlot} numbers: `variant` by its index, the others by value. */
type FactsInSlot = 'variant' | 'commandVariant' | 'suspended' | 'smetsGeneration'
/** Compiles only while every fact of {@link AuthorisationContext} has a place in the slot, and no other. */
type AuthorisationFactsCovered = [keyof AuthorisationContext] extends [FactsInSlot]
  ? [FactsInSlot] extends [keyof AuthorisationContext]
    ? true
    : never
  : never
// a fifth fact makes the type `never`, and this line a compile error
const factsCovered: AuthorisationFactsCovered = true
void factsCovered

/** What an authorisation rule decides in one edition. @internal */
export interface AuthorisationEffect {
  readonly outcome: 'Authorised' | 'Rejected'
  readonly responseCode?: ResponseCode
  readonly reason: string
}

/**
 * An authorisation rule: data for the tables plus the predicate the engine evaluates.
 *
 * @category Rules
 * @since 0.1.0
 */
export interface AuthorisationRule extends RuleInfo<AuthorisationRuleId> {
  readonly table: 'authorisation'
  /** @internal */
  readonly applies: (c: AuthorisationContext) => boolean
  /** @internal */
  readonly effects: Readonly<Partial<Record<Edition, AuthorisationEffect>>>
}

const both = <E>(e: E): Record<Edition, E> => ({ baseline: e, SECMP0105: e })

function rule(
  id: AuthorisationRuleId,
  condition: string,
  applies: (c: AuthorisationContext) => boolean,
  effects: Partial<Record<Edition, AuthorisationEffect>>,
  citations: RuleInfo['citations']
): AuthorisationRule {
  const effect: Partial<Record<Edition, string>> = {}
  for (const [edition, e] of Object.entries(effects) as Array<[Edition, AuthorisationEffect]>) {
    // Stryker disable next-line StringLiteral: unreachable default, every Rejected effect names its code
    effect[edition] = e.outcome === 'Authorised' ? 'Authorised' : `Rejected ${e.responseCode ?? ''}`.trim()
  }
  return Object.freeze({
    id,
    table: 'authorisation',
    condition,
    applies,
    effects: Object.freeze(effects),
    effect: Object.freeze(effect),
    citations
  })
}

/** A1 — DUIS + assumption: the Command Variant must fit the SRV (Critical 4-7, Non-Critical device 1-3, Non-Device 8). */
export const A1 = rule(
  'A1',
  'Command Variant not allowed for the SRV (Critical 4-7, Non-Critical device 1-3, Non-Device 8)',
  (c) => !c.variant.allowedCommandVariants.includes(c.commandVariant),
  both({
    outcome: 'Rejected',
    responseCode: 'E12',
    reason: 'the Command Variant is not one this Service Request Variant takes (E12 Invalid Request / Command Variant combination)'
  }),
  [DUIS_CV, ASSUMPTION.commandVariants]
)

/** A2 — assumption: the ruleset restricts no status but Suspended. */
export const A2 = rule(
  'A2',
  'device not Suspended',
  (c) => !c.suspended,
  both({ outcome: 'Authorised', reason: 'the device is not Suspended, and this ruleset places no restriction on other statuses' }),
  [ASSUMPTION.noOtherStatusRestriction]
)

/** A3 — PIA §2.1: Critical SRs may always be sent to a Suspended device. */
export const A3 = rule(
  'A3',
  'SRV is Critical',
  (c) => c.variant.critical,
  both({ outcome: 'Authorised', reason: 'a Critical service request may be sent to a Suspended device' }),
  [PIA.suspendedOnlyCritical]
)

/** A4 — PIA §2.1: SR11.1 Update Firmware and SR6.23 Update Security Credentials are excepted. */
export const A4 = rule(
  'A4',
  'SRV 11.1 (Update Firmware) or 6.23 (Update Security Credentials (CoS))',
  (c) => c.variant.srv === '11.1' || c.variant.srv === '6.23',
  both({ outcome: 'Authorised', reason: 'SR11.1 and SR6.23 are excepted from the E5 check for a Suspended device' }),
  [PIA.exceptions]
)

/** A5 — PIA §2.1: SR2.2 Top Up Device with Command Variant 2 is excepted for SMETS1 devices. */
export const A5 = rule(
  'A5',
  'SRV 2.2 (Top Up Device) with Command Variant 2 and a SMETS1 device',
  (c) => c.variant.srv === '2.2' && c.commandVariant === 2 && c.smetsGeneration === 'SMETS1',
  both({ outcome: 'Authorised', reason: 'SR2.2 with Command Variant 2 to a SMETS1 device is excepted from the E5 check' }),
  [PIA.exceptions]
)

/** A6 — PIA §3 Req 1, §3.2: SECMP0105 lets SR11.2 Read Firmware Version through; baseline falls through to A7. */
export const A6 = rule(
  'A6',
  'SRV 11.2 (Read Firmware Version)',
  (c) => c.variant.srv === '11.2',
  { SECMP0105: { outcome: 'Authorised', reason: 'SECMP0105 lets SR11.2 Read Firmware Version reach a Suspended device' } },
  [PIA.requirement1, PIA.e5Modified]
)

/**
 * The DUIS sections whose Non-Device SRVs touch only the DCC's own records and services (section 8,
 * Device Management: 8.2 Read Inventory, 8.3 Decommission Device, 8.4, 8.6, 8.13, 8.14.x; section
 * 12, 12.1 WAN Matrix and 12.2 Device Pre-notification): nothing is sent to the device.
 */
const DCC_RECORD_SECTIONS: ReadonlySet<string> = new Set(['8', '12'])

/** True for a Non-Device SRV of DUIS section 8 or 12. @internal */
export const isDccRecordRequest = (v: ServiceRequestVariantInfo): boolean =>
  v.nonDevice && DCC_RECORD_SECTIONS.has(v.srv.slice(0, v.srv.indexOf('.')))

/** A8 — PIA §2.1 + assumption: a Non-Device SRV of DUIS sections 8 or 12 sends nothing to the device, so E5 does not apply. */
export const A8 = rule(
  'A8',
  "a Non-Device SRV of DUIS sections 8 or 12 (8.2, 8.3, 8.4, 8.6, 8.13, 8.14.x, 12.1, 12.2: the DCC's own records and services)",
  (c) => isDccRecordRequest(c.variant),
  both({
    outcome: 'Authorised',
    reason: "a Non-Device service request of DUIS section 8 or 12 works on the DCC's own records and sends nothing to the device"
  }),
  [PIA.suspendedOnlyCritical, ASSUMPTION.nonDeviceRequests]
)

/** A7 — PIA §2.1 + assumption: every other Non-Critical SR to a Suspended device is refused with E5. */
export const A7 = rule(
  'A7',
  'any other Non-Critical SRV',
  () => true,
  both({
    outcome: 'Rejected',
    responseCode: 'E5',
    reason: 'a Non-Critical service request to a Suspended device is refused: E5 Failed Authorisation – Invalid Device Status'
  }),
  [PIA.suspendedOnlyCritical, PIA.sr112Rejected, ASSUMPTION.e5Literal]
)

/**
 * The authorisation table, in evaluation order.
 *
 * @example
 * import { authorisationRules } from 'suspended-device-rules'
 *
 * console.log(authorisationRules.map((r) => r.id).join(' ')) // A1 A2 A3 A4 A5 A6 A8 A7
 * const a6 = authorisationRules.find((r) => r.id === 'A6')
 * console.log(`${a6?.condition}: ${a6?.effect.SECMP0105} in SECMP0105, ${a6?.effect.baseline ?? 'absent'} in baseline`)
 * // SRV 11.2 (Read Firmware Version): Authorised in SECMP0105, absent in baseline
 *
 * @category Rules
 * @since 0.1.0
 */
export const authorisationRules: readonly AuthorisationRule[] = Object.freeze([A1, A2, A3, A4, A5, A6, A8, A7])
