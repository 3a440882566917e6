/**
 * The DCC Alerts the rules emit: N29 (Device Restored from Suspension) and N52 (GSME Firmware
 * Version Mismatch), one per recipient.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import type { Either } from 'fp-ts/lib/Either.js'
import { discriminated, enumeration, struct, type Codec } from './internal/codec.js'
import { decodeWith } from './internal/decode.js'
import type { Device } from './Device.js'
import { Eui64, FirmwareVersion } from './Identifiers.js'
import type { InputError } from './InputError.js'

/**
 * Who receives an alert: the device's Responsible Import Supplier or Responsible Network Operator.
 *
 * @example
 * import { Recipient } from 'suspended-device-rules'
 *
 * console.log(Recipient.values.join(' ')) // ResponsibleImportSupplier ResponsibleNetworkOperator
 *
 * @category Alerts
 * @since 0.1.0
 */
export const Recipient = enumeration(['ResponsibleImportSupplier', 'ResponsibleNetworkOperator'] as const)

/**
 * @category Alerts
 * @since 0.1.0
 */
export type Recipient = t.TypeOf<typeof Recipient>

/**
 * N29 Device Restored from Suspension (PIA §3.2).
 *
 * @category Alerts
 * @since 0.1.0
 */
export interface N29Alert {
  readonly code: 'N29'
  readonly recipient: Recipient
  /** Present only when the device record names that recipient. */
  readonly recipientUserId?: string
  readonly deviceId: string
}

/**
 * N52 GSME Firmware Version Mismatch (PIA §3.2): the GPF reported a GSME firmware version that
 * differs from the SMI's.
 *
 * @category Alerts
 * @since 0.1.0
 */
export interface N52Alert {
  readonly code: 'N52'
  readonly recipient: Recipient
  readonly recipientUserId?: string
  readonly deviceId: string
  readonly deviceType: 'GSME'
  readonly firmwareVersionSmi: string
  readonly firmwareVersionDevice: string
}

/**
 * @category Alerts
 * @since 0.1.0
 */
export type Alert = N29Alert | N52Alert

/**
 * The io-ts codec of {@link N29Alert}: other fields are refused.
 *
 * @example
 * import { N29Alert } from 'suspended-device-rules'
 *
 * console.log(N29Alert.is({ code: 'N29', recipient: 'ResponsibleImportSupplier', deviceId: '00-DB-12-34-56-78-90-A0' })) // true
 *
 * @category Alerts
 * @since 0.1.0
 */
export const N29Alert: Codec<N29Alert> = struct(
  'an N29 alert',
  { code: enumeration(['N29'] as const), recipient: Recipient, deviceId: Eui64 },
  { recipientUserId: Eui64 },
  true
)

/**
 * The io-ts codec of {@link N52Alert}: other fields are refused.
 *
 * @example
 * import { N52Alert } from 'suspended-device-rules'
 *
 * const n52 = {
 *   code: 'N52', recipient: 'ResponsibleNetworkOperator', deviceId: '00-DB-12-34-56-78-90-A0',
 *   deviceType: 'GSME', firmwareVersionSmi: '01000000', firmwareVersionDevice: '0102AB00'
 * }
 * console.log(N52Alert.is(n52), N52Alert.is({ ...n52, deviceType: 'ESME' })) // true false
 *
 * @category Alerts
 * @since 0.1.0
 */
export const N52Alert: Codec<N52Alert> = struct(
  'an N52 alert',
  {
    code: enumeration(['N52'] as const),
    recipient: Recipient,
    deviceId: Eui64,
    deviceType: enumeration(['GSME'] as const),
    firmwareVersionSmi: FirmwareVersion,
    firmwareVersionDevice: FirmwareVersion
  },
  { recipientUserId: Eui64 },
  true
)

/**
 * The io-ts codec of {@link Alert}, dispatching on `code`.
 *
 * @example
 * import { Alert } from 'suspended-device-rules'
 *
 * console.log(Alert.is({ code: 'N29', recipient: 'ResponsibleNetworkOperator', deviceId: '00-DB-12-34-56-78-90-A0' })) // true
 * console.log(Alert.is({ code: 'N30', recipient: 'ResponsibleNetworkOperator', deviceId: '00-DB-12-34-56-78-90-A0' })) // false
 *
 * @category Alerts
 * @since 0.1.0
 */
export const Alert: Codec<Alert> = discriminated('an N29 or N52 alert', 'code', { N29: N29Alert, N52: N52Alert })

/**
 * Decodes unknown JSON into an {@link Alert} (paths start at `alert`).
 *
 * @example
 * import { decodeAlert } from 'suspended-device-rules'
 *
 * const result = decodeAlert({ code: 'N29', recipient: 'ResponsibleImportSupplier', deviceId: '00-DB-12-34-56-78-90-A0', firmwareVersionSmi: '01000000' })
 * if (result._tag === 'Left') console.log(result.left.issues.map((i) => i.path)) // [ 'alert.firmwareVersionSmi' ]
 *
 * @category Alerts
 * @since 0.1.0
 */
export function decodeAlert(u: unknown): Either<InputError, Alert> {
  return decodeWith(Alert, 'alert', u)
}

/** One alert per recipient role, with `recipientUserId` only where the device names that recipient. */
function toBothRecipients<A extends Alert>(
  device: Device,
  build: (recipient: { readonly recipient: Recipient; readonly recipientUserId?: string }) => A
): readonly A[] {
  const ris = device.responsibleImportSupplier
  const rno = device.responsibleNetworkOperator
  return [
    build(
      ris === undefined ? { recipient: 'ResponsibleImportSupplier' } : { recipient: 'ResponsibleImportSupplier', recipientUserId: ris }
    ),
    build(
      rno === undefined ? { recipient: 'ResponsibleNetworkOperator' } : { recipient: 'ResponsibleNetworkOperator', recipientUserId: rno }
    )
  ]
}

/**
 * N29 to both recipient roles of a device (PIA §3.2: "sent to the Responsible Import Supplier and
 * to the Responsible Network Operator").
 *
 * @internal
 */
export function n29Alerts(device: Device): readonly Alert[] {
  return toBothRecipients(device, (to): N29Alert => ({ code: 'N29', ...to, deviceId: device.deviceId }))
}

/**
 * N52 to both recipient roles of a GSME (see docs/assumptions.md, "Who receives N52").
 *
 * @internal
 */
export function n52Alerts(device: Device, reported: string): readonly Alert[] {
  return toBothRecipients(device, (to): N52Alert => ({
    code: 'N52',
    ...to,
    deviceId: device.deviceId,
    deviceType: 'GSME',
    firmwareVersionSmi: device.firmwareVersion,
    firmwareVersionDevice: reported
  }))
}
