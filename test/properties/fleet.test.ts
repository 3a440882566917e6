/**
 * Property 11 (fleets): for random fleets and random event sequences, the harness SMI and the
 * campaign replay (`FleetReplay`, the most optimised code) end in the same state, alerts and
 * counters as a plain fold of `transition` over the events, event by event, with the outstanding
 * request rule written out here in the simplest way.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { transition, type Alert, type Cpl, type CplEntry, type CplRemoval, type Device, type Edition } from '../../src/index.js'
import { emptyCounters, FleetReplay, type ReplayCounters } from '../../src/campaign/replay.js'
import { createSmi, type SmiAnswer } from '../../src/harness/index.js'
import * as arb from '../arbitraries.js'

// ------------------------------------------------------------------ the generated world

/** Which device an event names: one of the fleet (by index, modulo its size) or one it does not hold. */
type Target = number | string
type GeneratedEvent =
  | { readonly kind: 'request'; readonly to: Target; readonly payload: unknown }
  | { readonly kind: 'response'; readonly to: Target; readonly payload: unknown }
  | { readonly kind: 'removal'; readonly of: number | CplRemoval }
  | { readonly kind: 'malformed'; readonly event: (id: string) => unknown; readonly label: string }

const target: fc.Arbitrary<Target> = fc.oneof({ weight: 12, arbitrary: fc.nat() }, { weight: 1, arbitrary: arb.eui64 })

const response = fc.oneof(arb.sr112Response({ deviceId: fc.constant(undefined) }), arb.sr113Response({ deviceId: fc.constant(undefined) }))

const event: fc.Arbitrary<GeneratedEvent> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('request' as const), to: target, payload: arb.focusedRequest }) },
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('request' as const),
      to: target,
      payload: fc.constantFrom(
        { serviceReferenceVariant: '11.2', commandVariant: 1 },
        { serviceReferenceVariant: '11.3', commandVariant: 5 }
      )
    })
  },
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('response' as const), to: target, payload: response }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('removal' as const), of: fc.oneof(fc.nat(), arb.cplRemoval) }) },
  {
    weight: 1,
    arbitrary: fc.constantFrom<GeneratedEvent>(
      { kind: 'malformed', label: 'no payload', event: (id) => ({ deviceId: id }) },
      { kind: 'malformed', label: 'not an object', event: () => [1, 2] },
      { kind: 'malformed', label: 'bad request', event: (id) => ({ deviceId: id, request: { serviceReferenceVariant: '11.2' } }) },
      {
        kind: 'malformed',
        label: 'deviceId not a string',
        event: () => ({ deviceId: 7, request: { serviceReferenceVariant: '11.2', commandVariant: 1 } })
      }
    )
  }
)

const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T

/** A fleet of 1-5 devices and a CPL that holds, as Current or Removed, most of the firmware they run. */
const fleet: fc.Arbitrary<{ devices: Device[]; cpl: Cpl; edition: Edition }> = fc
  .record({
    devices: fc.uniqueArray(arb.device(), { minLength: 1, maxLength: 5, selector: (d) => d.deviceId }),
    statuses: fc.array(arb.cplStatus, { minLength: 20, maxLength: 20 }),
    extra: arb.cpl,
    edition: arb.edition
  })
  .map(({ devices, statuses, extra, edition }) => {
    const entries = new Map<string, CplEntry>()
    const add = (manufacturer: string, model: string, firmwareVersion: string, status: CplEntry['status']) => {
      const e = { manufacturer, model, firmwareVersion, status }
      if (!entries.has(arb.cplKey(e))) entries.set(arb.cplKey(e), e)
    }
    devices.forEach((d, i) => add(d.manufacturer, d.model, d.firmwareVersion, statuses[i] ?? 'Current'))
    let i = devices.length
    for (const m of arb.MANUFACTURERS)
      for (const mo of arb.MODELS) for (const v of arb.VERSIONS) add(m, mo, v, statuses[i++ % 20] ?? 'Current')
    for (const e of extra) add(e.manufacturer, e.model, e.firmwareVersion, e.status)
    return json({ devices, cpl: [...entries.values()], edition })
  })

/** The events as the three engines get them: plain JSON, each line its own event. */
function materialise(devices: readonly Device[], generated: readonly GeneratedEvent[]): unknown[] {
  const id = (t: Target) => (typeof t === 'number' ? (devices[t % devices.length] as Device).deviceId : t)
  return generated.map((g) => {
    switch (g.kind) {
      case 'request':
        return json({ deviceId: id(g.to), request: g.payload })
      case 'response':
        return json({ deviceId: id(g.to), response: g.payload })
      case 'removal': {
        const d = typeof g.of === 'number' ? (devices[g.of % devices.length] as Device) : undefined
        return json({
          cplRemoval: d === undefined ? g.of : { manufacturer: d.manufacturer, model: d.model, firmwareVersion: d.firmwareVersion }
        })
      }
      case 'malformed':
        return json(g.event((devices[0] as Device).deviceId))
    }
  })
}

// ------------------------------------------------------------------ the reference: a fold of transition

/** What the reference decided for one event: refused, or the decision(s) `transition` returned. */
type Outcome =
  | { readonly tag: 'refused' }
  | { readonly tag: 'request'; readonly decision: unknown; readonly awaits: boolean }
  | { readonly tag: 'response'; readonly decision: unknown; readonly delivered: boolean }
  | { readonly tag: 'removal'; readonly decisions: readonly unknown[]; readonly cpl: Cpl }

interface Folded {
  readonly devices: Map<string, Device>
  cpl: Cpl
  readonly alerts: Alert[]
  readonly counters: ReplayCounters
  /** `deviceId srv` → how many authorised requests await their response. */
  readonly awaiting: Map<string, number>
  readonly outcomes: Outcome[]
}

const bump = (r: Record<string, number>, k: string) => (r[k] = (r[k] ?? 0) + 1)

function fold(devices: readonly Device[], cpl: Cpl, edition: Edition, events: readonly unknown[]): Folded {
  const s: Folded = {
    devices: new Map(devices.map((d) => [d.deviceId, d])),
    cpl,
    alerts: [],
    counters: {
      ...emptyCounters(),
      inventoryLines: devices.length,
      devices: devices.length,
      suspendedAtStart: devices.filter((d) => d.status === 'Suspended').length,
      eventLines: events.length
    },
    awaiting: new Map(),
    outcomes: []
  }
  const c = s.counters
  const refuse = () => {
    c.rejectedEventLines++
    s.outcomes.push({ tag: 'refused' })
  }
  for (const e of events as Array<Record<string, unknown>>) {
    const keys = typeof e === 'object' && e !== null && !Array.isArray(e) ? Object.keys(e).sort().join() : ''
    if (keys === 'cplRemoval') {
      const removal = e.cplRemoval as CplRemoval
      const results = [...s.devices.values()].map((device) => transition({ device, cpl: s.cpl }, { cplRemoval: removal }, { edition }))
      const first = results[0]
      if (first === undefined || first._tag === 'Left') {
        refuse()
        continue
      }
      c.cplRemovals++
      const decisions: unknown[] = []
      for (const r of results) {
        if (r._tag === 'Left') throw new Error('a removal refused for one device only')
        const { cpl: after, ...decision } = r.right.decision
        decisions.push(decision)
        const before = s.devices.get(decision.device.deviceId) as Device
        // replay counts S1-S2 only for the devices that run the removed firmware (rule S2's "anything else" is not counted)
        const runs = ['manufacturer', 'model', 'firmwareVersion'].every((k) => before[k as keyof Device] === removal[k as keyof CplRemoval])
        if (runs) bump(c.rules, decision.rules[0] as string)
        if (decision.device !== before) {
          c.suspendedByRemoval++
          bump(c.rulesChanged, decision.rules[0] as string)
        }
        s.devices.set(before.deviceId, decision.device)
        s.cpl = after
      }
      s.outcomes.push({ tag: 'removal', decisions, cpl: s.cpl })
      continue
    }
    const kind = keys === 'deviceId,request' ? 'request' : keys === 'deviceId,response' ? 'response' : undefined
    const device = kind === undefined ? undefined : s.devices.get(e.deviceId as string)
    if (kind === undefined || device === undefined) {
      refuse()
      continue
    }
    if (kind === 'request') {
      const r = transition({ device, cpl: s.cpl }, { request: e.request as never }, { edition })
      if (r._tag === 'Left') {
        refuse()
        continue
      }
      const d = r.right.decision
      c.requests++
      bump(c.rules, d.rules[0] as string)
      const srv = (e.request as { serviceReferenceVariant: string }).serviceReferenceVariant
      const awaits = d.outcome === 'Authorised' && (srv === '11.2' || srv === '11.3')
      if (d.outcome === 'Authorised') c.authorised++
      else if (d.responseCode === 'E5') c.refusedE5++
      else c.refusedE12++
      if (awaits) s.awaiting.set(`${device.deviceId} ${srv}`, (s.awaiting.get(`${device.deviceId} ${srv}`) ?? 0) + 1)
      s.outcomes.push({ tag: 'request', decision: d, awaits })
      continue
    }
    const r = transition({ device, cpl: s.cpl }, { response: e.response as never }, { edition })
    if (r._tag === 'Left') {
      refuse()
      continue
    }
    c.responses++
    const key = `${device.deviceId} ${(e.response as { serviceReferenceVariant: string }).serviceReferenceVariant}`
    const waiting = s.awaiting.get(key) ?? 0
    s.outcomes.push({ tag: 'response', decision: r.right.decision, delivered: waiting > 0 })
    if (waiting === 0) {
      c.unsolicitedResponses++
      continue
    }
    s.awaiting.set(key, waiting - 1)
    const d = r.right.decision
    bump(c.rules, d.rules[0] as string)
    if (d.device === device) c.responsesNoChange++
    else {
      bump(c.rulesChanged, d.rules[0] as string)
      if (d.device.status !== 'Suspended' && device.status === 'Suspended') {
        if (d.rules[0] === 'R2') c.restoredBySr112++
        else c.restoredBySr113++
      } else if (d.device.firmwareVersion !== device.firmwareVersion) c.firmwareUpdated++
    }
    s.devices.set(device.deviceId, d.device)
    for (const a of d.alerts) {
      s.alerts.push(a)
      if (a.code === 'N29') c.alertsN29++
      else c.alertsN52++
    }
  }
  for (const n of s.awaiting.values()) c.unanswered += n
  for (const d of s.devices.values()) bump(c.statusAtEnd, d.status)
  c.suspendedAtEnd = c.statusAtEnd.Suspended ?? 0
  return s
}

// ------------------------------------------------------------------ the engines under test

function replay(devices: readonly Device[], cpl: Cpl, edition: Edition, events: readonly unknown[]) {
  const alerts: Alert[] = []
  const r = new FleetReplay(cpl, { edition, onAlert: (a) => alerts.push(a) })
  devices.forEach((d, i) => r.addInventoryLine(JSON.stringify(d), i + 1))
  events.forEach((e, i) => r.applyEventLine(JSON.stringify(e), i + 1))
  const counters = r.finish()
  return { counters, alerts, devices: [...r.fleet()], cpl: r.cpl }
}

/** What the reference's outcome says the SMI must answer (the answer's fields it can check). */
function expectedAnswer(o: Outcome): unknown {
  switch (o.tag) {
    case 'refused':
      return 'Left'
    case 'request':
      return { kind: 'request', decision: o.decision, awaitsResponse: o.awaits }
    case 'response':
      return o.delivered
        ? { kind: 'response', delivered: true, decision: o.decision, alerts: (o.decision as { alerts: unknown }).alerts }
        : { kind: 'response', delivered: false, alerts: [] }
    case 'removal':
      return { kind: 'cplRemoval', cpl: o.cpl, decisions: o.decisions, alerts: [] }
  }
}

function answerOf(a: SmiAnswer): unknown {
  switch (a.kind) {
    case 'request':
      return { kind: a.kind, decision: a.decision, awaitsResponse: a.awaitsResponse }
    case 'response':
      return a.delivered
        ? { kind: a.kind, delivered: true, decision: a.decision, alerts: a.alerts }
        : { kind: a.kind, delivered: false, alerts: a.alerts }
    case 'cplRemoval':
      return { kind: a.kind, cpl: a.cpl, decisions: a.decisions.map((d) => d.decision), alerts: a.alerts }
  }
}

/** A request for a firmware read or activation and, right after it, a response from the same device. */
const roundTrip: fc.Arbitrary<GeneratedEvent[]> = fc
  .record({
    to: target,
    sr112: fc.boolean(),
    read: arb.sr112Response({ deviceId: fc.constant(undefined) }),
    activate: arb.sr113Response({ deviceId: fc.constant(undefined) })
  })
  .map(({ to, sr112, read, activate }) => [
    {
      kind: 'request',
      to,
      payload: sr112 ? { serviceReferenceVariant: '11.2', commandVariant: 1 } : { serviceReferenceVariant: '11.3', commandVariant: 5 }
    },
    { kind: 'response', to, payload: sr112 ? read : activate }
  ])

const events = fc
  .array(fc.oneof({ weight: 3, arbitrary: event.map((e) => [e]) }, { weight: 1, arbitrary: roundTrip }), { maxLength: 30 })
  .map((chunks) => chunks.flat())

function check(w: { devices: Device[]; cpl: Cpl; edition: Edition }, generated: readonly GeneratedEvent[]): Folded {
  const lines = materialise(w.devices, generated)
  const reference = fold(w.devices, w.cpl, w.edition, lines)

  const smi = createSmi({ devices: w.devices, cpl: w.cpl }, { edition: w.edition })
  if (smi._tag === 'Left') throw new Error(smi.left.message)
  lines.forEach((line, i) => {
    const a = smi.right.apply(line as never)
    expect(a._tag === 'Left' ? 'Left' : answerOf(a.right), `event ${i}: ${JSON.stringify(line)}`).toEqual(
      expectedAnswer(reference.outcomes[i] as Outcome)
    )
  })
  expect(smi.right.devices()).toEqual([...reference.devices.values()])
  expect(smi.right.cpl).toEqual(reference.cpl)
  expect(smi.right.alerts()).toEqual(reference.alerts)
  expect(smi.right.outstanding().reduce((n, o) => n + o.count, 0)).toBe(reference.counters.unanswered)

  const r = replay(w.devices, w.cpl, w.edition, lines)
  expect(r.devices).toEqual([...reference.devices.values()])
  expect(r.cpl).toEqual(reference.cpl)
  expect(r.alerts).toEqual(reference.alerts)
  expect(r.counters).toEqual(reference.counters)
  return reference
}

describe('property 11: the SMI and the campaign replay agree with a fold of transition', () => {
  test.prop([fleet, events])('any fleet, after any sequence of requests, responses and CPL removals', (w, generated) => {
    check(w, generated)
  })

  it('the generated sequences reach every counter that matters', () => {
    const total: Record<string, number> = {}
    for (const [w, generated] of fc.sample(fc.tuple(fleet, events), { numRuns: 300, seed: 11 })) {
      const { counters } = check(w, generated)
      for (const [k, n] of Object.entries(counters.rules)) total[k] = (total[k] ?? 0) + n
      for (const k of [
        'authorised',
        'refusedE5',
        'refusedE12',
        'unanswered',
        'unsolicitedResponses',
        'suspendedByRemoval',
        'restoredBySr112',
        'restoredBySr113',
        'firmwareUpdated',
        'alertsN29',
        'alertsN52',
        'rejectedEventLines'
      ] as const) {
        total[k] = (total[k] ?? 0) + counters[k]
      }
    }
    expect(Object.entries(total).filter(([, n]) => n === 0)).toEqual([])
  })
})
