/**
 * An in-memory Smart Metering Inventory for test harnesses: devices by `deviceId` and one CPL,
 * fed with the events of a fleet, answering each with what the rules decided. Built on
 * `transition`, so it decides exactly what the specification decides. Pure: no I/O, no clock.
 *
 * @since 0.2.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import type { Alert } from '../Alert.js'
import { Cpl, type CplRemoval } from '../Cpl.js'
import { removeFromCplAt, suspendOnCplRemoval } from '../cplRemoval.js'
import { Device } from '../Device.js'
import type { Edition } from '../Edition.js'
import { decodeFleetEvent, type FleetEvent } from '../FleetEvent.js'
import { decodeWith, unreadable } from '../internal/decode.js'
import { editionOf, Issues } from '../internal/inputs.js'
import { inputError, makeIssue, type InputError } from '../InputError.js'
import { OutstandingRequests, type OutstandingRequest } from '../outstanding.js'
import type { ServiceRequest } from '../ServiceRequest.js'
import type { ServiceResponse } from '../ServiceResponse.js'
import { transition } from '../transition.js'
import type { DeviceSuspension, Smi, SmiAnswer, SmiFleet, SmiOptions } from './types.js'

const NO_ALERTS: readonly Alert[] = Object.freeze([])
const UNSOLICITED =
  'no authorised request of this Service Request Variant is outstanding for the device: the response never reaches the DSP'

class InMemorySmi implements Smi {
  private readonly byId = new Map<string, Device>()
  private readonly raised: Alert[] = []
  private readonly awaited = new OutstandingRequests()
  private cplNow: Cpl

  constructor(
    devices: readonly Device[],
    cpl: Cpl,
    readonly edition: Edition,
    private readonly requireOutstanding: boolean
  ) {
    for (const d of devices) this.byId.set(d.deviceId, d)
    this.cplNow = cpl
  }

  get cpl(): Cpl {
    return this.cplNow
  }

  device(deviceId: string): Device | undefined {
    return this.byId.get(deviceId)
  }

  devices(): readonly Device[] {
    return [...this.byId.values()]
  }

  alerts(): readonly Alert[] {
    return [...this.raised]
  }

  outstanding(): readonly OutstandingRequest[] {
    return this.awaited.list()
  }

  apply(event: FleetEvent): Either<InputError, SmiAnswer> {
    try {
      return this.step(event)
    } catch (e) {
      // Stryker disable next-line StringLiteral: the path of an input that throws while it is read
      return left(unreadable('event', e))
    }
  }

  private step(event: unknown): Either<InputError, SmiAnswer> {
    const parts = decodeFleetEvent(event)
    if (parts._tag === 'Left') return parts
    const { kind, deviceId, payload } = parts.right
    if (kind === 'cplRemoval') return this.remove(payload as CplRemoval)
    const device = this.byId.get(deviceId)
    if (device === undefined) {
      return left(
        inputError([
          makeIssue(
            'event.deviceId',
            'the ID of a device the SMI holds',
            deviceId,
            `${JSON.stringify(deviceId)} is not a device of this SMI; expected the ID of one of its ${this.byId.size} devices`
          )
        ])
      )
    }
    const options = { edition: this.edition }
    if (kind === 'request') {
      const r = transition({ device, cpl: this.cplNow }, { request: payload as ServiceRequest }, options)
      if (r._tag === 'Left') return r
      const awaits = this.awaited.request(deviceId, (payload as ServiceRequest).serviceReferenceVariant, r.right.decision)
      return right({ kind, deviceId, decision: r.right.decision, awaitsResponse: awaits, alerts: NO_ALERTS })
    }
    const response = payload as ServiceResponse
    const r = transition({ device, cpl: this.cplNow }, { response }, options)
    if (r._tag === 'Left') return r
    const answered = this.awaited.respond(deviceId, response.serviceReferenceVariant)
    if (!answered && this.requireOutstanding) return right({ kind, deviceId, delivered: false, reason: UNSOLICITED, alerts: NO_ALERTS })
    const decision = r.right.decision
    this.byId.set(deviceId, r.right.state.device)
    for (const a of decision.alerts) this.raised.push(a)
    return right({ kind, deviceId, delivered: true, decision, alerts: decision.alerts })
  }

  /**
   * A CPL removal for the fleet: checked and applied to the CPL once (`removeFromCpl`), then
   * judged for each device (`suspendOnCplRemoval`): the same as `transition` applied to each
   * device with the CPL before the removal. Nothing is kept until every device is decided.
   */
  private remove(removal: CplRemoval): Either<InputError, SmiAnswer> {
    const cpl = removeFromCplAt(removal, this.cplNow, 'cplRemoval')
    if (cpl._tag === 'Left') return cpl
    const options = { edition: this.edition }
    const decisions: DeviceSuspension[] = []
    for (const [deviceId, device] of this.byId) {
      const r = suspendOnCplRemoval(removal, device, options)
      // Stryker disable next-line ConditionalExpression: unreachable, the devices and the removal were checked
      if (r._tag === 'Left') return r
      decisions.push({ deviceId, decision: r.right })
    }
    this.cplNow = cpl.right
    for (const { deviceId, decision } of decisions) this.byId.set(deviceId, decision.device)
    return right({ kind: 'cplRemoval', cpl: cpl.right, decisions, alerts: NO_ALERTS })
  }
}

/**
 * Creates an in-memory SMI holding a fleet of devices and a CPL, for a test harness to feed with
 * events (`{ deviceId, request }`, `{ deviceId, response }`, `{ cplRemoval }`, the shapes of a
 * campaign's event lines) and to read back. Every answer is what `transition` decides; by
 * default a response counts only while a request awaits it (see {@link SmiOptions}).
 *
 * Everything given is checked (paths start at `fleet` and `options`); the records given are
 * kept, never changed. Pure: no I/O, no clock.
 *
 * @example
 * import { createSmi } from 'suspended-device-rules/harness'
 *
 * const created = createSmi({
 *   devices: [{
 *     deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2', status: 'Commissioned',
 *     manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', responsibleImportSupplier: '90-B3-D5-1F-30-01-00-01'
 *   }],
 *   cpl: [
 *     { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', status: 'Current' },
 *     { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
 *   ]
 * })
 * if (created._tag === 'Left') throw new Error(created.left.message)
 * const smi = created.right
 * const id = '00-DB-12-34-56-78-90-A0'
 *
 * smi.apply({ cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00' } })
 * console.log(smi.device(id)?.status) // Suspended
 * // a response before any request: nothing awaits it, so nothing changes
 * const early = smi.apply({ deviceId: id, response: { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' } })
 * if (early._tag === 'Right' && early.right.kind === 'response') console.log(early.right.delivered) // false
 * smi.apply({ deviceId: id, request: { serviceReferenceVariant: '11.2', commandVariant: 1 } })
 * console.log(smi.outstanding().map((o) => `${o.serviceReferenceVariant} x${o.count}`)) // [ '11.2 x1' ]
 * smi.apply({ deviceId: id, response: { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' } })
 * console.log(smi.device(id)?.status, smi.alerts().map((a) => `${a.code} to ${a.recipient}`).join(', '))
 * // Commissioned N29 to ResponsibleImportSupplier, N29 to ResponsibleNetworkOperator
 * const bad = smi.apply({ deviceId: '00-DB-12-34-56-78-90-FF', request: { serviceReferenceVariant: '11.2', commandVariant: 1 } })
 * if (bad._tag === 'Left') console.log(bad.left.issues[0]?.path) // event.deviceId
 *
 * @category In-memory SMI
 * @since 0.2.0
 */
export function createSmi(fleet: SmiFleet, options?: SmiOptions): Either<InputError, Smi> {
  try {
    return create(fleet, options)
  } catch (e) {
    // Stryker disable next-line StringLiteral: the path of an input that throws while it is read
    return left(unreadable('(input)', e))
  }
}

function create(fleet: unknown, options: unknown): Either<InputError, Smi> {
  const issues = new Issues()
  const edition = editionOf(options)
  if (edition === undefined) issues.options(options)
  const require = (options as SmiOptions | undefined)?.requireOutstandingRequest
  if (require !== undefined && typeof require !== 'boolean') {
    issues.push(makeIssue('options.requireOutstandingRequest', 'true or false', require))
  }
  if (typeof fleet !== 'object' || fleet === null || Array.isArray(fleet)) {
    issues.push(makeIssue('fleet', 'a fleet ({ devices, cpl? })', fleet))
    return left(issues.error())
  }
  const { devices, cpl } = fleet as { readonly devices?: unknown; readonly cpl?: unknown }
  const seen = new Map<string, number>()
  if (!Array.isArray(devices)) issues.push(makeIssue('fleet.devices', 'an array of device records', devices))
  else {
    devices.forEach((d: unknown, i) => {
      if (!Device.is(d)) return issues.codec(Device, `fleet.devices[${i}]`, d)
      const first = seen.get(d.deviceId)
      if (first === undefined) seen.set(d.deviceId, i)
      else {
        issues.push(
          makeIssue(
            `fleet.devices[${i}].deviceId`,
            'each device once',
            d.deviceId,
            `${d.deviceId} is also fleet.devices[${first}]; expected each device once`
          )
        )
      }
    })
  }
  const decoded = cpl === undefined ? right([] as Cpl) : decodeWith(Cpl, 'fleet.cpl', cpl)
  if (decoded._tag === 'Left') issues.add(decoded.left)
  if (!issues.isEmpty()) return left(issues.error())
  const requireOutstanding = (require as boolean | undefined) ?? true
  // the CPL is copied: an array the caller changes later does not change the SMI
  return right(
    new InMemorySmi(devices as readonly Device[], [...(decoded as { right: Cpl }).right], edition as Edition, requireOutstanding)
  )
}
