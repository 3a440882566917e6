/**
 * A synthetic, realistic campaign for replay at national scale: a fleet (the SMI), a CPL and a
 * time-ordered event stream around one CPL removal. Pure and seeded: no Node module, no clock, no
 * `Math.random`; every device's attributes and fate are recomputed from its index, so the
 * inventory and the events stream out in constant memory whatever the fleet size.
 *
 * The story the events tell, in time order:
 * 1. everyday traffic (Non-Critical and Critical requests, a few with a Command Variant the SRV
 *    does not take);
 * 2. the CPL removal: firmware `01010000` of every model is taken off the CPL, suspending the
 *    share of the fleet running it (`removalShare`);
 * 3. everyday traffic again, now refused with E5 for the suspended devices (with the malformed
 *    lines spread through it);
 * 4. the suppliers' firmware campaign to every suspended device: SR11.1 then SR11.3, whose
 *    response is a success, lost, a failure code over firmware that did activate, a SMETS1
 *    failed activation with no version, a future-dated acceptance, or a real failure;
 * 5. an automated second attempt of SR11.3 for half of the devices without a success response;
 * 6. SR11.2 reads of every device its supplier still believes suspended (refused with E5 before
 *    SECMP0105, so their responses never come);
 * 7. SR11.2 reads of gas meters answered by the GPF, some with a firmware version mismatch.
 *
 * @since 0.1.0
 */
import type { Cpl, CplEntry, CplRemoval } from '../Cpl.js'
import type { Device, DeviceStatus, DeviceType, SmetsGeneration, UnsuspendedStatus } from '../Device.js'
import { NOT_SUSPENDED_BY_REMOVAL } from '../rules/suspension.js'
import { hash3, pick, roll } from './random.js'

/**
 * @category Generating a campaign
 * @since 0.1.0
 */
export interface CampaignOptions {
  /** Number of devices in the fleet (at least 1). */
  readonly devices: number
  /** Any integer; the same seed gives the same campaign. */
  readonly seed: number
  /** Entries in the CPL, padded with other manufacturers' products (default 5,000). */
  readonly cplSize?: number
  /** Share of the fleet running the firmware the campaign removes (default 0.25). */
  readonly removalShare?: number
  /** Number of malformed event lines (default: 9, plus one per 50,000 devices). */
  readonly malformedLines?: number
}

/**
 * An event line of a campaign, as replay reads it.
 *
 * @category Generating a campaign
 * @since 0.1.0
 */
export type CampaignEvent =
  | { readonly deviceId: string; readonly request: unknown }
  | { readonly deviceId: string; readonly response: unknown }
  | { readonly cplRemoval: unknown }

/**
 * @category Generating a campaign
 * @since 0.1.0
 */
export interface Campaign {
  readonly options: Required<CampaignOptions>
  /** The CPL before the campaign. */
  readonly cpl: Cpl
  /** The firmware the campaign takes off the CPL, one removal per model. */
  readonly removals: readonly CplRemoval[]
  /** The devices, one at a time, in inventory order. */
  inventory(): Generator<Device>
  /** The event lines (NDJSON, without newline), in time order; a few are deliberately malformed. */
  events(): Generator<string>
}

interface Model {
  readonly deviceType: DeviceType
  readonly smetsGeneration: SmetsGeneration
  readonly manufacturer: string
  readonly model: string
}

const MODELS: readonly Model[] = [
  { deviceType: 'ESME', smetsGeneration: 'SMETS2', manufacturer: 'ACME', model: 'E-200' },
  { deviceType: 'ESME', smetsGeneration: 'SMETS2', manufacturer: 'VOLTARIS', model: 'EM-5' },
  { deviceType: 'ESME', smetsGeneration: 'SMETS1', manufacturer: 'LEGACY', model: 'S1-E' },
  { deviceType: 'GSME', smetsGeneration: 'SMETS2', manufacturer: 'ACME', model: 'G-100' },
  { deviceType: 'GSME', smetsGeneration: 'SMETS2', manufacturer: 'GASWORKS', model: 'GM-2' },
  { deviceType: 'GSME', smetsGeneration: 'SMETS1', manufacturer: 'LEGACY', model: 'S1-G' },
  { deviceType: 'CHF', smetsGeneration: 'SMETS2', manufacturer: 'HUBCO', model: 'CH-1' },
  { deviceType: 'CHF', smetsGeneration: 'SMETS2', manufacturer: 'HUBCO', model: 'CH-2' },
  { deviceType: 'GPF', smetsGeneration: 'SMETS2', manufacturer: 'HUBCO', model: 'GP-1' },
  { deviceType: 'PPMID', smetsGeneration: 'SMETS2', manufacturer: 'DISPLAYS', model: 'P-1' },
  { deviceType: 'HCALCS', smetsGeneration: 'SMETS2', manufacturer: 'SWITCHCO', model: 'H-1' }
]

/** Firmware removed from the CPL before the campaign (a few devices are still suspended on it). */
export const V_REMOVED_EARLIER = '01000000'
/** Firmware the campaign removes. */
export const V_REMOVED = '01010000'
/** Firmware the suppliers install to recover the suspended devices. */
export const V_TARGET = '01020000'
/** Another Current version in the field. */
export const V_OTHER = '01030000'

const TYPE_WEIGHTS: ReadonlyArray<readonly [DeviceType, number]> = [
  ['ESME', 36],
  ['GSME', 30],
  ['CHF', 12],
  ['GPF', 12],
  ['PPMID', 7],
  ['HCALCS', 3]
]

type StartStatus = DeviceStatus
const STATUS_WEIGHTS: ReadonlyArray<readonly [StartStatus, number]> = [
  ['Commissioned', 860],
  ['InstalledNotCommissioned', 40],
  ['Pending', 20],
  ['Whitelisted', 20],
  ['Decommissioned', 30],
  ['Withdrawn', 10],
  ['Recovered', 10],
  ['Recovery', 5],
  ['Suspended', 5]
]

const SUPPLIERS = 24
const NETWORK_OPERATORS = 14

/** What happens to a suspended device's first SR11.3 (the response line, if any, and whether the firmware activated). */
type FirstAttempt = 'success' | 'lostActivated' | 'failureCodeActivated' | 'noVersion' | 'futureDated' | 'failed' | 'lostNotActivated'
const FIRST_ATTEMPT: ReadonlyArray<readonly [FirstAttempt, number]> = [
  ['success', 55],
  ['lostActivated', 15],
  ['failureCodeActivated', 8],
  ['noVersion', 5],
  ['futureDated', 5],
  ['failed', 5],
  ['lostNotActivated', 7]
]

// draw numbers: each attribute or decision of item i takes its own k
const K = {
  type: 0,
  generation: 1,
  model: 2,
  status: 3,
  before: 4,
  firmware: 5,
  supplier: 6,
  operator: 7,
  noOperator: 8,
  firstAttempt: 10,
  retry: 11,
  retryOutcome: 12,
  sweep: 13,
  sweepDelivered: 14,
  gpfRead: 15,
  gpfMismatch: 16,
  traffic: 20,
  trafficKind: 21,
  trafficSrv: 22,
  cv: 23,
  failureCode: 24
} as const

/** A device's numbers, before any string is built. */
interface Profile {
  readonly model: Model
  readonly status: DeviceStatus
  readonly before: UnsuspendedStatus | undefined
  readonly firmwareVersion: string
}

const NON_CRITICAL_READS = ['4.1.1', '4.6.1', '4.8.1', '4.17', '4.18', '6.2.7', '6.13', '8.9'] as const
const CRITICAL = ['6.11', '7.1', '1.1.1', '6.15.1'] as const
const FAILURE_CODES = ['activationFailure', 'hashMismatch', 'noImageHeld'] as const

function hex2(n: number): string {
  return (n & 0xff).toString(16).toUpperCase().padStart(2, '0')
}

function userId(kind: number, n: number): string {
  return `90-B3-D5-1F-30-${hex2(kind)}-00-${hex2(n + 1)}`
}

/** Validates and completes the options. */
function complete(o: CampaignOptions): Required<CampaignOptions> {
  const devices = o.devices
  if (!Number.isSafeInteger(devices) || devices < 1 || devices > 2 ** 40)
    throw new RangeError(`devices: expected an integer from 1 to 2^40, got ${String(devices)}`)
  if (!Number.isSafeInteger(o.seed)) throw new RangeError(`seed: expected an integer, got ${String(o.seed)}`)
  const cplSize = o.cplSize ?? 5000
  const removalShare = o.removalShare ?? 0.25
  const malformedLines = o.malformedLines ?? 9 + Math.floor(devices / 50000)
  if (!Number.isSafeInteger(cplSize) || cplSize < 0)
    throw new RangeError(`cplSize: expected a non-negative integer, got ${String(cplSize)}`)
  if (!(removalShare >= 0 && removalShare <= 1))
    throw new RangeError(`removalShare: expected a number from 0 to 1, got ${String(removalShare)}`)
  if (!Number.isSafeInteger(malformedLines) || malformedLines < 0)
    throw new RangeError(`malformedLines: expected a non-negative integer, got ${String(malformedLines)}`)
  return { devices, seed: o.seed | 0, cplSize, removalShare, malformedLines }
}

/**
 * Builds a campaign. Throws a `RangeError` naming the option when an option is out of range
 * (this is a generator for tests and benchmarks, not a rule function).
 *
 * @example
 * import { generateCampaign } from 'suspended-device-rules/campaign'
 *
 * const campaign = generateCampaign({ devices: 1000, seed: 42 })
 * let devices = 0
 * for (const device of campaign.inventory()) if (device.deviceId.startsWith('00-DB-12-')) devices++
 * console.log(devices) // 1000
 *
 * @category Generating a campaign
 * @since 0.1.0
 */
export function generateCampaign(options: CampaignOptions): Campaign {
  const opts = complete(options)
  const { devices: n, seed } = opts
  // device IDs: the index XOR a seed-derived mask on 40 bits, under a fixed prefix (a bijection)
  const mask = hash3(seed, 0x7fffffff, 99) * 0x100 + (hash3(seed, 0x7ffffffe, 99) & 0xff)
  const idMask = mask % 2 ** 40

  const deviceId = (i: number): string => {
    const v = xor40(i, idMask)
    const hi = Math.floor(v / 0x100000000)
    const lo = v >>> 0
    return `00-DB-12-${hex2(hi)}-${hex2(lo >>> 24)}-${hex2(lo >>> 16)}-${hex2(lo >>> 8)}-${hex2(lo)}`
  }

  const profile = (i: number): Profile => {
    const type = pick(roll(seed, i, K.type), TYPE_WEIGHTS)
    const candidates = MODELS.filter((m) => m.deviceType === type)
    const smets1 = candidates.find((m) => m.smetsGeneration === 'SMETS1')
    const smets2 = candidates.filter((m) => m.smetsGeneration === 'SMETS2')
    const model =
      smets1 !== undefined && roll(seed, i, K.generation) < 0.2
        ? smets1
        : (smets2[Math.floor(roll(seed, i, K.model) * smets2.length)] as Model)
    const status = pick(roll(seed, i, K.status), STATUS_WEIGHTS)
    if (status === 'Suspended') return { model, status, before: 'Commissioned', firmwareVersion: V_REMOVED_EARLIER }
    const f = roll(seed, i, K.firmware)
    const firmwareVersion = f < opts.removalShare ? V_REMOVED : f < opts.removalShare + (1 - opts.removalShare) * 0.7 ? V_TARGET : V_OTHER
    return { model, status, before: undefined, firmwareVersion }
  }

  const deviceAt = (i: number): Device => {
    const p = profile(i)
    const base = {
      deviceId: deviceId(i),
      deviceType: p.model.deviceType,
      smetsGeneration: p.model.smetsGeneration,
      status: p.status,
      ...(p.before !== undefined ? { statusBeforeSuspension: p.before } : {}),
      manufacturer: p.model.manufacturer,
      model: p.model.model,
      firmwareVersion: p.firmwareVersion,
      responsibleImportSupplier: userId(1, Math.floor(roll(seed, i, K.supplier) * SUPPLIERS)),
      ...(roll(seed, i, K.noOperator) < 0.02
        ? {}
        : { responsibleNetworkOperator: userId(2, Math.floor(roll(seed, i, K.operator) * NETWORK_OPERATORS)) })
    }
    return base as Device
  }

  /** Suspended once the campaign's removal has happened (or before it). */
  const suspendedAfterRemoval = (p: Profile): boolean =>
    p.status === 'Suspended' || (p.firmwareVersion === V_REMOVED && !NOT_SUSPENDED_BY_REMOVAL.has(p.status))

  const cpl = buildCpl(opts.cplSize)
  const removals: CplRemoval[] = MODELS.map((m) => ({ manufacturer: m.manufacturer, model: m.model, firmwareVersion: V_REMOVED }))

  function* events(): Generator<string> {
    const line = (o: unknown): string => JSON.stringify(o)
    const request = (id: string, serviceReferenceVariant: string, commandVariant: number): string =>
      line({ deviceId: id, request: { serviceReferenceVariant, commandVariant } })
    const response = (id: string, r: Record<string, unknown>): string => line({ deviceId: id, response: r })

    const traffic = function* (i: number, round: number): Generator<string> {
      if (roll(seed, i, K.traffic + round * 100) >= 0.15) return
      const p = profile(i)
      const id = deviceId(i)
      const kind = roll(seed, i, K.trafficKind + round * 100)
      const srvRoll = roll(seed, i, K.trafficSrv + round * 100)
      if (kind < 0.7)
        yield request(
          id,
          NON_CRITICAL_READS[Math.floor(srvRoll * NON_CRITICAL_READS.length)] as string,
          1 + Math.floor(roll(seed, i, K.cv) * 3)
        )
      else if (kind < 0.8) yield request(id, CRITICAL[Math.floor(srvRoll * CRITICAL.length)] as string, 5)
      else if (kind < 0.88) yield request(id, '2.2', p.model.smetsGeneration === 'SMETS1' ? 2 : 1)
      else if (kind < 0.95) yield request(id, '6.23', 1)
      else if (kind < 0.98)
        yield request(id, '11.2', 1) // a read of a device that is not suspended: no change
      else yield request(id, '4.1.1', 5) // a Non-Critical SRV with a Critical CV: E12
    }

    // 1. everyday traffic
    for (let i = 0; i < n; i++) yield* traffic(i, 0)
    // 2. the CPL removal
    for (const r of removals) yield line({ cplRemoval: r })
    // 3. everyday traffic, with the malformed lines spread through it
    let nextMalformed = 0
    const malformedAt = (j: number): number => Math.floor((j * n) / Math.max(1, opts.malformedLines))
    for (let i = 0; i < n; i++) {
      while (nextMalformed < opts.malformedLines && malformedAt(nextMalformed) === i)
        yield malformedLine(nextMalformed++, deviceId(i), profile(i))
      yield* traffic(i, 1)
    }
    while (nextMalformed < opts.malformedLines) yield malformedLine(nextMalformed++, deviceId(n - 1), profile(n - 1))

    // 4. first attempt: SR11.1 then SR11.3 to every suspended device
    const firstAttempt = (i: number): FirstAttempt => pick(roll(seed, i, K.firstAttempt), FIRST_ATTEMPT)
    const failureCode = (i: number, k: number): string =>
      FAILURE_CODES[Math.floor(roll(seed, i, K.failureCode + k) * FAILURE_CODES.length)] as string
    for (let i = 0; i < n; i++) {
      const p = profile(i)
      if (!suspendedAfterRemoval(p)) continue
      const id = deviceId(i)
      yield request(id, '11.1', 8)
      yield request(id, '11.3', 5)
      const old = p.firmwareVersion
      switch (firstAttempt(i)) {
        case 'success':
          yield response(id, { serviceReferenceVariant: '11.3', activateImageResponseCode: 'success', firmwareVersion: V_TARGET })
          break
        case 'failureCodeActivated':
          yield response(id, { serviceReferenceVariant: '11.3', activateImageResponseCode: failureCode(i, 0), firmwareVersion: V_TARGET })
          break
        case 'noVersion':
          yield response(id, { serviceReferenceVariant: '11.3', activateImageResponseCode: 'activationFailure' })
          break
        case 'futureDated':
          yield response(id, { serviceReferenceVariant: '11.3' })
          break
        case 'failed':
          yield response(id, { serviceReferenceVariant: '11.3', activateImageResponseCode: failureCode(i, 0), firmwareVersion: old })
          break
        case 'lostActivated':
        case 'lostNotActivated':
          break
      }
    }
    // the firmware each device runs after the first attempt ('futureDated' activates later, silently)
    const activatedFirst = (a: FirstAttempt): boolean =>
      a === 'success' || a === 'lostActivated' || a === 'failureCodeActivated' || a === 'futureDated'

    // 5. automated second attempt of SR11.3 for half the devices without a success response
    const retried = (i: number, a: FirstAttempt): boolean => a !== 'success' && roll(seed, i, K.retry) < 0.5
    const retryOutcome = (i: number): number => roll(seed, i, K.retryOutcome)
    const activatedAfterRetry = (i: number, a: FirstAttempt): boolean => activatedFirst(a) || (retried(i, a) && retryOutcome(i) < 0.6)
    const confirmedByRetry = (i: number, a: FirstAttempt): boolean =>
      retried(i, a) && !activatedFirst(a) && retryOutcome(i) < 0.6 && roll(seed, i, K.retryOutcome + 1) < 0.75
    for (let i = 0; i < n; i++) {
      const p = profile(i)
      if (!suspendedAfterRemoval(p)) continue
      const a = firstAttempt(i)
      if (!retried(i, a)) continue
      const id = deviceId(i)
      yield request(id, '11.3', 5)
      if (activatedFirst(a)) {
        // the image is already active: the device says so with a failure code, over the new version
        if (retryOutcome(i) < 0.7)
          yield response(id, { serviceReferenceVariant: '11.3', activateImageResponseCode: failureCode(i, 1), firmwareVersion: V_TARGET })
      } else if (retryOutcome(i) < 0.6) {
        if (confirmedByRetry(i, a))
          yield response(id, { serviceReferenceVariant: '11.3', activateImageResponseCode: 'success', firmwareVersion: V_TARGET })
      } else if (retryOutcome(i) < 0.8) {
        yield response(id, {
          serviceReferenceVariant: '11.3',
          activateImageResponseCode: failureCode(i, 2),
          firmwareVersion: p.firmwareVersion
        })
      }
    }

    // 6. SR11.2 reads of the devices whose supplier has seen no success response
    for (let i = 0; i < n; i++) {
      const p = profile(i)
      if (!suspendedAfterRemoval(p)) continue
      const a = firstAttempt(i)
      if (a === 'success' || confirmedByRetry(i, a) || roll(seed, i, K.sweep) >= 0.9) continue
      const id = deviceId(i)
      yield request(id, '11.2', 1)
      if (roll(seed, i, K.sweepDelivered) < 0.95) {
        yield response(id, { serviceReferenceVariant: '11.2', firmwareVersion: activatedAfterRetry(i, a) ? V_TARGET : p.firmwareVersion })
      }
    }

    // 7. GPF reads of gas meters, some reporting a version that differs from the SMI's
    for (let i = 0; i < n; i++) {
      if (roll(seed, i, K.gpfRead) >= 0.05) continue
      const p = profile(i)
      if (p.model.deviceType !== 'GSME' || p.model.smetsGeneration !== 'SMETS2') continue
      const id = deviceId(i)
      // what the SMI holds now, as far as the generator can tell
      const smi = suspendedAfterRemoval(p) ? (activatedAfterRetry(i, firstAttempt(i)) ? V_TARGET : p.firmwareVersion) : p.firmwareVersion
      const mismatch = roll(seed, i, K.gpfMismatch) < 0.1
      yield request(id, '11.2', 1)
      yield response(id, {
        serviceReferenceVariant: '11.2',
        respondent: 'GPF',
        firmwareVersion: mismatch ? (smi === V_OTHER ? V_TARGET : V_OTHER) : smi
      })
    }
  }

  return {
    options: opts,
    cpl,
    removals,
    *inventory() {
      for (let i = 0; i < n; i++) yield deviceAt(i)
    },
    events
  }
}

/** XOR of two non-negative integers below 2^40. */
function xor40(a: number, b: number): number {
  const hi = (Math.floor(a / 0x100000000) ^ Math.floor(b / 0x100000000)) >>> 0
  const lo = ((a >>> 0) ^ (b >>> 0)) >>> 0
  return hi * 0x100000000 + lo
}

/** The kinds of malformed line, each a mistake a real feed makes; replay must report and skip each. */
export const MALFORMED_KINDS = [
  'truncated JSON',
  'unknown Service Request Variant',
  'device not in the inventory',
  "request names another device than the line's",
  'firmware version longer than 8 characters',
  'unknown event kind',
  'removal of firmware the CPL no longer holds as Current',
  'not a JSON object',
  'GPF respondent on an SR11.3 response (a GPF answers only SR11.2)'
] as const

function malformedLine(j: number, id: string, p: Profile): string {
  const kind = j % MALFORMED_KINDS.length
  switch (kind) {
    case 0:
      return `{"deviceId":"${id}","request":{"serviceReferenceVariant":"4.1.1","commandVar`
    case 1:
      return JSON.stringify({ deviceId: id, request: { serviceReferenceVariant: '99.9', commandVariant: 1 } })
    case 2:
      return JSON.stringify({ deviceId: 'FF-FF-FF-FF-FF-FF-FF-FF', request: { serviceReferenceVariant: '4.1.1', commandVariant: 1 } })
    case 3:
      return JSON.stringify({
        deviceId: id,
        request: { serviceReferenceVariant: '4.1.1', commandVariant: 1, deviceId: 'FF-FF-FF-FF-FF-FF-FF-FE' }
      })
    case 4:
      return JSON.stringify({ deviceId: id, response: { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00FF' } })
    case 5:
      return JSON.stringify({ deviceId: id, command: { serviceReferenceVariant: '4.1.1', commandVariant: 1 } })
    case 6:
      return JSON.stringify({
        cplRemoval: { manufacturer: p.model.manufacturer, model: p.model.model, firmwareVersion: V_REMOVED_EARLIER }
      })
    case 7:
      return '[1,2,3]'
    default:
      return JSON.stringify({ deviceId: id, response: { serviceReferenceVariant: '11.3', respondent: 'GPF', firmwareVersion: V_TARGET } })
  }
}

/** The CPL: four versions of every fleet model, padded with other manufacturers' products. */
function buildCpl(size: number): Cpl {
  const out: CplEntry[] = []
  for (const m of MODELS) {
    out.push({ manufacturer: m.manufacturer, model: m.model, firmwareVersion: V_REMOVED_EARLIER, status: 'Removed' })
    out.push({ manufacturer: m.manufacturer, model: m.model, firmwareVersion: V_REMOVED, status: 'Current' })
    out.push({ manufacturer: m.manufacturer, model: m.model, firmwareVersion: V_TARGET, status: 'Current' })
    out.push({ manufacturer: m.manufacturer, model: m.model, firmwareVersion: V_OTHER, status: 'Current' })
  }
  for (let k = 0; out.length < size; k++) {
    const manufacturer = `MFR-${String(Math.floor(k / 200)).padStart(3, '0')}`
    const model = `M-${String(Math.floor(k / 8) % 25).padStart(2, '0')}`
    const firmwareVersion = (k % 8).toString(16).toUpperCase().padStart(2, '0') + '000000'
    out.push({ manufacturer, model, firmwareVersion, status: k % 8 < 2 ? 'Removed' : 'Current' })
  }
  return out
}
