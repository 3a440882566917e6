/**
 * A service request, as far as the rules read it.
 *
 * @since 0.1.0
 */
import type { Either } from 'fp-ts/lib/Either.js'
import { struct, type Codec } from './internal/codec.js'
import { decodeWith } from './internal/decode.js'
import { Eui64 } from './Identifiers.js'
import type { InputError } from './InputError.js'
import { CommandVariant, ServiceReferenceVariant } from './ServiceRequestVariant.js'

/**
 * A service request: its SRV, its Command Variant and, optionally, the device it targets.
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export interface ServiceRequest {
  readonly serviceReferenceVariant: ServiceReferenceVariant
  readonly commandVariant: CommandVariant
  readonly deviceId?: string
}

/**
 * The io-ts codec of {@link ServiceRequest}. Other fields are refused, so a misspelt field is
 * reported rather than ignored.
 *
 * @example
 * import { ServiceRequest } from 'suspended-device-rules'
 *
 * console.log(ServiceRequest.is({ serviceReferenceVariant: '11.2', commandVariant: 1 })) // true
 * console.log(ServiceRequest.is({ serviceReferenceVariant: '11.2', commandVariant: 1, comandVariant: 2 })) // false
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export const ServiceRequest: Codec<ServiceRequest> = struct(
  'a service request',
  { serviceReferenceVariant: ServiceReferenceVariant, commandVariant: CommandVariant },
  { deviceId: Eui64 },
  true
)

/**
 * Decodes unknown JSON into a {@link ServiceRequest} (paths start at `request`).
 *
 * @example
 * import { decodeServiceRequest } from 'suspended-device-rules'
 *
 * const result = decodeServiceRequest({ serviceReferenceVariant: '99.9', commandVariant: 1 })
 * if (result._tag === 'Left') console.log(result.left.message)
 * // request.serviceReferenceVariant: expected one of the 129 DUIS Service Request Variants (e.g. "11.2"), got "99.9"
 *
 * @category Requests and responses
 * @since 0.1.0
 */
export function decodeServiceRequest(u: unknown): Either<InputError, ServiceRequest> {
  return decodeWith(ServiceRequest, 'request', u)
}
