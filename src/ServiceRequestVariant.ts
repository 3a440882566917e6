/**
 * The 129 DUIS Service Request Variants (SRVs) with their criticality and the Command Variants
 * (CVs) each one takes.
 *
 * @since 0.1.0
 */
import { SERVICE_REQUEST_VARIANT_DATA } from './serviceRequestVariants.data.js'
import { primitive, type Codec } from './internal/codec.js'

/**
 * The id of a DUIS Service Request Variant, such as `"11.2"`.
 *
 * @since 0.1.0
 */
export type ServiceReferenceVariant = (typeof SERVICE_REQUEST_VARIANT_DATA)[number]['srv']

/**
 * A DUIS Command Variant: 1-3 Non-Critical, 4-7 Critical, 8 Non-Device.
 *
 * @since 0.1.0
 */
export type CommandVariant = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8

/**
 * What DUIS says of one Service Request Variant.
 *
 * @since 0.1.0
 */
export interface ServiceRequestVariantInfo {
  readonly srv: ServiceReferenceVariant
  readonly name: string
  /** Critical SRVs are signed by the User and are never refused for a Suspended device. */
  readonly critical: boolean
  /** Non-Device SRVs are processed by the DCC rather than sent to a device; they take CV 8. */
  readonly nonDevice: boolean
  readonly onDemand: boolean
  readonly dccScheduled: boolean
  readonly futureDatedResponsePattern: 'Device' | 'DSP' | 'DSP & Device' | 'No'
  /**
   * The CVs the rules allow: 4-7 when Critical, 8 when Non-Device, else 1-3 (DUIS's CV rule,
   * applied to the request matrix's flags; see {@link commandVariantsPerSchemaComment}).
   */
  readonly allowedCommandVariants: readonly CommandVariant[]
  /** The CVs the DUIS XML schema's comment lists; for six SRVs it disagrees with the flags. */
  readonly commandVariantsPerSchemaComment: readonly number[]
  readonly eligibleUserRoles: readonly string[]
  readonly note?: string
}

const CRITICAL_CVS: readonly CommandVariant[] = Object.freeze([4, 5, 6, 7] as const)
const NON_CRITICAL_CVS: readonly CommandVariant[] = Object.freeze([1, 2, 3] as const)
const NON_DEVICE_CVS: readonly CommandVariant[] = Object.freeze([8] as const)

/**
 * Every SRV, in DUIS order.
 *
 * @example
 * import { serviceRequestVariants } from 'suspended-device-rules'
 *
 * console.log(serviceRequestVariants.length) // 129
 * console.log(serviceRequestVariants.filter((v) => v.critical).length) // 37
 *
 * @since 0.1.0
 */
export const serviceRequestVariants: readonly ServiceRequestVariantInfo[] = Object.freeze(
  SERVICE_REQUEST_VARIANT_DATA.map((v): ServiceRequestVariantInfo => {
    const info: ServiceRequestVariantInfo = {
      ...v,
      allowedCommandVariants: v.critical ? CRITICAL_CVS : v.nonDevice ? NON_DEVICE_CVS : NON_CRITICAL_CVS,
      commandVariantsPerSchemaComment: Object.freeze([...v.commandVariantsPerSchemaComment]),
      eligibleUserRoles: Object.freeze([...v.eligibleUserRoles])
    }
    return Object.freeze(info)
  })
)

const bySrv = new Map<string, ServiceRequestVariantInfo>(serviceRequestVariants.map((v) => [v.srv, v]))

/**
 * Looks up an SRV by its id; `undefined` when DUIS has no such SRV.
 *
 * @example
 * import { serviceRequestVariant } from 'suspended-device-rules'
 *
 * const v = serviceRequestVariant('11.2')
 * console.log(v?.name, v?.critical, v?.allowedCommandVariants) // Read Firmware Version false [ 1, 2, 3 ]
 * console.log(serviceRequestVariant('99.9')) // undefined
 *
 * @since 0.1.0
 */
export function serviceRequestVariant(srv: string): ServiceRequestVariantInfo | undefined {
  return bySrv.get(srv)
}

/**
 * The codec of {@link ServiceReferenceVariant}: one of the 129 SRV ids.
 *
 * @example
 * import { ServiceReferenceVariant } from 'suspended-device-rules'
 *
 * console.log(ServiceReferenceVariant.is('11.2'), ServiceReferenceVariant.is('SR11.2')) // true false
 *
 * @since 0.1.0
 */
export const ServiceReferenceVariant: Codec<ServiceReferenceVariant> = primitive(
  `one of the ${serviceRequestVariants.length} DUIS Service Request Variants (e.g. "11.2")`,
  (u: unknown): u is ServiceReferenceVariant => bySrv.has(u as string)
)

/**
 * The codec of {@link CommandVariant}: an integer from 1 to 8.
 *
 * @example
 * import { CommandVariant } from 'suspended-device-rules'
 *
 * console.log(CommandVariant.is(8), CommandVariant.is(9), CommandVariant.is(1.5)) // true false false
 *
 * @since 0.1.0
 */
export const CommandVariant: Codec<CommandVariant> = primitive(
  'an integer from 1 to 8 (a DUIS Command Variant)',
  (u: unknown): u is CommandVariant => Number.isInteger(u) && (u as number) >= 1 && (u as number) <= 8
)
