/**
 * The CPL-removal rules S1-S2 (docs/specification.md §2, "CPL removal"). Tests: test/rules/suspension.test.ts.
 *
 * @since 0.1.0
 */
import type { CplRemoval } from '../Cpl.js'
import type { Device, SuspendedDevice } from '../Device.js'
import type { Edition } from '../Edition.js'
import { ASSUMPTION, PIA, type RuleInfo, type SuspensionRuleId } from './Rule.js'

/** What a suspension rule sees. @internal */
export interface SuspensionContext {
  readonly removal: CplRemoval
  readonly device: Device
}

/** @internal */
export interface SuspensionOutcome {
  readonly device: Device
  readonly reason: string
}

/**
 * A CPL-removal rule. Both editions suspend alike.
 *
 * @category Rules
 * @since 0.1.0
 */
export interface SuspensionRule extends RuleInfo<SuspensionRuleId> {
  readonly table: 'suspension'
  /** @internal */
  readonly applies: (c: SuspensionContext) => boolean
  /** @internal */
  readonly run: (c: SuspensionContext) => SuspensionOutcome
}

const runsRemovedFirmware = ({ removal, device }: SuspensionContext): boolean =>
  device.firmwareVersion === removal.firmwareVersion && device.model === removal.model && device.manufacturer === removal.manufacturer

/**
 * The statuses a CPL removal leaves alone (see docs/assumptions.md): rule S1 suspends a device
 * running removed firmware in any other status. Read by the campaign generator, which predicts
 * each device's fate. @internal
 */
export const NOT_SUSPENDED_BY_REMOVAL: ReadonlySet<string> = new Set(['Suspended', 'Decommissioned', 'Withdrawn'])

function rule(
  id: SuspensionRuleId,
  condition: string,
  effect: string,
  applies: SuspensionRule['applies'],
  run: SuspensionRule['run'],
  citations: RuleInfo['citations']
): SuspensionRule {
  const both: Record<Edition, string> = { baseline: effect, SECMP0105: effect }
  return Object.freeze({ id, table: 'suspension', condition, effect: Object.freeze(both), applies, run, citations })
}

/** S1 — PIA §2.1 + assumption: a device running removed firmware becomes Suspended. */
export const S1 = rule(
  'S1',
  'device runs the removed firmware (same manufacturer, model, version) and is not Suspended, Decommissioned or Withdrawn',
  'becomes Suspended; statusBeforeSuspension = its status',
  (c) => runsRemovedFirmware(c) && !NOT_SUSPENDED_BY_REMOVAL.has(c.device.status),
  ({ device }) => {
    const suspended: SuspendedDevice = {
      ...device,
      status: 'Suspended',
      // Stryker disable next-line ConditionalExpression,StringLiteral: equivalent, S1 never applies to a Suspended device
      statusBeforeSuspension: device.status === 'Suspended' ? device.statusBeforeSuspension : device.status
    }
    return { device: suspended, reason: `the device runs firmware removed from the CPL: Suspended, remembering it was ${device.status}` }
  },
  [PIA.removalSuspends, ASSUMPTION.whichStatusesSuspend]
)

/** S2 — PIA §2.1 + assumption: any other device is unchanged by a CPL removal. */
export const S2 = rule(
  'S2',
  'anything else',
  'unchanged',
  () => true,
  (c) => ({
    device: c.device,
    reason: !runsRemovedFirmware(c)
      ? 'the device does not run the removed firmware'
      : c.device.status === 'Suspended'
        ? 'the device is already Suspended'
        : `a ${c.device.status} device is not suspended by a CPL removal`
  }),
  [PIA.removalSuspends, ASSUMPTION.whichStatusesSuspend]
)

/**
 * The CPL-removal table, in evaluation order.
 *
 * @example
 * import { suspensionRules } from 'suspended-device-rules'
 *
 * console.log(suspensionRules.map((r) => `${r.id}: ${r.effect.SECMP0105}`).join(' | '))
 * // S1: becomes Suspended; statusBeforeSuspension = its status | S2: unchanged
 *
 * @category Rules
 * @since 0.1.0
 */
export const suspensionRules: readonly SuspensionRule[] = Object.freeze([S1, S2])
