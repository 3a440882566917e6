/**
 * What a campaign replay counts, and the summary built from it: sums only, so the counters of
 * partitions add up to those of the whole fleet. Pure: no Node module, no I/O.
 *
 * @since 0.1.0
 */
import { DeviceStatus } from '../Device.js'
import type { Edition } from '../Edition.js'

/**
 * A line that was not applied, and why.
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export interface RejectedLine {
  readonly file: 'inventory' | 'events'
  readonly line: number
  readonly reason: string
}

/**
 * What a replay counted. Every field is a sum, so the counters of partitions add up to those of
 * the whole fleet (the CLI adds them up).
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export interface ReplayCounters {
  inventoryLines: number
  inventoryBlankLines: number
  devices: number
  suspendedAtStart: number
  eventLines: number
  blankLines: number
  requests: number
  responses: number
  cplRemovals: number
  rejectedInventoryLines: number
  rejectedEventLines: number
  authorised: number
  refusedE5: number
  refusedE12: number
  /** Authorised SR11.2/SR11.3 requests whose response never came. */
  unanswered: number
  /** Responses with no authorised request of that SRV outstanding for the device: never delivered, so not processed. */
  unsolicitedResponses: number
  suspendedByRemoval: number
  /** Restores by a response to SR11.2 (R2). */
  restoredBySr112: number
  /** Restores by a response to SR11.3 (R4). */
  restoredBySr113: number
  firmwareUpdated: number
  alertsN29: number
  alertsN52: number
  suspendedAtEnd: number
  /** How many decisions each rule took (A1-A7, R1-R7, S1-S2). */
  rules: Record<string, number>
  /** Final status of every device. */
  statusAtEnd: Record<string, number>
}

/** @since 0.1.0 */
export function emptyCounters(): ReplayCounters {
  return {
    inventoryLines: 0,
    inventoryBlankLines: 0,
    devices: 0,
    suspendedAtStart: 0,
    eventLines: 0,
    blankLines: 0,
    requests: 0,
    responses: 0,
    cplRemovals: 0,
    rejectedInventoryLines: 0,
    rejectedEventLines: 0,
    authorised: 0,
    refusedE5: 0,
    refusedE12: 0,
    unanswered: 0,
    unsolicitedResponses: 0,
    suspendedByRemoval: 0,
    restoredBySr112: 0,
    restoredBySr113: 0,
    firmwareUpdated: 0,
    alertsN29: 0,
    alertsN52: 0,
    suspendedAtEnd: 0,
    rules: {},
    statusAtEnd: {}
  }
}

/** Adds `b` into `a` (partition counters into the fleet's). @since 0.1.0 */
export function addCounters(a: ReplayCounters, b: ReplayCounters): ReplayCounters {
  for (const k of Object.keys(a) as Array<keyof ReplayCounters>) {
    if (k === 'rules' || k === 'statusAtEnd') {
      for (const [id, n] of Object.entries(b[k])) a[k][id] = (a[k][id] ?? 0) + n
    } else a[k] += b[k]
  }
  return a
}

/**
 * The summary of a replay, as `replay` prints it and writes it to `summary.json`.
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export interface ReplaySummary {
  readonly edition: Edition
  readonly devices: {
    readonly inventory: number
    readonly suspendedAtStart: number
    readonly suspendedByRemoval: number
    readonly restored: number
    readonly restoredBySr112: number
    readonly restoredBySr113: number
    readonly stillSuspended: number
    readonly firmwareUpdated: number
    readonly statusAtEnd: Readonly<Record<string, number>>
  }
  readonly events: {
    readonly lines: number
    readonly blank: number
    readonly requests: number
    readonly responses: number
    readonly cplRemovals: number
    readonly rejected: number
  }
  readonly requests: {
    readonly authorised: number
    readonly refusedE5: number
    readonly refusedE12: number
    readonly unanswered: number
  }
  readonly responses: { readonly applied: number; readonly unsolicited: number }
  readonly alerts: { readonly N29: number; readonly N52: number }
  readonly rules: Readonly<Record<string, number>>
  readonly inventory: { readonly lines: number; readonly blank: number; readonly rejected: number }
  /** The rejected lines (at most `listed` of them; `count` says how many there were). */
  readonly rejected: { readonly count: number; readonly listed: readonly RejectedLine[] }
}

/**
 * Builds the summary from the fleet's counters and its rejected lines (in line order).
 *
 * @example
 * import { FleetReplay, summarise } from 'suspended-device-rules/campaign'
 *
 * const replay = new FleetReplay([], { edition: 'baseline' })
 * const summary = summarise('baseline', replay.finish(), [], 0)
 * console.log(summary.edition, summary.devices.stillSuspended, summary.rejected.count) // baseline 0 0
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export function summarise(edition: Edition, c: ReplayCounters, rejected: readonly RejectedLine[], rejectedCount: number): ReplaySummary {
  const rules: Record<string, number> = {}
  for (const id of Object.keys(c.rules).sort(byRuleId)) rules[id] = c.rules[id] as number
  // in the order of the statuses, whatever order the partitions met them in
  const statusAtEnd: Record<string, number> = {}
  for (const status of DeviceStatus.values) if (c.statusAtEnd[status] !== undefined) statusAtEnd[status] = c.statusAtEnd[status]
  return {
    edition,
    devices: {
      inventory: c.devices,
      suspendedAtStart: c.suspendedAtStart,
      suspendedByRemoval: c.suspendedByRemoval,
      restored: c.restoredBySr112 + c.restoredBySr113,
      restoredBySr112: c.restoredBySr112,
      restoredBySr113: c.restoredBySr113,
      stillSuspended: c.suspendedAtEnd,
      firmwareUpdated: c.firmwareUpdated,
      statusAtEnd
    },
    events: {
      lines: c.eventLines,
      blank: c.blankLines,
      requests: c.requests,
      responses: c.responses,
      cplRemovals: c.cplRemovals,
      rejected: c.rejectedEventLines
    },
    requests: { authorised: c.authorised, refusedE5: c.refusedE5, refusedE12: c.refusedE12, unanswered: c.unanswered },
    responses: { applied: c.responses - c.unsolicitedResponses, unsolicited: c.unsolicitedResponses },
    alerts: { N29: c.alertsN29, N52: c.alertsN52 },
    rules,
    inventory: { lines: c.inventoryLines, blank: c.inventoryBlankLines, rejected: c.rejectedInventoryLines },
    rejected: { count: rejectedCount, listed: rejected }
  }
}

function byRuleId(a: string, b: string): number {
  return a[0] === b[0] ? Number(a.slice(1)) - Number(b.slice(1)) : a < b ? -1 : 1
}
