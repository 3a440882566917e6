/**
 * Replay of a campaign: the per-event state machine over a fleet of devices, one partition of it
 * at a time. Pure: no Node module, no I/O, no clock. The Node code that streams files through it
 * (in one thread or in worker threads partitioned by `deviceId`) is under `src/cli/replay/`.
 *
 * Every line is accounted for: it is a request, a response or a CPL removal that was applied, or
 * a blank line, or it is rejected with its line number and the reason (bad JSON, a key given twice
 * in one object, nesting deeper than 64 levels, an event of no known kind, a device not in the
 * inventory, or an input error from the rule functions).
 *
 * @since 0.1.0
 */
import type { Alert } from '../Alert.js'
import { authoriseRequest } from '../authoriseRequest.js'
import { prepareCpl, type Cpl, type CplRemoval } from '../Cpl.js'
import { removeFromCplAt, suspendOnCplRemoval } from '../cplRemoval.js'
import { OutstandingRequests } from '../outstanding.js'
import { decodeDevice, Device, DeviceStatus } from '../Device.js'
import type { Edition } from '../Edition.js'
import { processResponse } from '../processResponse.js'
import type { ServiceRequest } from '../ServiceRequest.js'
import type { ServiceResponse } from '../ServiceResponse.js'
import { LineError, parseLine } from './line.js'
import { outcomesOf, type ReplayOutcomes } from './outcomes.js'

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
  /** Responses applied (to an authorised request) that changed nothing in the device's record. */
  responsesNoChange: number
  alertsN29: number
  alertsN52: number
  suspendedAtEnd: number
  /** How many decisions each rule took (A1-A8, R1-R7, S1-S2), whatever they changed. */
  rules: Record<string, number>
  /** How many of each rule's decisions changed the device's record (R2 and R4 restores, R5 firmware updates, S1 suspensions). */
  rulesChanged: Record<string, number>
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
    responsesNoChange: 0,
    alertsN29: 0,
    alertsN52: 0,
    suspendedAtEnd: 0,
    rules: {},
    rulesChanged: {},
    statusAtEnd: {}
  }
}

/** Adds `b` into `a` (partition counters into the fleet's). @since 0.1.0 */
export function addCounters(a: ReplayCounters, b: ReplayCounters): ReplayCounters {
  for (const k of Object.keys(a) as Array<keyof ReplayCounters>) {
    if (k === 'rules' || k === 'rulesChanged' || k === 'statusAtEnd') {
      for (const [id, n] of Object.entries(b[k])) a[k][id] = (a[k][id] ?? 0) + n
    } else a[k] += b[k]
  }
  return a
}

/**
 * @category Replaying a campaign
 * @since 0.1.0
 */
export interface ReplayOptions {
  readonly edition: Edition
  /**
   * Whether this partition reports the shared lines, which every partition sees (CPL removals, or
   * lines that look like one): exactly one partition does, so that each is counted, or rejected,
   * once. Default true.
   */
  readonly reportsSharedLines?: boolean
  /** Receives each alert, with the line of the event that raised it, in line order. */
  readonly onAlert?: (alert: Alert, line: number) => void
  /** Receives each rejected line, in line order. */
  readonly onReject?: (rejected: RejectedLine) => void
}

interface PendingRemoval {
  readonly removal: CplRemoval
  readonly line: number
}

const hasOwn = Object.prototype.hasOwnProperty

function describe(u: unknown): string {
  return u === null ? 'null' : Array.isArray(u) ? 'an array' : typeof u
}

/**
 * The state of one partition of a fleet (or of the whole fleet) under replay: its devices, the
 * CPL as of the last removal, the requests awaiting a response, and the counters.
 *
 * Events are lines of NDJSON: `{"deviceId", "request"}`, `{"deviceId", "response"}` or
 * `{"cplRemoval"}`. A request goes through `authoriseRequest`; an authorised SR11.2 or SR11.3
 * awaits its response. A response goes through `processResponse` with the current CPL (the same
 * array between removals, so its index is built once) and is applied only when a request of its
 * SRV is awaiting one: a response to a request that was refused never comes back to the DSP.
 * A CPL removal goes through `removeFromCpl` once, then `suspendOnCplRemoval` for each device of
 * the partition that runs the removed firmware (any other device is unchanged by rule S2).
 *
 * @example
 * import { FleetReplay } from 'suspended-device-rules/campaign'
 *
 * const cpl = [{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', status: 'Current' }]
 * const replay = new FleetReplay(cpl, { edition: 'SECMP0105', onReject: (r) => console.log(r.line, r.reason) })
 * replay.addInventoryLine('{"deviceId":"00-DB-12-34-56-78-90-A0","deviceType":"ESME","smetsGeneration":"SMETS2","status":"Commissioned","manufacturer":"ACME","model":"E-200","firmwareVersion":"0101AA00"}', 1)
 * replay.applyEventLine('{"cplRemoval":{"manufacturer":"ACME","model":"E-200","firmwareVersion":"0101AA00"}}', 1)
 * replay.applyEventLine('{"deviceId":"00-DB-12-34-56-78-90-A0","request":{"serviceReferenceVariant":"4.1.1","commandVariant":1}}', 2)
 * replay.applyEventLine('{"deviceId":"00-DB-12-34-56-78-90-A0"', 3) // 3 not valid JSON (…)
 * const counters = replay.finish()
 * console.log(counters.suspendedAtEnd, counters.refusedE5, counters.rejectedEventLines) // 1 1 1
 *
 * @category Replaying a campaign
 * @since 0.1.0
 */
export class FleetReplay {
  /**
   * The devices by ID. A device not touched since it was loaded is kept as its inventory line
   * (checked on loading, parsed again when an event needs it, written back as it was): a fleet of
   * millions then costs the garbage collector one string per device rather than an object graph.
   */
  private readonly devices = new Map<string, Device | string>()
  /** How many devices kept as lines hold each status. */
  private readonly untouched: Record<string, number> = {}
  /** The authorised requests awaiting their response, per device and SRV (exact counts). */
  private readonly awaited = new OutstandingRequests()
  private readonly counters = emptyCounters()
  private readonly options: { readonly edition: Edition }
  private readonly reportsShared: boolean
  /** CPL removals applied to the CPL but not yet to the devices, by firmware version. */
  private readonly pendingRemovals = new Map<string, PendingRemoval[]>()
  private cplNow: Cpl
  private finished = false
  /** How many of this partition's devices are Suspended now (removals still pending aside). */
  private suspendedNow = 0
  /** True while a shared line is applied by a partition that does not report it. */
  private muted = false

  /** @param cpl the CPL before the first event: checked with `prepareCpl` (throws a `TypeError` naming the entry when invalid) */
  constructor(
    cpl: unknown,
    private readonly config: ReplayOptions
  ) {
    // prepared once: an immutable CPL that every later call reads in O(1) (so is each CPL a removal returns)
    const decoded = prepareCpl(cpl as Cpl)
    if (decoded._tag === 'Left') throw new TypeError(decoded.left.message)
    this.cplNow = decoded.right.entries
    this.options = { edition: config.edition }
    this.reportsShared = config.reportsSharedLines ?? true
  }

  /** The number of devices loaded. */
  get deviceCount(): number {
    return this.devices.size
  }

  /** The CPL as of the last applied removal. */
  get cpl(): Cpl {
    return this.cplNow
  }

  private reject(file: RejectedLine['file'], line: number, reason: string): void {
    if (this.muted) return
    if (file === 'inventory') this.counters.rejectedInventoryLines++
    else this.counters.rejectedEventLines++
    this.config.onReject?.({ file, line, reason })
  }

  /**
   * Counts and rejects a line the reader could not give as text (its bytes are not UTF-8), with
   * `reason`. `shared` as for {@link FleetReplay.applyEventLine}.
   */
  rejectLine(file: RejectedLine['file'], line: number, reason: string, shared = false): void {
    if (shared && !this.reportsShared) return
    if (file === 'inventory') this.counters.inventoryLines++
    else this.counters.eventLines++
    this.reject(file, line, reason)
  }

  /** Adds one inventory line (a device record as JSON); a bad or duplicate record is rejected. */
  addInventoryLine(text: string, line: number): void {
    this.counters.inventoryLines++
    if (isBlank(text)) {
      this.counters.inventoryBlankLines++
      return
    }
    const u = parseLine(text)
    if (u instanceof LineError) {
      this.reject('inventory', line, u.reason)
      return
    }
    // the codec's own check first: a valid record (the usual case) costs no allocation
    if (!Device.is(u)) {
      const decoded = decodeDevice(u)
      this.reject('inventory', line, decoded._tag === 'Left' ? decoded.left.message : 'device: could not be read')
      return
    }
    const device = u
    if (this.devices.has(device.deviceId)) {
      this.reject('inventory', line, `device.deviceId: ${device.deviceId} appears earlier in the inventory; expected each device once`)
      return
    }
    // a line with an escape is kept parsed: removals find untouched devices by their literal text
    if (text.includes('\\')) this.devices.set(device.deviceId, device)
    else {
      this.devices.set(device.deviceId, text)
      this.untouched[device.status] = (this.untouched[device.status] ?? 0) + 1
    }
    this.counters.devices++
    if (device.status === 'Suspended') {
      this.counters.suspendedAtStart++
      this.suspendedNow++
    }
  }

  /**
   * Applies one event line (see the class description). Never throws. A `shared` line is one every
   * partition is given (a CPL removal): it changes every partition's CPL and devices, but only the
   * reporting partition counts it or rejects it.
   */
  applyEventLine(text: string, line: number, shared = false): void {
    this.muted = shared && !this.reportsShared
    try {
      if (!this.muted) this.counters.eventLines++
      if (isBlank(text)) {
        if (!this.muted) this.counters.blankLines++
        return
      }
      const u = parseLine(text)
      if (u instanceof LineError) {
        this.reject('events', line, u.reason)
        return
      }
      try {
        this.applyEvent(u, line)
      } catch (e) {
        this.reject('events', line, `could not be applied (${e instanceof Error ? e.message : String(e)})`)
      }
    } finally {
      this.muted = false
    }
  }

  /** Applies one parsed event (see the class description). */
  applyEvent(u: unknown, line: number): void {
    if (typeof u !== 'object' || u === null || Array.isArray(u)) {
      this.reject(
        'events',
        line,
        `is ${describe(u)}; expected an event object: {"deviceId", "request"}, {"deviceId", "response"} or {"cplRemoval"}`
      )
      return
    }
    const o = u as Record<string, unknown>
    let keys = 0
    for (const k in o) if (hasOwn.call(o, k)) keys++
    if (keys === 1 && hasOwn.call(o, 'cplRemoval')) {
      this.applyRemoval(o.cplRemoval, line)
      return
    }
    const kind =
      keys === 2 && hasOwn.call(o, 'deviceId')
        ? hasOwn.call(o, 'request')
          ? 'request'
          : hasOwn.call(o, 'response')
            ? 'response'
            : undefined
        : undefined
    if (kind === undefined) {
      this.reject(
        'events',
        line,
        `has fields ${JSON.stringify(Object.keys(o))}; expected {"deviceId", "request"}, {"deviceId", "response"} or {"cplRemoval"}`
      )
      return
    }
    if (this.pendingRemovals.size > 0) this.suspendForRemovals()
    const id = o.deviceId
    const device = typeof id === 'string' ? this.device(id) : undefined
    if (device === undefined) {
      this.reject(
        'events',
        line,
        typeof id === 'string'
          ? `deviceId: ${JSON.stringify(id)} is not in the inventory; expected the ID of an inventory device`
          : `deviceId: expected a string, got ${describe(id)}`
      )
      return
    }
    if (kind === 'request') this.applyRequest(o.request, device, line)
    else this.applyResponse(o.response, device, line)
  }

  private applyRequest(request: unknown, device: Device, line: number): void {
    const r = authoriseRequest(request as ServiceRequest, device, this.options)
    if (r._tag === 'Left') {
      this.reject('events', line, r.left.message)
      return
    }
    const c = this.counters
    c.requests++
    const d = r.right
    const rule = d.rules[0] as string
    c.rules[rule] = (c.rules[rule] ?? 0) + 1
    if (d.outcome === 'Authorised') {
      c.authorised++
      this.awaited.request(device.deviceId, (request as ServiceRequest).serviceReferenceVariant, d)
    } else if (d.responseCode === 'E5') c.refusedE5++
    else c.refusedE12++
  }

  private applyResponse(response: unknown, device: Device, line: number): void {
    const r = processResponse(response as ServiceResponse, device, this.cplNow, this.options)
    if (r._tag === 'Left') {
      this.reject('events', line, r.left.message)
      return
    }
    const c = this.counters
    c.responses++
    const id = device.deviceId
    // a response counts only while an authorised request of its SRV awaits it (src/outstanding.ts)
    if (!this.awaited.respond(id, (response as ServiceResponse).serviceReferenceVariant)) {
      c.unsolicitedResponses++
      return
    }
    const d = r.right
    const rule = d.rules[0] as string
    c.rules[rule] = (c.rules[rule] ?? 0) + 1
    const next = d.device
    if (next !== device) {
      this.devices.set(id, next)
      c.rulesChanged[rule] = (c.rulesChanged[rule] ?? 0) + 1
      if (device.status === 'Suspended' && next.status !== 'Suspended') {
        this.suspendedNow--
        if (rule === 'R2') c.restoredBySr112++
        else c.restoredBySr113++
      } else if (next.firmwareVersion !== device.firmwareVersion) c.firmwareUpdated++
    } else c.responsesNoChange++
    const alerts = d.alerts
    for (let i = 0; i < alerts.length; i++) {
      const a = alerts[i] as Alert
      if (a.code === 'N29') c.alertsN29++
      else c.alertsN52++
      this.config.onAlert?.(a, line)
    }
  }

  private applyRemoval(removal: unknown, line: number): void {
    const next = removeFromCplAt(removal, this.cplNow, 'cplRemoval')
    if (next._tag === 'Left') {
      this.reject('events', line, next.left.message)
      return
    }
    this.cplNow = next.right
    if (!this.muted) this.counters.cplRemovals++
    // consecutive removals (a CPL update often removes many entries) are applied to the devices
    // in one pass, before the next device event: nothing can observe the devices in between
    const r = removal as CplRemoval
    const sameVersion = this.pendingRemovals.get(r.firmwareVersion)
    if (sameVersion === undefined) this.pendingRemovals.set(r.firmwareVersion, [{ removal: r, line }])
    else sameVersion.push({ removal: r, line })
  }

  /** Applies the removals awaiting their pass over the devices. */
  private suspendForRemovals(): void {
    const pending = this.pendingRemovals
    if (pending.size === 0) return
    const c = this.counters
    const rules = c.rules
    const versions = [...pending.keys()]
    this.devices.forEach((stored, id) => {
      let device: Device
      if (typeof stored === 'string') {
        // an untouched device can run a removed version only if its line holds that text
        let mentioned = false
        for (let i = 0; i < versions.length && !mentioned; i++) mentioned = stored.includes(versions[i] as string)
        if (!mentioned) return
        device = JSON.parse(stored) as Device
      } else device = stored
      const candidates = pending.get(device.firmwareVersion)
      if (candidates === undefined) return
      for (let i = 0; i < candidates.length; i++) {
        const { removal, line } = candidates[i] as PendingRemoval
        // rule S2: a device that does not run the removed firmware is unchanged; the library decides the rest
        if (device.model !== removal.model || device.manufacturer !== removal.manufacturer) continue
        const r = suspendOnCplRemoval(removal, device, this.options)
        if (r._tag === 'Left') {
          // the devices were checked on loading and the removal by removeFromCpl: cannot happen
          this.reject('events', line, `${id}: ${r.left.message}`)
          return
        }
        const rule = r.right.rules[0] as string
        rules[rule] = (rules[rule] ?? 0) + 1
        if (r.right.device !== device) {
          if (typeof stored === 'string') this.untouched[device.status] = (this.untouched[device.status] ?? 1) - 1
          this.devices.set(id, r.right.device)
          c.rulesChanged[rule] = (c.rulesChanged[rule] ?? 0) + 1
          c.suspendedByRemoval++
          this.suspendedNow++
        }
        return
      }
    })
    pending.clear()
  }

  /** Closes the replay: counts unanswered requests and final statuses, and returns the counters. */
  finish(): ReplayCounters {
    const c = this.counters
    if (!this.finished) {
      this.finished = true
      this.suspendForRemovals()
      c.unanswered += this.awaited.total
      for (const stored of this.devices.values()) {
        if (typeof stored === 'string') continue
        c.statusAtEnd[stored.status] = (c.statusAtEnd[stored.status] ?? 0) + 1
      }
      for (const [status, n] of Object.entries(this.untouched)) if (n > 0) c.statusAtEnd[status] = (c.statusAtEnd[status] ?? 0) + n
      c.suspendedAtEnd = c.statusAtEnd.Suspended ?? 0
    }
    return c
  }

  /**
   * How many of the devices are Suspended after the events applied so far (the CPL removals
   * among them applied to the devices first): what `replay` samples along the event sequence.
   */
  suspendedCount(): number {
    this.suspendForRemovals()
    return this.suspendedNow
  }

  /** The devices, in inventory order, as they are now. */
  *fleet(): Generator<Device> {
    this.suspendForRemovals()
    for (const stored of this.devices.values()) yield typeof stored === 'string' ? (JSON.parse(stored) as Device) : stored
  }

  /** The device with this ID, parsed again if it is still kept as its line. */
  private device(id: string): Device | undefined {
    const stored = this.devices.get(id)
    if (typeof stored !== 'string') return stored
    const device = JSON.parse(stored) as Device
    this.devices.set(id, device)
    this.untouched[device.status] = (this.untouched[device.status] ?? 1) - 1
    return device
  }

  /**
   * The final inventory as NDJSON lines, in inventory order: a device unchanged since it was
   * loaded keeps its line as it was; a changed one is written with `JSON.stringify`.
   */
  *fleetLines(): Generator<string> {
    this.suspendForRemovals()
    for (const stored of this.devices.values()) yield typeof stored === 'string' ? stored : JSON.stringify(stored)
  }
}

/** True for a line of nothing but white space (skipped, and counted). */
export function isBlank(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c !== 32 && c !== 9 && c !== 13) return false
  }
  return true
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
  /** What happened, each applied event counted under one outcome (see {@link ReplayOutcomes}). */
  readonly outcomes: ReplayOutcomes
  /** How many decisions each rule took, whatever they changed (R4 both restores and, in `baseline`, leaves a device as it was). */
  readonly decisionsByRule: Readonly<Record<string, number>>
  /** How many of each rule's decisions changed the device's record. */
  readonly deviceChangesByRule: Readonly<Record<string, number>>
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
  const byRule = (counts: Record<string, number>): Record<string, number> => {
    const sorted: Record<string, number> = {}
    for (const id of Object.keys(counts).sort(byRuleId)) sorted[id] = counts[id] as number
    return sorted
  }
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
    outcomes: outcomesOf(c),
    decisionsByRule: byRule(c.rules),
    deviceChangesByRule: byRule(c.rulesChanged),
    inventory: { lines: c.inventoryLines, blank: c.inventoryBlankLines, rejected: c.rejectedInventoryLines },
    rejected: { count: rejectedCount, listed: rejected }
  }
}

function byRuleId(a: string, b: string): number {
  return a[0] === b[0] ? Number(a.slice(1)) - Number(b.slice(1)) : a < b ? -1 : 1
}
