/**
 * fast-check arbitraries, one per codec of the library. Every enumeration is drawn from the
 * codec's own `.values` (or from the SRV catalogue), so a value added to a codec is generated
 * at once; `test/arbitraries.test.ts` checks that every generated value decodes with the matching
 * `decode…` function, and that broken ones do not.
 *
 * Names, models and firmware versions come mostly from small pools, so that devices, CPL entries,
 * removals and responses often name the same firmware (the interesting cases), and sometimes from
 * arbitrary strings (any code point, within the codecs' bounds).
 */
import { fc } from '@fast-check/vitest'
import {
  ActivateImageResponseCode,
  CplStatus,
  DeviceStatus,
  DeviceType,
  Edition,
  Recipient,
  SmetsGeneration,
  UnsuspendedStatus,
  serviceRequestVariants,
  type Alert,
  type CommandVariant,
  type Cpl,
  type CplEntry,
  type CplRemoval,
  type Device,
  type ServiceReferenceVariant,
  type ServiceRequest,
  type ServiceResponse
} from '../src/index.js'

export const MANUFACTURERS = ['ACME', 'GASCO'] as const
export const MODELS = ['E-200', 'G-100'] as const
export const VERSIONS = ['01000000', '0101AA00', '0102AB00', '0103CC00'] as const

/** The fields of the contract's device record; anything else is an extra field. */
export const DEVICE_FIELDS: ReadonlySet<string> = new Set([
  'deviceId',
  'deviceType',
  'smetsGeneration',
  'status',
  'statusBeforeSuspension',
  'manufacturer',
  'model',
  'firmwareVersion',
  'responsibleImportSupplier',
  'responsibleNetworkOperator'
])

// ---------------------------------------------------------------- identifiers

/** An EUI-64: eight upper-case hex pairs joined by "-". */
export const eui64: fc.Arbitrary<string> = fc
  .array(fc.integer({ min: 0, max: 255 }), { minLength: 8, maxLength: 8 })
  .map((bytes) => bytes.map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join('-'))

/** A manufacturer or model name: any non-empty string, mostly from the pool. */
const productName = (pool: readonly string[]): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...pool) },
    { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 24, unit: 'binary' }) }
  )

export const manufacturer = productName(MANUFACTURERS)
export const model = productName(MODELS)

/** A firmware version: 1 to 8 characters, mostly from the pool. */
export const firmwareVersion: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...VERSIONS) },
  { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8, unit: 'binary' }) }
)

// ---------------------------------------------------------------- enumerations (from the codecs)

export const deviceType = fc.constantFrom(...DeviceType.values)
export const smetsGeneration = fc.constantFrom(...SmetsGeneration.values)
export const deviceStatus = fc.constantFrom(...DeviceStatus.values)
export const unsuspendedStatus = fc.constantFrom(...UnsuspendedStatus.values)
export const cplStatus = fc.constantFrom(...CplStatus.values)
export const activateImageResponseCode = fc.constantFrom(...ActivateImageResponseCode.values)
export const recipient = fc.constantFrom(...Recipient.values)
export const edition = fc.constantFrom(...Edition.values)
export const serviceReferenceVariant: fc.Arbitrary<ServiceReferenceVariant> = fc.constantFrom(...serviceRequestVariants.map((v) => v.srv))
/** The SRVs the authorisation rules name (and SR11.3), drawn as often as all the others together. */
export const EXCEPTED_SRVS = [
  '11.1',
  '6.23',
  '2.2',
  '11.2',
  '11.3',
  '8.2',
  '8.3',
  '12.1',
  '11.4',
  '5.1'
] as const satisfies readonly ServiceReferenceVariant[]
export const focusedServiceReferenceVariant: fc.Arbitrary<ServiceReferenceVariant> = fc.oneof(
  serviceReferenceVariant,
  fc.constantFrom(...EXCEPTED_SRVS)
)
export const commandVariant = fc.integer({ min: 1, max: 8 }) as fc.Arbitrary<CommandVariant>

/**
 * A request without a device ID, over all SRVs and CVs, but half the time one of the requests the
 * PIA excepts, with a CV that fits it (the cases that are rare among 129 × 8).
 */
export const focusedRequest: fc.Arbitrary<ServiceRequest> = fc.oneof(
  fc.record({ serviceReferenceVariant: focusedServiceReferenceVariant, commandVariant }),
  fc.constantFrom<ServiceRequest>(
    { serviceReferenceVariant: '11.1', commandVariant: 8 },
    { serviceReferenceVariant: '6.23', commandVariant: 1 },
    { serviceReferenceVariant: '2.2', commandVariant: 2 },
    { serviceReferenceVariant: '11.2', commandVariant: 1 },
    { serviceReferenceVariant: '11.3', commandVariant: 5 }
  )
)

// ---------------------------------------------------------------- device

/** Fields beyond the contract's, which every function must keep untouched. */
export const extraFields: fc.Arbitrary<Record<string, unknown>> = fc.dictionary(
  fc
    .oneof(fc.constantFrom('meterSerial', 'installedAt', 'notes', 'constructor', 'toString'), fc.string({ maxLength: 12 }))
    .filter((k) => !DEVICE_FIELDS.has(k) && k !== '__proto__'),
  fc.jsonValue({ maxDepth: 2 }),
  { maxKeys: 3, noNullPrototype: true }
)

export interface DeviceConstraints {
  readonly deviceType?: fc.Arbitrary<DeviceType>
  readonly status?: fc.Arbitrary<DeviceStatus>
  readonly manufacturer?: fc.Arbitrary<string>
  readonly model?: fc.Arbitrary<string>
  readonly firmwareVersion?: fc.Arbitrary<string>
}

/**
 * A device record: valid EUI-64 ids, every Type 1 type, both generations, every status, with
 * `statusBeforeSuspension` present exactly when the status is `Suspended`, optional recipients and
 * extra fields.
 */
export function device(c: DeviceConstraints = {}): fc.Arbitrary<Device> {
  return fc
    .record({
      extra: extraFields,
      deviceId: eui64,
      deviceType: c.deviceType ?? deviceType,
      smetsGeneration,
      status: c.status ?? deviceStatus,
      before: unsuspendedStatus,
      manufacturer: c.manufacturer ?? manufacturer,
      model: c.model ?? model,
      firmwareVersion: c.firmwareVersion ?? firmwareVersion,
      ris: fc.option(eui64, { nil: undefined }),
      rno: fc.option(eui64, { nil: undefined })
    })
    .map(({ extra, before, ris, rno, status, ...fields }): Device => {
      const base = { ...extra, ...fields }
      const recipients = {
        ...(ris === undefined ? {} : { responsibleImportSupplier: ris }),
        ...(rno === undefined ? {} : { responsibleNetworkOperator: rno })
      }
      return status === 'Suspended'
        ? { ...base, status, statusBeforeSuspension: before, ...recipients }
        : { ...base, status, ...recipients }
    })
}

// ---------------------------------------------------------------- CPL

export const cplKey = (e: { manufacturer: string; model: string; firmwareVersion: string }): string =>
  JSON.stringify([e.manufacturer, e.model, e.firmwareVersion])

export const cplEntry: fc.Arbitrary<CplEntry> = fc.record({ manufacturer, model, firmwareVersion, status: cplStatus })

/** A CPL: entries with unique manufacturer, model and firmware version. */
export const cpl: fc.Arbitrary<Cpl> = fc.uniqueArray(cplEntry, { selector: cplKey, maxLength: 10 })

export const cplRemoval: fc.Arbitrary<CplRemoval> = fc.record({ manufacturer, model, firmwareVersion })

// ---------------------------------------------------------------- requests and responses

/** A service request over all 129 SRVs and CVs 1-8; the device ID is optional. */
export function serviceRequest(deviceId: fc.Arbitrary<string> = eui64): fc.Arbitrary<ServiceRequest> {
  return fc
    .record({ serviceReferenceVariant, commandVariant, deviceId: fc.option(deviceId, { nil: undefined }) })
    .map(({ deviceId: id, ...r }) => (id === undefined ? r : { ...r, deviceId: id }))
}

const optional = <K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } =>
  (v === undefined ? {} : { [key]: v }) as { [P in K]?: V }

export interface ResponseConstraints {
  readonly firmwareVersion?: fc.Arbitrary<string | undefined>
  readonly respondent?: fc.Arbitrary<'Device' | 'GPF' | undefined>
  readonly deviceId?: fc.Arbitrary<string | undefined>
}

const anyRespondent = fc.constantFrom<'Device' | 'GPF' | undefined>(undefined, 'Device', 'GPF')
const anyDeviceId = fc.option(eui64, { nil: undefined })

/** An SR11.2 Read Firmware Version response; one in five is a read failure (no firmware version). */
export function sr112Response(c: ResponseConstraints = {}): fc.Arbitrary<ServiceResponse> {
  return fc
    .record({
      firmwareVersion: c.firmwareVersion ?? fc.option(firmwareVersion, { nil: undefined, freq: 5 }),
      respondent: c.respondent ?? anyRespondent,
      deviceId: c.deviceId ?? anyDeviceId
    })
    .map(({ firmwareVersion: fv, respondent, deviceId }) => ({
      serviceReferenceVariant: '11.2' as const,
      ...optional('firmwareVersion', fv),
      ...optional('respondent', respondent),
      ...optional('deviceId', deviceId)
    }))
}

/** An SR11.3 Activate Firmware response: code and version each optional. */
export function sr113Response(
  c: ResponseConstraints & { readonly code?: fc.Arbitrary<ActivateImageResponseCode | undefined> } = {}
): fc.Arbitrary<ServiceResponse> {
  return fc
    .record({
      code: c.code ?? fc.option(activateImageResponseCode, { nil: undefined }),
      firmwareVersion: c.firmwareVersion ?? fc.option(firmwareVersion, { nil: undefined }),
      respondent: c.respondent ?? anyRespondent,
      deviceId: c.deviceId ?? anyDeviceId
    })
    .map(({ code, firmwareVersion: fv, respondent, deviceId }) => ({
      serviceReferenceVariant: '11.3' as const,
      ...optional('activateImageResponseCode', code),
      ...optional('firmwareVersion', fv),
      ...optional('respondent', respondent),
      ...optional('deviceId', deviceId)
    }))
}

export const serviceResponse: fc.Arbitrary<ServiceResponse> = fc.oneof(sr112Response(), sr113Response())

// ---------------------------------------------------------------- alerts

export const alert: fc.Arbitrary<Alert> = fc.oneof(
  fc
    .record({ recipient, deviceId: eui64, recipientUserId: fc.option(eui64, { nil: undefined }) })
    .map(({ recipientUserId, ...a }): Alert => ({ code: 'N29', ...a, ...optional('recipientUserId', recipientUserId) })),
  fc
    .record({
      recipient,
      deviceId: eui64,
      recipientUserId: fc.option(eui64, { nil: undefined }),
      firmwareVersionSmi: firmwareVersion,
      firmwareVersionDevice: firmwareVersion
    })
    .map(({ recipientUserId, ...a }): Alert => ({ code: 'N52', deviceType: 'GSME', ...a, ...optional('recipientUserId', recipientUserId) }))
)

// ---------------------------------------------------------------- consistent worlds

/**
 * A device, a CPL that often holds its manufacturer and model (with `Current` and `Removed`
 * versions), and an edition: the inputs of every rule function, consistent with each other.
 * Built with `map` only (no `chain`), so that failures shrink well.
 */
export function world(c: DeviceConstraints = {}): fc.Arbitrary<{ device: Device; cpl: Cpl; edition: Edition }> {
  return fc
    .record({
      device: device(c),
      others: cpl,
      own: fc.dictionary(fc.constantFrom(...VERSIONS), cplStatus, { maxKeys: VERSIONS.length, noNullPrototype: true }),
      ownFirst: fc.boolean(),
      edition
    })
    .map(({ device: d, others, own, ownFirst, edition: e }) => {
      const entries: CplEntry[] = Object.entries(own).map(([v, status]) => ({
        manufacturer: d.manufacturer,
        model: d.model,
        firmwareVersion: v,
        status
      }))
      const keys = new Set(entries.map(cplKey))
      const rest = others.filter((x) => !keys.has(cplKey(x)))
      return { device: d, cpl: ownFirst ? [...entries, ...rest] : [...rest, ...entries], edition: e }
    })
}

/**
 * A world and a response `processResponse` accepts in it: the device's own ID or none, and the GPF
 * as respondent only on an SR11.2 for a GSME (elsewhere it becomes "Device").
 */
export function responseWorld(
  c: DeviceConstraints = {}
): fc.Arbitrary<{ device: Device; cpl: Cpl; edition: Edition; response: ServiceResponse }> {
  return fc
    .record({
      w: world(c),
      response: fc.oneof(sr112Response({ deviceId: fc.constant(undefined) }), sr113Response({ deviceId: fc.constant(undefined) })),
      named: fc.boolean()
    })
    .map(({ w, response, named }) => {
      const gpfAllowed = response.serviceReferenceVariant === '11.2' && w.device.deviceType === 'GSME'
      const fitted: ServiceResponse = {
        ...response,
        ...(response.respondent === 'GPF' && !gpfAllowed ? { respondent: 'Device' as const } : {}),
        ...(named ? { deviceId: w.device.deviceId } : {})
      }
      return { ...w, response: fitted }
    })
}
