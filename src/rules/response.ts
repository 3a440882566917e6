/**
 * The response-processing rules R1-R7 (docs/specification.md §2, "Response processing"). Their conditions
 * exclude each other, so exactly one applies to any valid response; the engine takes the first.
 * Tests: test/rules/response.test.ts, one `describe` per rule id.
 *
 * @since 0.1.0
 */
import { n29Alerts, n52Alerts, type Alert } from '../Alert.js'
import type { Device, UnsuspendedDevice } from '../Device.js'
import type { Edition } from '../Edition.js'
import type { ServiceResponse } from '../ServiceResponse.js'
import { ASSUMPTION, PIA, type ResponseRuleId, type RuleInfo } from './Rule.js'

/** What a response rule sees. @internal */
export interface ResponseContext {
  readonly response: ServiceResponse
  readonly device: Device
  /** The firmware version the response reports, if any. */
  readonly reported: string | undefined
  /** True when the CPL holds the device's manufacturer and model with `reported` as `Current`. */
  readonly current: boolean
}

/** What a response rule decides. @internal */
export interface ResponseOutcome {
  readonly device: Device
  readonly alerts: readonly Alert[]
  readonly reason: string
}

/** @internal */
export type ResponseEffect = (c: ResponseContext) => ResponseOutcome

/**
 * A response rule: data for the tables plus the predicate and effects the engine evaluates.
 *
 * @category Rules
 * @since 0.1.0
 */
export interface ResponseRule extends RuleInfo<ResponseRuleId> {
  readonly table: 'response'
  /** @internal */
  readonly applies: (c: ResponseContext) => boolean
  /** @internal */
  readonly effects: Readonly<Partial<Record<Edition, ResponseEffect>>>
}

const NO_ALERTS: readonly Alert[] = Object.freeze([])

function unchanged(c: ResponseContext, reason: string): ResponseOutcome {
  return { device: c.device, alerts: NO_ALERTS, reason }
}

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Restoring: `status` becomes `statusBeforeSuspension`, which is removed, `firmwareVersion`
 * becomes the reported version, and N29 goes to both recipient roles. Every other field is kept,
 * in its place. (A copying loop: rest destructuring costs about twice as much in V8. An own
 * `__proto__` field, possible from `JSON.parse`, is copied as data, as spreading would.)
 */
function restore(c: ResponseContext, reason: string): ResponseOutcome {
  const device = c.device
  // Stryker disable next-line ConditionalExpression,LogicalOperator: equivalent, R2 and R4 call restore only for a Suspended device and a reported version
  if (device.status !== 'Suspended' || c.reported === undefined) return unchanged(c, reason)
  const copy: Record<string, unknown> = {}
  for (const k in device) {
    if (k === 'statusBeforeSuspension' || !hasOwn.call(device, k)) continue
    // Stryker disable next-line ConditionalExpression: equivalent, defining any field this way is the same as assigning it
    if (k === '__proto__') Object.defineProperty(copy, k, { value: device[k], enumerable: true, writable: true, configurable: true })
    else copy[k] = device[k]
  }
  copy.status = device.statusBeforeSuspension
  copy.firmwareVersion = c.reported
  return { device: copy as unknown as UnsuspendedDevice, alerts: n29Alerts(device), reason }
}

/** The device keeps its status and takes the reported firmware version. */
function updateFirmware(c: ResponseContext, reason: string): ResponseOutcome {
  // Stryker disable next-line ConditionalExpression: equivalent, R5 calls updateFirmware only with a reported version
  if (c.reported === undefined) return unchanged(c, reason)
  if (c.reported === c.device.firmwareVersion) return unchanged(c, reason)
  return { device: { ...c.device, firmwareVersion: c.reported } as Device, alerts: NO_ALERTS, reason }
}

const isSr112 = (c: ResponseContext): boolean => c.response.serviceReferenceVariant === '11.2'
const isSr113 = (c: ResponseContext): boolean => c.response.serviceReferenceVariant === '11.3'
const isSuspended = (c: ResponseContext): boolean => c.device.status === 'Suspended'
const isSuccess = (c: ResponseContext): boolean =>
  // Stryker disable next-line ConditionalExpression: equivalent, R4 and R5 read it only for SR11.3 responses (the check narrows the type)
  c.response.serviceReferenceVariant === '11.3' && c.response.activateImageResponseCode === 'success'

function rule(
  id: ResponseRuleId,
  condition: string,
  applies: (c: ResponseContext) => boolean,
  effects: Partial<Record<Edition, readonly [string, ResponseEffect]>>,
  citations: RuleInfo['citations']
): ResponseRule {
  const effect: Partial<Record<Edition, string>> = {}
  const run: Partial<Record<Edition, ResponseEffect>> = {}
  for (const [edition, [text, fn]] of Object.entries(effects) as Array<[Edition, readonly [string, ResponseEffect]]>) {
    effect[edition] = text
    run[edition] = fn
  }
  return Object.freeze({ id, table: 'response', condition, applies, effects: Object.freeze(run), effect: Object.freeze(effect), citations })
}

const both = <E>(e: E): Record<Edition, E> => ({ baseline: e, SECMP0105: e })

/** R1 — PIA §3.2 + assumption: a GPF's answer for a GSME never restores it; N52 on a version mismatch. */
export const R1 = rule(
  'R1',
  'SR11.2 answered by the GPF for a GSME (any device state)',
  (c) => isSr112(c) && c.response.respondent === 'GPF',
  both([
    "the GSME's record never changes; N52 to RIS and RNO when the reported version differs from the SMI's",
    (c) =>
      c.reported === undefined
        ? unchanged(c, "the GPF could not read the GSME's firmware version (a read failure): no change and no N52")
        : c.reported !== c.device.firmwareVersion
          ? {
              device: c.device,
              alerts: n52Alerts(c.device, c.reported),
              reason: "the GPF's copy of the GSME's firmware version differs from the SMI's: N52, and the GSME's record is not changed"
            }
          : unchanged(c, "the GPF's copy of the GSME's firmware version matches the SMI's; a GPF's answer never changes the GSME's record")
  ] as const),
  [PIA.gpf, ASSUMPTION.n52Recipients, ASSUMPTION.sr112ReadFailure]
)

/** R2 — PIA §3 Req 1, §3.2: under SECMP0105 an SR11.2 response showing Current firmware restores a Suspended device. */
export const R2 = rule(
  'R2',
  'SR11.2 from the device, reported version Current, device Suspended',
  (c) => isSr112(c) && isSuspended(c) && c.current,
  {
    SECMP0105: [
      'restore, N29 to RIS and RNO',
      (c) => restore(c, 'the device reports firmware that is Current on the CPL: restored to the status it held before suspension')
    ]
  },
  [PIA.requirement1, PIA.sr112Restores]
)

/** R3 — PIA §2.2, §3.2 + assumption: any other SR11.2 response from the device changes nothing. */
export const R3 = rule(
  'R3',
  'SR11.2 from the device: not Suspended, or version not Current or not reported (a read failure), or baseline',
  isSr112,
  both([
    'no change',
    (c) =>
      unchanged(
        c,
        c.reported === undefined
          ? 'the SR11.2 response carries no firmware version (a read failure): nothing to check against the CPL, no change'
          : !isSuspended(c)
            ? 'the device is not Suspended; an SR11.2 response does not change its record'
            : !c.current
              ? 'the reported firmware is not Current on the CPL for this manufacturer and model; the device stays Suspended'
              : 'before SECMP0105 an SR11.2 response does not restore a Suspended device'
      )
  ] as const),
  [PIA.stuck, PIA.sr112Restores, ASSUMPTION.sr112NotSuspended, ASSUMPTION.sr112ReadFailure]
)

/** R4 — PIA §3 Req 2, §3.2 + assumption: an SR11.3 response showing Current firmware restores a Suspended device. */
export const R4 = rule(
  'R4',
  'SR11.3 with a firmware version that is Current, device Suspended',
  (c) => isSr113(c) && c.current && isSuspended(c),
  {
    baseline: [
      'restore (N29) only when activateImageResponseCode is success; otherwise no change',
      (c) =>
        isSuccess(c)
          ? restore(c, 'a successful activation of firmware that is Current on the CPL: restored to the status held before suspension')
          : unchanged(
              c,
              'before SECMP0105 an SR11.3 response restores only when activateImageResponseCode is success; the device stays Suspended'
            )
    ],
    SECMP0105: [
      'restore, N29 to RIS and RNO, whatever activateImageResponseCode says',
      (c) => restore(c, 'the device reports firmware that is Current on the CPL: restored whatever activateImageResponseCode says')
    ]
  },
  [PIA.requirement2, PIA.sr113IgnoresCode, ASSUMPTION.baselineSr113]
)

/** R5 — PIA §3.2 + assumption: an SR11.3 response showing Current firmware updates a device that is not Suspended. */
export const R5 = rule(
  'R5',
  'SR11.3 with a firmware version that is Current, device not Suspended',
  (c) => isSr113(c) && c.current && !isSuspended(c),
  {
    baseline: [
      'firmwareVersion updated only when activateImageResponseCode is success; status unchanged',
      (c) =>
        isSuccess(c)
          ? updateFirmware(c, 'a successful activation of firmware that is Current on the CPL: firmwareVersion updated')
          : unchanged(c, 'before SECMP0105 an SR11.3 response updates the SMI only when activateImageResponseCode is success')
    ],
    SECMP0105: [
      'firmwareVersion updated; status unchanged',
      (c) => updateFirmware(c, 'the device reports firmware that is Current on the CPL: firmwareVersion updated, status unchanged')
    ]
  },
  [PIA.sr113IgnoresCode, ASSUMPTION.baselineSr113]
)

/** R6 — PIA §3.2: an SR11.3 response without a firmware version changes nothing. */
export const R6 = rule(
  'R6',
  'SR11.3 with no firmware version (future-dated acceptance; a SMETS1 failed activation)',
  (c) => isSr113(c) && c.reported === undefined,
  both([
    'no change',
    (c) => unchanged(c, 'the SR11.3 response carries no firmware version, so there is nothing to check against the CPL')
  ] as const),
  [PIA.smets1, PIA.sr113IgnoresCode]
)

/** R7 — PIA §3.2: an SR11.3 response whose firmware version is not Current changes nothing. */
export const R7 = rule(
  'R7',
  'SR11.3 whose firmware version is not Current',
  (c) => isSr113(c) && !c.current,
  both(['no change', (c) => unchanged(c, 'the reported firmware is not Current on the CPL for this manufacturer and model')] as const),
  [PIA.sr113IgnoresCode]
)

/**
 * The response table, in evaluation order.
 *
 * @example
 * import { responseRules } from 'suspended-device-rules'
 *
 * console.log(responseRules.map((r) => r.id).join(' ')) // R1 R2 R3 R4 R5 R6 R7
 * console.log(responseRules.find((r) => r.id === 'R2')?.effect) // { SECMP0105: 'restore, N29 to RIS and RNO' }
 *
 * @category Rules
 * @since 0.1.0
 */
export const responseRules: readonly ResponseRule[] = Object.freeze([R1, R2, R3, R4, R5, R6, R7])
