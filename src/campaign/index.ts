/**
 * `suspended-device-rules/campaign`: campaigns at national scale. A seeded synthetic campaign (a
 * fleet, a CPL and a time-ordered event stream), and the per-event replay engine that the
 * command line's `replay` streams files through. Pure: no I/O, no clock.
 *
 * @module suspended-device-rules/campaign
 * @packageDocumentation
 */
export { generateCampaign, type Campaign, type CampaignEvent, type CampaignOptions } from './generate.js'
export { FleetReplay, summarise, type RejectedLine, type ReplayCounters, type ReplayOptions, type ReplaySummary } from './replay.js'
export { outcomesOf, type ReplayOutcomes } from './outcomes.js'
