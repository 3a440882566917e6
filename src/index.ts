/**
 * suspended-device-rules: the executable specification of how the DCC's Data Service Provider
 * treats smart-metering devices in the Suspended state (SEC Modification SECMP0105), in both
 * rule editions. This is the root entry point: the rule functions and `transition`, what they
 * decide, the rules as data, and the domain types with their codecs. The scenario runner, the
 * campaign tools and the test-harness SMI have entry points of their own:
 * `suspended-device-rules/scenario`, `suspended-device-rules/campaign` and
 * `suspended-device-rules/harness`.
 *
 * @module suspended-device-rules
 * @packageDocumentation
 */

// the rule functions
export { authoriseRequest } from './authoriseRequest.js'
export { processResponse } from './processResponse.js'
export { applyCplRemoval, removeFromCpl, suspendOnCplRemoval } from './cplRemoval.js'
export {
  transition,
  type CplRemovalEvent,
  type DecisionOf,
  type DeviceEvent,
  type DeviceState,
  type RequestEvent,
  type ResponseEvent,
  type Transition
} from './transition.js'

// what they decide
export type {
  AuthorisationDecision,
  Authorised,
  CplRemovalDecision,
  Rejected,
  ResponseCode,
  ResponseDecision,
  SuspensionDecision
} from './Decision.js'
export { DEFAULT_EDITION, Edition, type RuleOptions } from './Edition.js'

// process-wide settings
export { configure, type Configuration } from './configure.js'

// the rules as data
export { authorisationRules, type AuthorisationRule } from './rules/authorisation.js'
export { responseRules, type ResponseRule } from './rules/response.js'
export { suspensionRules, type SuspensionRule } from './rules/suspension.js'
export { rules, ruleById, rulesOf, type AnyRule } from './rules/index.js'
export {
  formatCitation,
  type AuthorisationRuleId,
  type Citation,
  type ResponseRuleId,
  type RuleId,
  type RuleInfo,
  type SuspensionRuleId
} from './rules/Rule.js'

// domain types, codecs and decoders
export {
  Device,
  DeviceStatus,
  DeviceType,
  SmetsGeneration,
  UnsuspendedStatus,
  decodeDevice,
  type DeviceFields,
  type SuspendedDevice,
  type UnsuspendedDevice
} from './Device.js'
export { Eui64, FirmwareVersion, ProductName } from './Identifiers.js'
export { Cpl, CplEntry, CplRemoval, CplStatus, decodeCpl, prepareCpl, type PreparedCpl } from './Cpl.js'
export { ServiceRequest, decodeServiceRequest } from './ServiceRequest.js'
export {
  ActivateFirmwareResponse,
  ActivateImageResponseCode,
  ReadFirmwareVersionResponse,
  Respondent,
  ServiceResponse,
  decodeServiceResponse
} from './ServiceResponse.js'
export { Alert, N29Alert, N52Alert, Recipient, decodeAlert } from './Alert.js'
export {
  CommandVariant,
  ServiceReferenceVariant,
  serviceRequestVariant,
  serviceRequestVariants,
  type ServiceRequestVariantInfo
} from './ServiceRequestVariant.js'
export type { InputError, Issue } from './InputError.js'

// the type of every codec above
export type { Codec } from './internal/codec.js'
