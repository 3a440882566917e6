/**
 * suspended-device-rules: the executable specification of how the DCC's Data Service Provider
 * treats smart-metering devices in the Suspended state (SEC Modification SECMP0105), in both
 * rule editions. This module is the one public entry point.
 *
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

// the executable specification: scenario files (docs/specification.md §4)
export {
  decodeScenarioFile,
  type CplRemovalStep,
  type ExpectedAlert,
  type JsonObject,
  type RequestStep,
  type ResponseStep,
  type Scenario,
  type ScenarioFile,
  type ScenarioFileError,
  type Step,
  type StepExpectation,
  type StepKind
} from './scenario/format.js'
export {
  describeFailure,
  describeMismatch,
  libraryImplementation,
  runScenarioFile,
  runScenarioWith,
  runScenarios,
  verdictOf,
  type Implementation,
  type Mismatch,
  type NotRunStep,
  type RefusedInput,
  type RunOptions,
  type ScenarioFileResult,
  type ScenarioResult,
  type ScenarioState,
  type StepAnswer,
  type StepOutcome,
  type StepQuestion,
  type StepResult,
  type Verdict
} from './scenario/runner.js'
export { diffEditions, type EditionDiff, type EditionDifference, type EditionOutcome } from './scenario/diff.js'
// the type of every codec above
export type { Codec } from './internal/codec.js'
// campaigns at national scale: a seeded synthetic campaign, and the per-event replay engine
export { generateCampaign, type Campaign, type CampaignEvent, type CampaignOptions } from './campaign/generate.js'
export {
  FleetReplay,
  summarise,
  type RejectedLine,
  type ReplayCounters,
  type ReplayOptions,
  type ReplaySummary
} from './campaign/replay.js'
export { outcomesOf, type ReplayOutcomes } from './campaign/outcomes.js'
