/**
 * The device record: an entry of the Smart Metering Inventory (SMI), in the JSON shape of docs/specification.md §3.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { Either } from 'fp-ts/lib/Either.js'
import { enumeration, isRecord, struct, type Codec } from './internal/codec.js'
import { decodeWith } from './internal/decode.js'
import { Eui64, FirmwareVersion, ProductName } from './Identifiers.js'
import type { InputError } from './InputError.js'

/**
 * The SMI statuses of DUIS `DeviceStatus`.
 *
 * @example
 * import { DeviceStatus } from 'suspended-device-rules'
 *
 * console.log(DeviceStatus.values.length, DeviceStatus.is('Suspended')) // 9 true
 * console.log(DeviceStatus.is('suspended')) // false
 *
 * @category Devices
 * @since 0.1.0
 */
export const DeviceStatus = enumeration([
  'Pending',
  'Whitelisted',
  'InstalledNotCommissioned',
  'Commissioned',
  'Decommissioned',
  'Withdrawn',
  'Suspended',
  'Recovery',
  'Recovered'
] as const)

/**
 * @category Devices
 * @since 0.1.0
 */
export type DeviceStatus = t.TypeOf<typeof DeviceStatus>

/**
 * Every status but `Suspended`: what a device can hold before it is suspended, and so what
 * `statusBeforeSuspension` may be.
 *
 * @example
 * import { UnsuspendedStatus } from 'suspended-device-rules'
 *
 * console.log(UnsuspendedStatus.is('Commissioned'), UnsuspendedStatus.is('Suspended')) // true false
 *
 * @category Devices
 * @since 0.1.0
 */
export const UnsuspendedStatus = enumeration(
  DeviceStatus.values.filter((s): s is Exclude<DeviceStatus, 'Suspended'> => s !== 'Suspended'),
  (u) => (u === 'Suspended' ? 'expected the status held before suspension, which cannot be "Suspended"' : undefined)
)

/**
 * @category Devices
 * @since 0.1.0
 */
export type UnsuspendedStatus = Exclude<DeviceStatus, 'Suspended'>

/**
 * The Type 1 device types of DUIS `DeviceType`: the ones with an SMI status. Type 2 devices
 * (`IHD`, `CAD`) carry no SMI status and are refused as input.
 *
 * @example
 * import { DeviceType } from 'suspended-device-rules'
 *
 * console.log(DeviceType.values.join(' ')) // ESME GSME GPF CHF PPMID HCALCS
 * console.log(DeviceType.is('IHD')) // false
 *
 * @category Devices
 * @since 0.1.0
 */
export const DeviceType = enumeration(['ESME', 'GSME', 'GPF', 'CHF', 'PPMID', 'HCALCS'] as const, (u) =>
  u === 'IHD' || u === 'CAD'
    ? `is a Type 2 device (${u}), which carries no SMI status and is outside these rules; expected "ESME" | "GSME" | "GPF" | "CHF" | "PPMID" | "HCALCS"`
    : undefined
)

/**
 * @category Devices
 * @since 0.1.0
 */
export type DeviceType = t.TypeOf<typeof DeviceType>

/**
 * The SMETS generation of a device. Not a DUIS enumeration: the inventory carries it indirectly.
 *
 * @example
 * import { SmetsGeneration } from 'suspended-device-rules'
 *
 * console.log(SmetsGeneration.values) // [ 'SMETS1', 'SMETS2' ]
 *
 * @category Devices
 * @since 0.1.0
 */
export const SmetsGeneration = enumeration(['SMETS1', 'SMETS2'] as const)

/**
 * @category Devices
 * @since 0.1.0
 */
export type SmetsGeneration = t.TypeOf<typeof SmetsGeneration>

/**
 * The fields every device record has, whatever its status. Fields beyond these are allowed and
 * kept untouched in every device the library returns.
 *
 * @category Devices
 * @since 0.1.0
 */
export interface DeviceFields {
  readonly deviceId: string
  readonly deviceType: DeviceType
  readonly smetsGeneration: SmetsGeneration
  readonly manufacturer: string
  readonly model: string
  readonly firmwareVersion: string
  readonly responsibleImportSupplier?: string
  readonly responsibleNetworkOperator?: string
  readonly [field: string]: unknown
}

/**
 * A device in the `Suspended` state: it always knows the status it held before.
 *
 * @category Devices
 * @since 0.1.0
 */
export interface SuspendedDevice extends DeviceFields {
  readonly status: 'Suspended'
  readonly statusBeforeSuspension: UnsuspendedStatus
}

/**
 * A device in any state but `Suspended`: it never has `statusBeforeSuspension`.
 *
 * @category Devices
 * @since 0.1.0
 */
export interface UnsuspendedDevice extends DeviceFields {
  readonly status: UnsuspendedStatus
  readonly statusBeforeSuspension?: never
}

/**
 * A device record. The union makes the invariant of docs/specification.md §3 a type: `statusBeforeSuspension` is
 * present exactly when `status` is `Suspended`.
 *
 * @category Devices
 * @since 0.1.0
 */
export type Device = SuspendedDevice | UnsuspendedDevice

/** The field-by-field part of the device codec (extra fields allowed). @internal */
export const DeviceShape = struct(
  'a device record',
  {
    deviceId: Eui64,
    deviceType: DeviceType,
    smetsGeneration: SmetsGeneration,
    status: DeviceStatus,
    manufacturer: ProductName,
    model: ProductName,
    firmwareVersion: FirmwareVersion
  },
  {
    statusBeforeSuspension: UnsuspendedStatus,
    responsibleImportSupplier: Eui64,
    responsibleNetworkOperator: Eui64
  },
  false
)

/**
 * Checks the status invariant of a record whose `status` and `statusBeforeSuspension` are each
 * valid or absent. Returns the message for `statusBeforeSuspension`, or `undefined` when it holds.
 *
 * @internal
 */
export function statusInvariantViolation(status: unknown, before: unknown): string | undefined {
  if (status === 'Suspended') {
    return before === undefined ? `is required when status is "Suspended" (expected ${UnsuspendedStatus.name})` : undefined
  }
  return before === undefined ? undefined : 'must be absent unless status is "Suspended"'
}

const isDevice = (u: unknown): u is Device => DeviceShape.is(u) && (u.status === 'Suspended') === (u.statusBeforeSuspension !== undefined)

/**
 * The io-ts codec of {@link Device}. Checks every field of docs/specification.md §3 and the status invariant;
 * other fields pass through untouched. Decoding returns the input object itself.
 *
 * @example
 * import { Device } from 'suspended-device-rules'
 *
 * // a Suspended device needs statusBeforeSuspension
 * console.log(
 *   Device.is({
 *     deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *     status: 'Suspended', manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00'
 *   })
 * ) // false
 *
 * @category Devices
 * @since 0.1.0
 */
export const Device: Codec<Device> = new t.Type<Device, Device, unknown>(
  'a device record',
  isDevice,
  (u, c) => {
    if (isDevice(u)) return t.success(u)
    const errors: t.ValidationError[] = []
    const shape = DeviceShape.validate(u, c)
    if (shape._tag === 'Left') errors.push(...shape.left)
    if (
      isRecord(u) &&
      DeviceStatus.is(u.status) &&
      (u.statusBeforeSuspension === undefined || UnsuspendedStatus.is(u.statusBeforeSuspension))
    ) {
      const message = statusInvariantViolation(u.status, u.statusBeforeSuspension)
      if (message !== undefined) {
        const v = u.statusBeforeSuspension
        errors.push({ value: v, context: t.appendContext(c, 'statusBeforeSuspension', UnsuspendedStatus, v), message })
      }
    }
    return t.failures(errors)
  },
  t.identity
)

/**
 * Decodes unknown JSON into a {@link Device}, or an error listing every bad field (paths start at
 * `device`).
 *
 * @example
 * import { decodeDevice } from 'suspended-device-rules'
 *
 * const result = decodeDevice({
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'IHD', smetsGeneration: 'SMETS2',
 *   status: 'Commissioned', manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00'
 * })
 * if (result._tag === 'Left') console.log(result.left.issues[0]?.path) // device.deviceType
 *
 * @category Devices
 * @since 0.1.0
 */
export function decodeDevice(u: unknown): Either<InputError, Device> {
  return decodeWith(Device, 'device', u)
}
