/**
 * The identifiers the rules compare: EUI-64 device and user IDs, and firmware versions.
 *
 * @since 0.1.0
 */
import { boundedString, primitive, type Codec } from './internal/codec.js'

const EUI64 = /^[0-9A-F]{2}(?:-[0-9A-F]{2}){7}$/

/**
 * An EUI-64 as DUIS writes it: eight upper-case hex pairs joined by `-`. Device IDs and DCC User
 * IDs both take this form.
 *
 * @example
 * import { Eui64 } from 'suspended-device-rules'
 *
 * console.log(Eui64.is('00-DB-12-34-56-78-90-A0')) // true
 * console.log(Eui64.is('00db1234567890a0')) // false
 *
 * @category Devices
 * @since 0.1.0
 */
export const Eui64: Codec<string> = primitive(
  'an EUI-64 (eight upper-case hex pairs joined by "-", e.g. "00-DB-12-34-56-78-90-A0")',
  // Stryker disable next-line ConditionalExpression: equivalent, a length shortcut before the anchored pattern
  (u: unknown): u is string => typeof u === 'string' && u.length === 23 && EUI64.test(u)
)

/**
 * A firmware version: a string of 1 to 8 characters (in GBCS, 4 octets usually written as
 * 8 hex digits; the library does not require hex).
 *
 * @example
 * import { FirmwareVersion } from 'suspended-device-rules'
 *
 * console.log(FirmwareVersion.is('0102AB00')) // true
 * console.log(FirmwareVersion.is('')) // false
 *
 * @category Devices
 * @since 0.1.0
 */
export const FirmwareVersion: Codec<string> = boundedString(1, 8)

/**
 * A manufacturer or model name as the CPL keys it: any non-empty string.
 *
 * @example
 * import { ProductName } from 'suspended-device-rules'
 *
 * console.log(ProductName.is('E-200'), ProductName.is('')) // true false
 *
 * @category Devices
 * @since 0.1.0
 */
export const ProductName: Codec<string> = boundedString(1, Infinity)
