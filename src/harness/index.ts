/**
 * `suspended-device-rules/harness`: what a test harness embeds. An in-memory SMI (devices by
 * `deviceId` and one CPL) fed with the events of a fleet and answering each with what the rules
 * decide, built on the root entry's `transition`.
 *
 * @module suspended-device-rules/harness
 * @packageDocumentation
 */
export { createSmi } from './smi.js'
export type { DeviceSuspension, Smi, SmiAnswer, SmiFleet, SmiOptions } from './types.js'
export type { FleetCplRemovalEvent, FleetEvent, FleetRequestEvent, FleetResponseEvent } from '../FleetEvent.js'
export type { AnsweredServiceReferenceVariant, OutstandingRequest } from '../outstanding.js'
