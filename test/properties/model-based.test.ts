/**
 * Property 10 (model-based): random sequences of CPL removals, CPL publications, service requests
 * and responses, run against the library (threading the device and the CPL through each step) and
 * against the independent model in test/model/smi.ts. Every step must agree with the model: the
 * authorisation outcome and code, the device record, the alerts, the CPL, and which inputs are
 * refused.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  applyCplRemoval,
  authoriseRequest,
  processResponse,
  type Alert,
  type Cpl,
  type CplRemoval,
  type Device,
  type ServiceRequest,
  type ServiceResponse
} from '../../src/index.js'
import * as arb from '../arbitraries.js'
import * as model from '../model/smi.js'

interface Real {
  device: Device
  cpl: Cpl
  /** The ids of the rules that decided each step, to show which rules the sequences reach. */
  readonly rules: Set<string>
}

const byRecipient = (alerts: readonly Alert[]): Alert[] =>
  [...alerts].sort((a, b) => a.recipient.localeCompare(b.recipient) || a.code.localeCompare(b.code))

/** Checks the CPL the library holds against the model's. */
function expectSameCpl(m: model.SmiModel, r: Real): void {
  const real = new Map(r.cpl.map((e) => [model.keyOf(e.manufacturer, e.model, e.firmwareVersion), e.status]))
  expect(real).toEqual(m.cpl)
}

/** Which device a step names: none, the device's own ID, or another device's. */
type Target = { readonly kind: 'none' } | { readonly kind: 'own' } | { readonly kind: 'other'; readonly id: string }

const target: fc.Arbitrary<Target> = fc.oneof(
  { weight: 5, arbitrary: fc.constant<Target>({ kind: 'none' }) },
  { weight: 5, arbitrary: fc.constant<Target>({ kind: 'own' }) },
  { weight: 1, arbitrary: arb.eui64.map((id): Target => ({ kind: 'other', id })) }
)

function resolve(t: Target, d: Device): string | undefined {
  return t.kind === 'none' ? undefined : t.kind === 'own' ? d.deviceId : t.id
}

function withTarget<T extends object>(x: T, id: string | undefined): T {
  return id === undefined ? x : { ...x, deviceId: id }
}

type Cmd = fc.Command<model.SmiModel, Real>

class RequestCmd implements Cmd {
  constructor(
    readonly request: Omit<ServiceRequest, 'deviceId'>,
    readonly to: Target
  ) {}
  check = (): boolean => true
  run(m: model.SmiModel, r: Real): void {
    const sr = withTarget(this.request, resolve(this.to, m.device)) as ServiceRequest
    const expected = model.authorise(m, sr)
    const actual = authoriseRequest(sr, r.device, { edition: m.edition })
    if (expected.error) {
      expect(actual._tag).toBe('Left')
      return
    }
    expect(actual._tag).toBe('Right')
    if (actual._tag === 'Right') {
      for (const id of actual.right.rules) r.rules.add(id)
      const { outcome } = actual.right
      expect(outcome === 'Rejected' ? { outcome, responseCode: actual.right.responseCode } : { outcome }).toEqual(
        expected.outcome === 'Rejected' ? { outcome: 'Rejected', responseCode: expected.responseCode } : { outcome: 'Authorised' }
      )
    }
  }
  toString = (): string => `request(${JSON.stringify(this.request)}, ${JSON.stringify(this.to)})`
}

class ResponseCmd implements Cmd {
  constructor(
    readonly response: ServiceResponse,
    readonly to: Target
  ) {}
  check = (): boolean => true
  run(m: model.SmiModel, r: Real): void {
    const resp = withTarget(this.response, resolve(this.to, m.device))
    const expected = model.respond(m, resp)
    const actual = processResponse(resp, r.device, r.cpl, { edition: m.edition })
    if (expected.error) {
      expect(actual._tag).toBe('Left')
      return
    }
    if (actual._tag === 'Left') throw new Error(`refused a response the model accepts: ${actual.left.message}`)
    for (const id of actual.right.rules) r.rules.add(id)
    expect(actual.right.device).toEqual(expected.device)
    expect(byRecipient(actual.right.alerts)).toEqual(byRecipient(expected.alerts))
    m.device = expected.device
    r.device = actual.right.device
  }
  toString = (): string => `response(${JSON.stringify(this.response)}, ${JSON.stringify(this.to)})`
}

/** Takes firmware off the CPL: either the firmware the device runs now, or any named firmware. */
class RemovalCmd implements Cmd {
  constructor(readonly removal: CplRemoval | 'running') {}
  check = (): boolean => true
  run(m: model.SmiModel, r: Real): void {
    const d = m.device
    const removal =
      this.removal === 'running' ? { manufacturer: d.manufacturer, model: d.model, firmwareVersion: d.firmwareVersion } : this.removal
    const expected = model.remove(m, removal)
    const actual = applyCplRemoval(removal, r.device, r.cpl, { edition: m.edition })
    if (expected.error) {
      expect(actual._tag).toBe('Left')
      return
    }
    if (actual._tag === 'Left') throw new Error(`refused a removal the model accepts: ${actual.left.message}`)
    for (const id of actual.right.rules) r.rules.add(id)
    expect(actual.right.device).toEqual(expected.device)
    expect(actual.right.alerts).toEqual([])
    m.device = expected.device
    m.cpl.set(model.keyOf(removal.manufacturer, removal.model, removal.firmwareVersion), 'Removed')
    r.device = actual.right.device
    r.cpl = actual.right.cpl
    expectSameCpl(m, r)
  }
  toString = (): string => `removal(${JSON.stringify(this.removal)})`
}

/** The CPL operator publishes a new firmware version for the device's model (outside the library). */
class PublishCmd implements Cmd {
  constructor(readonly firmwareVersion: string) {}
  check = (m: model.SmiModel): boolean => !m.cpl.has(model.keyOf(m.device.manufacturer, m.device.model, this.firmwareVersion))
  run(m: model.SmiModel, r: Real): void {
    const entry = {
      manufacturer: m.device.manufacturer,
      model: m.device.model,
      firmwareVersion: this.firmwareVersion,
      status: 'Current' as const
    }
    m.cpl.set(model.keyOf(entry.manufacturer, entry.model, entry.firmwareVersion), 'Current')
    r.cpl = [...r.cpl, entry]
  }
  toString = (): string => `publish(${JSON.stringify(this.firmwareVersion)})`
}

const commands = fc.commands(
  [
    fc.tuple(arb.focusedRequest, target).map(([sr, to]) => new RequestCmd(sr, to)),
    fc
      .tuple(
        fc.oneof(arb.sr112Response({ deviceId: fc.constant(undefined) }), arb.sr113Response({ deviceId: fc.constant(undefined) })),
        target
      )
      .map(([resp, to]) => new ResponseCmd(resp, to)),
    fc
      .oneof({ weight: 2, arbitrary: fc.constant<'running'>('running') }, { weight: 1, arbitrary: arb.cplRemoval })
      .map((x) => new RemovalCmd(x)),
    arb.firmwareVersion.map((v) => new PublishCmd(v))
  ],
  { maxCommands: 25 }
)

function run(w: { device: Device; cpl: Cpl; edition: model.SmiModel['edition'] }, cmds: Iterable<Cmd>, rules = new Set<string>()): void {
  const setup = (): { model: model.SmiModel; real: Real } => ({
    model: {
      device: w.device,
      edition: w.edition,
      cpl: new Map(w.cpl.map((e) => [model.keyOf(e.manufacturer, e.model, e.firmwareVersion), e.status]))
    },
    real: { device: w.device, cpl: w.cpl, rules }
  })
  fc.modelRun(setup, cmds)
}

describe('property 10: the library agrees with an independent model of the SMI', () => {
  test.prop([arb.world(), commands])(
    'every step of any sequence of removals, publications, requests and responses agrees with the model',
    (w, cmds) => {
      run(w, cmds)
    }
  )

  it('the generated sequences reach every rule of both editions', () => {
    const reached = new Set<string>()
    for (const [w, cmds] of fc.sample(fc.tuple(arb.world(), commands), { numRuns: 1000, seed: 10 })) run(w, cmds, reached)
    expect([...reached].sort()).toEqual([
      'A1',
      'A2',
      'A3',
      'A4',
      'A5',
      'A6',
      'A7',
      'A8',
      'R1',
      'R2',
      'R3',
      'R4',
      'R5',
      'R6',
      'R7',
      'S1',
      'S2'
    ])
  })
})
