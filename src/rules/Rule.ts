/**
 * What every rule says of itself: its stable id, what it checks, what it does in each edition,
 * and where that comes from. The rule tables are data; the engines evaluate them and the docs
 * and the CLI render them.
 *
 * @since 0.1.0
 */
import type { Edition } from '../Edition.js'

/**
 * Where a rule comes from: the PIA (with its section), DUIS, or the library's own reading of an
 * open point (an anchor of `docs/assumptions.md`).
 *
 * @category Rules
 * @since 0.1.0
 */
export interface Citation {
  readonly source: 'PIA' | 'DUIS' | 'assumption'
  /** `§2.1` for the PIA, the DUIS topic, or `docs/assumptions.md#anchor`. */
  readonly reference: string
  /** The sentence of the source the rule rests on, where there is one. */
  readonly quote?: string
}

/**
 * Renders a citation as it reads in a table: `PIA §2.1`, `DUIS (Command Variants)`,
 * `docs/assumptions.md#…`.
 *
 * @example
 * import { formatCitation } from 'suspended-device-rules'
 *
 * console.log(formatCitation({ source: 'PIA', reference: '§3 Req 1' })) // PIA §3 Req 1
 *
 * @category Rules
 * @since 0.1.0
 */
export function formatCitation(c: Citation): string {
  switch (c.source) {
    case 'PIA':
      return `PIA ${c.reference}`
    case 'DUIS':
      return `DUIS (${c.reference})`
    case 'assumption':
      return c.reference
  }
}

/**
 * The ids of every rule: authorisation (A), response processing (R) and CPL removal (S).
 *
 * @category Rules
 * @since 0.1.0
 */
export type AuthorisationRuleId = 'A1' | 'A2' | 'A3' | 'A4' | 'A5' | 'A6' | 'A7' | 'A8'
/**
 * @category Rules
 * @since 0.1.0
 */
export type ResponseRuleId = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R6' | 'R7'
/**
 * @category Rules
 * @since 0.1.0
 */
export type SuspensionRuleId = 'S1' | 'S2'
/**
 * @category Rules
 * @since 0.1.0
 */
export type RuleId = AuthorisationRuleId | ResponseRuleId | SuspensionRuleId

/**
 * A rule as data: enough to render the decision tables and trace a decision to its source.
 *
 * @category Rules
 * @since 0.1.0
 */
export interface RuleInfo<Id extends RuleId = RuleId> {
  readonly id: Id
  readonly table: 'authorisation' | 'response' | 'suspension'
  /** When the rule applies, in words. */
  readonly condition: string
  /** What it does in each edition; absent where the rule is not part of that edition. */
  readonly effect: Readonly<Partial<Record<Edition, string>>>
  readonly citations: readonly Citation[]
}

/** The PIA sentences the rules cite, quoted once, word for word (` … ` marks an elision). @internal */
export const PIA = {
  suspendedOnlyCritical: {
    source: 'PIA',
    reference: '§2.1',
    quote:
      'While the Device is in a \'Suspended\' state, only a Critical Service Request (SR) can be sent to those Devices, and any Non-Critical SRs will be rejected by the Data Service Provider (DSP) with an E5 error, "Failed Authorisation – Invalid Device Status".'
  },
  removalSuspends: {
    source: 'PIA',
    reference: '§2.1',
    quote:
      "Once a firmware entry is removed from the Central Products List (CPL), the Smart Metering Inventory (SMI) status for the impacted Devices is set to a 'Suspended' state."
  },
  exceptions: {
    source: 'PIA',
    reference: '§2.1',
    quote:
      "As an exception, the following Non-Critical SRs will be allowed if the Device is 'Suspended': … SR11.1 'Update Firmware'; … SR6.23 'Update Security Credentials ( )'; … SR2.2 'Top Up Device' with a Command Variant value of 2 (only for Smart Metering Equipment Technical Specifications (SMETS) 1 Devices)."
  },
  sr112Rejected: {
    source: 'PIA',
    reference: '§2.1',
    quote: "This means SR11.2 'Read Firmware Version' will be rejected by the DSP E5 validation when the Device is in a 'Suspended' state."
  },
  stuck: {
    source: 'PIA',
    reference: '§2.2',
    quote:
      "if the SR11.3 'Activate Firmware' response for successful firmware activation is not received by the DSP from a Device in 'Suspended' state. In this scenario, the Device will remain in the 'Suspended' state even though the new firmware is now activated on the Device."
  },
  requirement1: {
    source: 'PIA',
    reference: '§3 Req 1',
    quote:
      "The DCC Data Systems shall process SR 11.2 'Read Firmware Version' where a Device has a Smart Metering Inventory (SMI) Status of 'Suspended'."
  },
  requirement2: {
    source: 'PIA',
    reference: '§3 Req 2',
    quote:
      "Upon a Service User's automated second attempt of SR 11.3 'Activate Firmware', the response shall update the SMI with the new firmware version and subsequently the status of the Device."
  },
  e5Modified: {
    source: 'PIA',
    reference: '§3.2',
    quote:
      "DCC Data Systems will modify the E5 validation check so that an SR11.2, targeted at a 'Suspended' Device, is not rejected by the DCC Data Systems."
  },
  sr112Restores: {
    source: 'PIA',
    reference: '§3.2',
    quote:
      "If the Response to SR11.2 from a 'Suspended' Device indicates that new firmware has been activated, then the Device will be unsususpended by updating the status in SMI to the status it held immediately prior to its suspension. DCC Alert N29 (Device Restored from Suspension) will also be sent to the Responsible Import Supplier and to the Responsible Network Operator."
  },
  gpf: {
    source: 'PIA',
    reference: '§3.2',
    quote:
      "It should be noted that the Response to SR11.2 received from a GPF would not be treated as a valid input for restoring the associated GSME from the 'Suspended' state. The existing functionality is to send the DCC Alert N52 (GSME Firmware Version Mismatch) to the Service Users if the received GSME firmware version, returned by the GPF, is different from the corresponding GSME's firmware version available in SMI. This behaviour will remain unchanged."
  },
  sr113IgnoresCode: {
    source: 'PIA',
    reference: '§3.2',
    quote:
      'If the Device Response contains a valid version (CPL status "Current") of the firmware, DSP will update the DeviceFirmwareVersion and Device Status (that it held immediately prior to its Suspension) in the SMI, irrespective of the value held by \'ActivateImageResponseCode\'.'
  },
  smets1: {
    source: 'PIA',
    reference: '§3.2',
    quote:
      'A retry of SR 11.3 is handled differently by SMETS1 Service Providers (S1SP) and a failed activation response may not contain firmware version.'
  }
} as const satisfies Record<string, Citation>

/** Anchors of docs/assumptions.md the rules cite. @internal */
export const ASSUMPTION = {
  noOtherStatusRestriction: { source: 'assumption', reference: 'docs/assumptions.md#statuses-other-than-suspended' },
  whichStatusesSuspend: { source: 'assumption', reference: 'docs/assumptions.md#which-statuses-a-cpl-removal-suspends' },
  e5Literal: { source: 'assumption', reference: 'docs/assumptions.md#the-e5-rule-is-read-literally' },
  n52Recipients: { source: 'assumption', reference: 'docs/assumptions.md#who-receives-n52' },
  baselineSr113: { source: 'assumption', reference: 'docs/assumptions.md#sr113-before-the-modification' },
  commandVariants: { source: 'assumption', reference: 'docs/assumptions.md#command-variants-follow-the-request-matrix' },
  nonDeviceRequests: { source: 'assumption', reference: 'docs/assumptions.md#non-device-requests-are-not-sent-to-the-device' },
  sr112ReadFailure: { source: 'assumption', reference: 'docs/assumptions.md#sr112-read-failure' },
  sr112NotSuspended: { source: 'assumption', reference: 'docs/assumptions.md#sr112-from-a-device-that-is-not-suspended' },
  gpfOnlyForGsme: { source: 'assumption', reference: 'docs/assumptions.md#only-a-gsme-has-a-gpf-answer' }
} as const satisfies Record<string, Citation>

/** @internal */
export const DUIS_CV: Citation = { source: 'DUIS', reference: 'Command Variants; E12 Invalid Request / Command Variant combination' }
