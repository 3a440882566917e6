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
import { checkedAs, unreadable } from './internal/decode.js'
import { checkInput, editionOf, Invalid, Issues } from './internal/inputs.js'
import type { InputError } from './InputError.js'
import { suspensionRules, type SuspensionContext } from './rules/suspension.js'
import type { Alert } from './Alert.js'
import type { SuspensionRuleId } from './rules/Rule.js'

const NO_ALERTS: readonly Alert[] = Object.freeze([])
const IDS: Readonly<Record<SuspensionRuleId, readonly SuspensionRuleId[]>> = { S1: Object.freeze(['S1']), S2: Object.freeze(['S2']) }

const checkedRemovals = checkedAs(CplRemoval)
const checkedDevices = checkedAs(Device)

interface Checked {
  readonly edition: Edition
  readonly removal: CplRemoval
  readonly device: Device | undefined
  readonly prepared: PreparedCplImpl | undefined
}

/**
 * Checks the inputs a removal function was given; `device` and `cpl` are checked only when
 * passed. Returns them as the rules are to read them (see `checkInput`).
 */
function checkInputs(
  options: unknown,
  removal: unknown,
  device: { readonly value: unknown } | undefined,
  cpl: { readonly value: unknown } | undefined,
  root = 'removal'
): Either<InputError, Checked> {
  const edition = editionOf(options)
  const named = checkInput(CplRemoval, checkedRemovals, removal)
  const checked = device === undefined ? undefined : checkInput(Device, checkedDevices, device.value)
  const prepared = cpl === undefined ? undefined : resolveCpl(cpl.value, 'cpl')
  if (edition !== undefined && !(named instanceof Invalid) && !(checked instanceof Invalid) && prepared?._tag !== 'Left') {
    return right({ edition, removal: named, device: checked, prepared: prepared?.right })
  }
  const issues = new Issues()
  if (edition === undefined) issues.options(options)
  if (named instanceof Invalid) issues.input(CplRemoval, root, named)
  if (checked instanceof Invalid) issues.input(Device, 'device', checked)
  if (prepared?._tag === 'Left') issues.add(prepared.left)
  return left(issues.error())
}

/** Decides for `device` (as read); a device the rule leaves unchanged is returned as `given`. */
function decide(removal: CplRemoval, device: Device, given: Device, edition: Edition): SuspensionDecision {
  const context: SuspensionContext = { removal, device }
  for (const rule of suspensionRules) {
    if (rule.applies(context)) {
      const outcome = rule.run(context)
      const next = outcome.device === device ? given : outcome.device
      return { device: next, alerts: NO_ALERTS, edition, rules: IDS[rule.id], reason: outcome.reason }
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
    if (checked._tag === 'Left') return checked
    return right(decide(checked.right.removal, checked.right.device as Device, device, checked.right.edition))
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}

/**
 * Takes an entry off the CPL: returns a new CPL in which its status is `Removed`. Removing an
 * entry that the CPL does not hold as `Current` is an input error. The CPL is read as it is at the
 * call (O(1) when it is immutable, O(n) otherwise: see `prepareCpl`); the new CPL is a frozen array
 * of frozen entries, already prepared, so later calls read it in O(1). O(n) (the copy).
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
  return removeFromCplAt(removal, cpl, 'removal')
}

/**
 * {@link removeFromCpl}, with the removal's issues rooted at `root` (`cplRemoval` for the event
 * field that holds it in a campaign line or a fleet event). @internal
 */
export function removeFromCplAt(removal: unknown, cpl: Cpl | PreparedCpl, root: string): Either<InputError, Cpl> {
  try {
    const checked = checkInputs(undefined, removal, undefined, { value: cpl }, root)
    return checked._tag === 'Left' ? checked : removeEntry(checked.right.prepared as PreparedCplImpl, checked.right.removal, root)
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}

/**
 * Applies a CPL removal to a device and the CPL (rules S1-S2): the device, if it runs the removed
 * firmware and is not Suspended, Decommissioned or Withdrawn, becomes `Suspended` and remembers
 * its status; the entry's status becomes `Removed`. No alert is emitted. Neither input changes.
 * The new CPL is frozen and prepared, as {@link removeFromCpl} returns it.
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
    const { removal: named, device: read, prepared, edition } = checked.right
    const next = removeEntry(prepared as PreparedCplImpl, named, 'removal')
    return next._tag === 'Left' ? next : right({ ...decide(named, read as Device, device, edition), cpl: next.right })
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}
