/**
 * The responses the rules process: SR11.2 (Read Firmware Version) and SR11.3 (Activate Firmware).
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import type { Either } from 'fp-ts/lib/Either.js'
import { discriminated, enumeration, struct, type Codec } from './internal/codec.js'
import { decodeWith } from './internal/decode.js'
import { Eui64, FirmwareVersion } from './Identifiers.js'
import type { InputError } from './InputError.js'

/**
 * Who answered: the device itself (the default), or the GPF from its copy of a GSME's data.
 *
 * @example
 * import { Respondent } from 'suspended-device-rules'
 *
 * console.log(Respondent.values) // [ 'Device', 'GPF' ]
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export const Respondent = enumeration(['Device', 'GPF'] as const)

/**
 * @category Requests and responses
 * @since 0.1.0
 */
export type Respondent = t.TypeOf<typeof Respondent>

/**
 * The outcome code of an SR11.3 response (`ActivateImageResponseCode` in the SMETS1 MMC schema;
 * GBCS integers 0-3 in that order).
 *
 * @example
 * import { ActivateImageResponseCode } from 'suspended-device-rules'
 *
 * console.log(ActivateImageResponseCode.values.join(', ')) // success, noImageHeld, hashMismatch, activationFailure
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export const ActivateImageResponseCode = enumeration(['success', 'noImageHeld', 'hashMismatch', 'activationFailure'] as const)

/**
 * @category Requests and responses
 * @since 0.1.0
 */
export type ActivateImageResponseCode = t.TypeOf<typeof ActivateImageResponseCode>

/**
 * The response to SR11.2 Read Firmware Version: the version the device (or the GPF) reports. A
 * response without `firmwareVersion` is a read failure (the MMC schema makes the version
 * optional): it changes nothing and raises no alert.
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export interface ReadFirmwareVersionResponse {
  readonly serviceReferenceVariant: '11.2'
  /** Absent: the read failed. @since 0.2.0 optional */
  readonly firmwareVersion?: string
  readonly respondent?: Respondent
  readonly deviceId?: string
}

/**
 * The response to SR11.3 Activate Firmware. Both fields are optional: an "accepted for
 * future-dated execution" response has neither, and a SMETS1 failed activation may carry no
 * firmware version.
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export interface ActivateFirmwareResponse {
  readonly serviceReferenceVariant: '11.3'
  readonly activateImageResponseCode?: ActivateImageResponseCode
  readonly firmwareVersion?: string
  readonly respondent?: Respondent
  readonly deviceId?: string
}

/**
 * A response the rules process.
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export type ServiceResponse = ReadFirmwareVersionResponse | ActivateFirmwareResponse

const Sr112 = enumeration(['11.2'] as const)
const Sr113 = enumeration(['11.3'] as const)

/**
 * The io-ts codec of {@link ReadFirmwareVersionResponse}: other fields are refused.
 *
 * @example
 * import { ReadFirmwareVersionResponse } from 'suspended-device-rules'
 *
 * console.log(ReadFirmwareVersionResponse.is({ serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00', respondent: 'GPF' })) // true
 * // a read failure: no firmware version
 * console.log(ReadFirmwareVersionResponse.is({ serviceReferenceVariant: '11.2' })) // true
 * console.log(ReadFirmwareVersionResponse.is({ serviceReferenceVariant: '11.2', firmwareVersion: '' })) // false
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export const ReadFirmwareVersionResponse: Codec<ReadFirmwareVersionResponse> = struct(
  'an SR11.2 response',
  { serviceReferenceVariant: Sr112 },
  { firmwareVersion: FirmwareVersion, respondent: Respondent, deviceId: Eui64 },
  true
)

/**
 * The io-ts codec of {@link ActivateFirmwareResponse}: other fields are refused.
 *
 * @example
 * import { ActivateFirmwareResponse } from 'suspended-device-rules'
 *
 * console.log(ActivateFirmwareResponse.is({ serviceReferenceVariant: '11.3' })) // true
 * console.log(ActivateFirmwareResponse.is({ serviceReferenceVariant: '11.3', activateImageResponseCode: 'failed' })) // false
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export const ActivateFirmwareResponse: Codec<ActivateFirmwareResponse> = struct(
  'an SR11.3 response',
  { serviceReferenceVariant: Sr113 },
  { activateImageResponseCode: ActivateImageResponseCode, firmwareVersion: FirmwareVersion, respondent: Respondent, deviceId: Eui64 },
  true
)

/**
 * The io-ts codec of {@link ServiceResponse}: dispatches on `serviceReferenceVariant`, so errors
 * speak of the one shape that was meant.
 *
 * @example
 * import { ServiceResponse } from 'suspended-device-rules'
 *
 * console.log(ServiceResponse.is({ serviceReferenceVariant: '11.3', activateImageResponseCode: 'hashMismatch' })) // true
 * console.log(ServiceResponse.is({ serviceReferenceVariant: '11.1' })) // false
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export const ServiceResponse: Codec<ServiceResponse> = discriminated('an SR11.2 or SR11.3 response', 'serviceReferenceVariant', {
  '11.2': ReadFirmwareVersionResponse,
  '11.3': ActivateFirmwareResponse
})

/**
 * Decodes unknown JSON into a {@link ServiceResponse} (paths start at `response`).
 *
 * @example
 * import { decodeServiceResponse } from 'suspended-device-rules'
 *
 * const result = decodeServiceResponse({ serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00', respondant: 'GPF' })
 * if (result._tag === 'Left') console.log(result.left.issues[0]?.path) // response.respondant
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export function decodeServiceResponse(u: unknown): Either<InputError, ServiceResponse> {
  return decodeWith(ServiceResponse, 'response', u)
}
