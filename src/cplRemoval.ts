/**
 * CPL removal: firmware taken off the Central Products List suspends the devices running it.
 *
 * @since 0.1.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { CplRemoval, removeEntry, resolveCpl, type Cpl, type PreparedCpl, type PreparedCplImpl } from './Cpl.js'
import type { CplRemovalDecision, SuspensionDecision } from './Decision.js'
import { Device } from './Device.js'
import type { Edition, RuleOptions } from './Edition.js'
import { unreadable } from './internal/decode.js'
import { editionOf, Issues } from './internal/inputs.js'
import type { InputError } from './InputError.js'
import { suspensionRules, type SuspensionContext } from './rules/suspension.js'
import type { Alert } from './Alert.js'
import type { SuspensionRuleId } from './rules/Rule.js'

const NO_ALERTS: readonly Alert[] = Object.freeze([])
const IDS: Readonly<Record<SuspensionRuleId, readonly SuspensionRuleId[]>> = { S1: Object.freeze(['S1']), S2: Object.freeze(['S2']) }

/** Checks the inputs a removal function was given; `device` and `cpl` are checked only when passed. */
function checkInputs(
  options: unknown,
  removal: unknown,
  device: { readonly value: unknown } | undefined,
  cpl: { readonly value: unknown } | undefined
): Either<InputError, { readonly edition: Edition; readonly prepared: PreparedCplImpl | undefined }> {
  const edition = editionOf(options)
  const removalOk = CplRemoval.is(removal)
  const deviceOk = device === undefined || Device.is(device.value)
  const prepared = cpl === undefined ? undefined : resolveCpl(cpl.value, 'cpl')
  if (edition !== undefined && removalOk && deviceOk && prepared?._tag !== 'Left') {
    return right({ edition, prepared: prepared?.right })
  }
  const issues = new Issues()
  if (edition === undefined) issues.options(options)
  // Stryker disable next-line ConditionalExpression: equivalent, decoding a valid input adds no issue
  if (!removalOk) issues.codec(CplRemoval, 'removal', removal)
  // Stryker disable next-line OptionalChaining: equivalent, deviceOk is false only when a device was given
  if (!deviceOk) issues.codec(Device, 'device', device?.value)
  if (prepared?._tag === 'Left') issues.add(prepared.left)
  return left(issues.error() as InputError)
}

function decide(removal: CplRemoval, device: Device, edition: Edition): SuspensionDecision {
  const context: SuspensionContext = { removal, device }
  for (const rule of suspensionRules) {
    if (rule.applies(context)) {
      const outcome = rule.run(context)
      return { device: outcome.device, alerts: NO_ALERTS, edition, rules: IDS[rule.id], reason: outcome.reason }
    }
  }
  // Stryker disable next-line all: unreachable, S2 applies to every device
  throw new Error('no suspension rule applied') // S2 applies to everything
}

/**
 * What a CPL removal does to one device (rules S1-S2), without touching the CPL: for applying
 * one removal to a whole fleet, after {@link removeFromCpl} has checked and applied it to the CPL
 * once.
 *
 * @example
 * import { suspendOnCplRemoval } from 'suspended-device-rules'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'GSME', smetsGeneration: 'SMETS2', status: 'Commissioned',
 *   manufacturer: 'ACME', model: 'G-100', firmwareVersion: '01000000'
 * } as const
 * const result = suspendOnCplRemoval({ manufacturer: 'ACME', model: 'G-100', firmwareVersion: '01000000' }, device)
 * if (result._tag === 'Right') console.log(result.right.device.status, result.right.device.statusBeforeSuspension) // Suspended Commissioned
 *
 * @category Rule functions
 * @since 0.1.0
 */
export function suspendOnCplRemoval(removal: CplRemoval, device: Device, options?: RuleOptions): Either<InputError, SuspensionDecision> {
  try {
    const checked = checkInputs(options, removal, { value: device }, undefined)
    return checked._tag === 'Left' ? checked : right(decide(removal, device, checked.right.edition))
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}

/**
 * Takes an entry off the CPL: returns a new CPL in which its status is `Removed`. Removing an
 * entry that the CPL does not hold as `Current` is an input error.
 *
 * @example
 * import { removeFromCpl } from 'suspended-device-rules'
 *
 * const cpl = [{ manufacturer: 'ACME', model: 'G-100', firmwareVersion: '01000000', status: 'Current' }] as const
 * const next = removeFromCpl({ manufacturer: 'ACME', model: 'G-100', firmwareVersion: '01000000' }, cpl)
 * if (next._tag === 'Right') console.log(next.right[0]?.status) // Removed
 *
 * @category Rule functions
 * @since 0.1.0
 */
export function removeFromCpl(removal: CplRemoval, cpl: Cpl | PreparedCpl): Either<InputError, Cpl> {
  try {
    const checked = checkInputs(undefined, removal, undefined, { value: cpl })
    return checked._tag === 'Left' ? checked : removeEntry(checked.right.prepared as PreparedCplImpl, removal, 'removal')
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}

/**
 * Applies a CPL removal to a device and the CPL (rules S1-S2): the device, if it runs the removed
 * firmware and is not Suspended, Decommissioned or Withdrawn, becomes `Suspended` and remembers
 * its status; the entry's status becomes `Removed`. No alert is emitted. Neither input changes.
 *
 * @example
 * import { applyCplRemoval } from 'suspended-device-rules'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2', status: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * } as const
 * const cpl = [{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', status: 'Current' }] as const
 *
 * const result = applyCplRemoval({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00' }, device, cpl)
 * if (result._tag === 'Right') {
 *   console.log(result.right.device.status, result.right.rules, result.right.cpl[0]?.status) // Suspended [ 'S1' ] Removed
 * }
 *
 * @category Rule functions
 * @since 0.1.0
 */
export function applyCplRemoval(
  removal: CplRemoval,
  device: Device,
  cpl: Cpl | PreparedCpl,
  options?: RuleOptions
): Either<InputError, CplRemovalDecision> {
  try {
    const checked = checkInputs(options, removal, { value: device }, { value: cpl })
    if (checked._tag === 'Left') return checked
    const next = removeEntry(checked.right.prepared as PreparedCplImpl, removal, 'removal')
    return next._tag === 'Left' ? next : right({ ...decide(removal, device, checked.right.edition), cpl: next.right })
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}
