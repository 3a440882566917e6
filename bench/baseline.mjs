// Hand-written floors for the benchmark (`npm run bench`), written plainly: no io-ts, no rule
// tables, no error collection beyond the first problem, each field read once into a local.
//
// - `full`: the same rules (A1-A8, R1-R7) and the SAME input checks as the library makes on every
//   call: every field of the request or response and of the device (deviceId, type, generation,
//   status and statusBeforeSuspension, manufacturer, model, firmware version, RIS, RNO), plain
//   objects only (prototype Object.prototype or null), no unknown request/response fields, the
//   deviceId match, the GPF respondent; the CPL prepared once into an index (`prepareCpl`).
// - `bare`: the same rules and nothing else: it trusts its inputs, as a service may for values it
//   validated once at its boundary. The yardstick for the library's fast path (frozen inputs
//   decoded once, a prepared CPL).
//
// Both are checked against the library on every benchmark input before timing (see bench.mjs).
import { readFileSync } from 'node:fs'

const catalogue = JSON.parse(readFileSync(new URL('../data/service-request-variants.json', import.meta.url), 'utf8')).serviceRequestVariants
const SRV = new Map(
  catalogue.map((v) => [
    v.srv,
    // A8: a Non-Device SRV of DUIS sections 8 or 12
    { critical: v.critical, nonDevice: v.nonDevice, dccRecords: v.nonDevice && (v.srv.startsWith('8.') || v.srv.startsWith('12.')) }
  ])
)

const TYPES = new Set(['ESME', 'GSME', 'GPF', 'CHF', 'PPMID', 'HCALCS'])
const GENERATIONS = new Set(['SMETS1', 'SMETS2'])
const STATUSES = new Set([
  'Pending',
  'Whitelisted',
  'InstalledNotCommissioned',
  'Commissioned',
  'Decommissioned',
  'Withdrawn',
  'Recovery',
  'Recovered'
])
const CODES = new Set(['success', 'noImageHeld', 'hashMismatch', 'activationFailure'])
const EUI64 = /^[0-9A-F]{2}(?:-[0-9A-F]{2}){7}$/
const getPrototypeOf = Object.getPrototypeOf
const ObjectPrototype = Object.prototype
const hasOwn = Object.prototype.hasOwnProperty

const isPlain = (u) => {
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return false
  const p = getPrototypeOf(u)
  return p === ObjectPrototype || p === null
}
const isEui64 = (u) => typeof u === 'string' && u.length === 23 && EUI64.test(u)
const isName = (u) => typeof u === 'string' && u.length > 0
const isVersion = (u) => typeof u === 'string' && u.length >= 1 && u.length <= 8
const fail = (path, message) => ({ _tag: 'Left', left: { _tag: 'InputError', message: `${path}: ${message}` } })
const ok = (right) => ({ _tag: 'Right', right })

const decision = (outcome, edition, rule, responseCode) =>
  Object.freeze(
    ok(
      Object.freeze(
        responseCode === undefined
          ? { outcome, edition, rules: [rule], reason: rule }
          : { outcome, responseCode, edition, rules: [rule], reason: rule }
      )
    )
  )
const DECISIONS = {}
for (const e of ['baseline', 'SECMP0105']) {
  DECISIONS[e] = {
    A1: decision('Rejected', e, 'A1', 'E12'),
    A2: decision('Authorised', e, 'A2'),
    A3: decision('Authorised', e, 'A3'),
    A4: decision('Authorised', e, 'A4'),
    A5: decision('Authorised', e, 'A5'),
    A6: decision('Authorised', e, 'A6'),
    A8: decision('Authorised', e, 'A8'),
    A7: decision('Rejected', e, 'A7', 'E5')
  }
}

const editionOf = (options) => {
  if (options === undefined || options === null) return 'SECMP0105'
  const e = options.edition
  return e === undefined ? 'SECMP0105' : e === 'baseline' || e === 'SECMP0105' ? e : undefined
}

/** The rules A1-A6, A8, A7, on facts already read. */
function authorise(edition, srv, info, cv, suspended, smets1) {
  const d = DECISIONS[edition]
  const allowed = info.critical ? cv >= 4 && cv <= 7 : info.nonDevice ? cv === 8 : cv <= 3
  if (!allowed) return d.A1
  if (!suspended) return d.A2
  if (info.critical) return d.A3
  if (srv === '11.1' || srv === '6.23') return d.A4
  if (srv === '2.2' && cv === 2 && smets1) return d.A5
  if (srv === '11.2' && edition === 'SECMP0105') return d.A6
  if (info.dccRecords) return d.A8
  return d.A7
}

/** The whole device record, each field read once; its fields as read, or the path of a problem. */
function readDevice(d) {
  if (!isPlain(d)) return 'device'
  const deviceId = d.deviceId
  const deviceType = d.deviceType
  const smetsGeneration = d.smetsGeneration
  const status = d.status
  const before = d.statusBeforeSuspension
  const manufacturer = d.manufacturer
  const model = d.model
  const firmwareVersion = d.firmwareVersion
  const ris = d.responsibleImportSupplier
  const rno = d.responsibleNetworkOperator
  if (!isEui64(deviceId)) return 'device.deviceId'
  if (!TYPES.has(deviceType)) return 'device.deviceType' // IHD and CAD (Type 2) included
  if (!GENERATIONS.has(smetsGeneration)) return 'device.smetsGeneration'
  if (status === 'Suspended') {
    if (!STATUSES.has(before)) return 'device.statusBeforeSuspension'
  } else if (!STATUSES.has(status)) return 'device.status'
  else if (before !== undefined) return 'device.statusBeforeSuspension'
  if (!isName(manufacturer)) return 'device.manufacturer'
  if (!isName(model)) return 'device.model'
  if (!isVersion(firmwareVersion)) return 'device.firmwareVersion'
  if (ris !== undefined && !isEui64(ris)) return 'device.responsibleImportSupplier'
  if (rno !== undefined && !isEui64(rno)) return 'device.responsibleNetworkOperator'
  return { deviceId, deviceType, smetsGeneration, status, before, manufacturer, model, firmwareVersion, ris, rno }
}

// ------------------------------------------------------------------ the full floor

export const full = {
  authoriseRequest(sr, device, options) {
    const edition = editionOf(options)
    if (edition === undefined) return fail('options.edition', 'expected "baseline" | "SECMP0105"')
    if (!isPlain(sr)) return fail('request', 'expected a service request')
    const srv = sr.serviceReferenceVariant
    const cv = sr.commandVariant
    const named = sr.deviceId
    const info = SRV.get(srv)
    if (info === undefined) return fail('request.serviceReferenceVariant', 'unknown SRV')
    if (!Number.isInteger(cv) || cv < 1 || cv > 8) return fail('request.commandVariant', 'expected an integer from 1 to 8')
    if (named !== undefined && !isEui64(named)) return fail('request.deviceId', 'expected an EUI-64')
    for (const k in sr)
      if (k !== 'serviceReferenceVariant' && k !== 'commandVariant' && k !== 'deviceId' && hasOwn.call(sr, k))
        return fail(`request.${k}`, 'unknown field')
    // the whole device, read once: the decision uses only status and generation, but nothing is decided on an unchecked record
    if (!isPlain(device)) return fail('device', 'expected a device record')
    const deviceId = device.deviceId
    const deviceType = device.deviceType
    const smetsGeneration = device.smetsGeneration
    const status = device.status
    const before = device.statusBeforeSuspension
    const manufacturer = device.manufacturer
    const model = device.model
    const firmwareVersion = device.firmwareVersion
    const ris = device.responsibleImportSupplier
    const rno = device.responsibleNetworkOperator
    if (!isEui64(deviceId)) return fail('device.deviceId', 'invalid')
    if (!TYPES.has(deviceType)) return fail('device.deviceType', 'invalid')
    if (!GENERATIONS.has(smetsGeneration)) return fail('device.smetsGeneration', 'invalid')
    if (status === 'Suspended') {
      if (!STATUSES.has(before)) return fail('device.statusBeforeSuspension', 'invalid')
    } else if (!STATUSES.has(status)) return fail('device.status', 'invalid')
    else if (before !== undefined) return fail('device.statusBeforeSuspension', 'invalid')
    if (!isName(manufacturer)) return fail('device.manufacturer', 'invalid')
    if (!isName(model)) return fail('device.model', 'invalid')
    if (!isVersion(firmwareVersion)) return fail('device.firmwareVersion', 'invalid')
    if (ris !== undefined && !isEui64(ris)) return fail('device.responsibleImportSupplier', 'invalid')
    if (rno !== undefined && !isEui64(rno)) return fail('device.responsibleNetworkOperator', 'invalid')
    if (named !== undefined && named !== deviceId) return fail('request.deviceId', 'names another device')
    return authorise(edition, srv, info, cv, status === 'Suspended', smetsGeneration === 'SMETS1')
  },

  processResponse(resp, device, cpl, options) {
    const edition = editionOf(options)
    if (edition === undefined) return fail('options.edition', 'expected "baseline" | "SECMP0105"')
    if (!isPlain(resp)) return fail('response', 'expected a response')
    const srv = resp.serviceReferenceVariant
    const reported = resp.firmwareVersion
    const code = resp.activateImageResponseCode
    const respondent = resp.respondent
    const named = resp.deviceId
    if (srv !== '11.2' && srv !== '11.3') return fail('response.serviceReferenceVariant', 'expected "11.2" | "11.3"')
    // absent: an SR11.2 read failure, or an SR11.3 with no version
    if (reported !== undefined && !isVersion(reported)) return fail('response.firmwareVersion', 'expected 1 to 8 characters')
    if (code !== undefined && (srv !== '11.3' || !CODES.has(code))) return fail('response.activateImageResponseCode', 'invalid')
    if (respondent !== undefined && respondent !== 'Device' && respondent !== 'GPF')
      return fail('response.respondent', 'expected "Device" | "GPF"')
    if (named !== undefined && !isEui64(named)) return fail('response.deviceId', 'expected an EUI-64')
    for (const k in resp)
      if (
        k !== 'serviceReferenceVariant' &&
        k !== 'firmwareVersion' &&
        k !== 'respondent' &&
        k !== 'deviceId' &&
        k !== 'activateImageResponseCode' &&
        hasOwn.call(resp, k)
      )
        return fail(`response.${k}`, 'unknown field')
    const d = readDevice(device)
    if (typeof d === 'string') return fail(d, 'invalid')
    const index = cpl instanceof Map ? cpl : undefined
    if (index === undefined) return fail('cpl', 'expected a prepared CPL')
    if (named !== undefined && named !== d.deviceId) return fail('response.deviceId', 'names another device')
    if (respondent === 'GPF' && (srv !== '11.2' || d.deviceType !== 'GSME'))
      return fail('response.respondent', 'a GPF answers only SR11.2 for a GSME')
    return respond(edition, device, d, srv, reported, code, respondent, index)
  }
}

/** Validates and indexes a CPL once (as `prepareCpl` does): a Map from key to status, or undefined. */
export function prepareCpl(cpl) {
  if (!Array.isArray(cpl)) return undefined
  const index = new Map()
  for (let i = 0; i < cpl.length; i++) {
    const e = cpl[i]
    if (!isPlain(e)) return undefined
    const manufacturer = e.manufacturer
    const model = e.model
    const firmwareVersion = e.firmwareVersion
    const status = e.status
    if (!isName(manufacturer) || !isName(model) || !isVersion(firmwareVersion) || (status !== 'Current' && status !== 'Removed'))
      return undefined
    for (const k in e)
      if (k !== 'manufacturer' && k !== 'model' && k !== 'firmwareVersion' && k !== 'status' && hasOwn.call(e, k)) return undefined
    const key = `${manufacturer}\u0000${model}\u0000${firmwareVersion}`
    if (index.has(key)) return undefined
    index.set(key, status)
  }
  return index
}

// ------------------------------------------------------------------ the rules on facts read

function n29(d) {
  const id = d.deviceId
  return [
    d.ris === undefined
      ? { code: 'N29', recipient: 'ResponsibleImportSupplier', deviceId: id }
      : { code: 'N29', recipient: 'ResponsibleImportSupplier', recipientUserId: d.ris, deviceId: id },
    d.rno === undefined
      ? { code: 'N29', recipient: 'ResponsibleNetworkOperator', deviceId: id }
      : { code: 'N29', recipient: 'ResponsibleNetworkOperator', recipientUserId: d.rno, deviceId: id }
  ]
}

function n52(d, reported) {
  const make = (recipient, userId) => {
    const a = {
      code: 'N52',
      recipient,
      deviceId: d.deviceId,
      deviceType: 'GSME',
      firmwareVersionSmi: d.firmwareVersion,
      firmwareVersionDevice: reported
    }
    if (userId !== undefined) a.recipientUserId = userId
    return a
  }
  return [make('ResponsibleImportSupplier', d.ris), make('ResponsibleNetworkOperator', d.rno)]
}

const NONE = Object.freeze([])
const result = (device, alerts, edition, rule) => ok({ device, alerts, edition, rules: [rule], reason: rule })

/** The rules R1-R7 on a response and device already read (`d`: the device's contract fields). */
function respond(edition, device, d, srv, reported, code, respondent, index) {
  const current = reported !== undefined && index.get(`${d.manufacturer}\u0000${d.model}\u0000${reported}`) === 'Current'
  const suspended = d.status === 'Suspended'
  const restore = (rule) => {
    const { statusBeforeSuspension: _, ...rest } = device
    return result({ ...rest, status: d.before, firmwareVersion: reported }, n29(d), edition, rule)
  }
  if (srv === '11.2') {
    if (respondent === 'GPF')
      return result(device, reported !== undefined && reported !== d.firmwareVersion ? n52(d, reported) : NONE, edition, 'R1')
    if (suspended && current && edition === 'SECMP0105') return restore('R2')
    return result(device, NONE, edition, 'R3')
  }
  const success = edition === 'SECMP0105' || code === 'success'
  if (current && suspended) return success ? restore('R4') : result(device, NONE, edition, 'R4')
  if (current)
    return success && reported !== d.firmwareVersion
      ? result({ ...device, firmwareVersion: reported }, NONE, edition, 'R5')
      : result(device, NONE, edition, 'R5')
  if (reported === undefined) return result(device, NONE, edition, 'R6')
  return result(device, NONE, edition, 'R7')
}

// ------------------------------------------------------------------ the bare floor

export const bare = {
  authoriseRequest(sr, device, options) {
    const edition = options?.edition ?? 'SECMP0105'
    const srv = sr.serviceReferenceVariant
    return authorise(edition, srv, SRV.get(srv), sr.commandVariant, device.status === 'Suspended', device.smetsGeneration === 'SMETS1')
  },
  processResponse(resp, device, index, options) {
    const edition = options?.edition ?? 'SECMP0105'
    const d = {
      deviceId: device.deviceId,
      status: device.status,
      before: device.statusBeforeSuspension,
      manufacturer: device.manufacturer,
      model: device.model,
      firmwareVersion: device.firmwareVersion,
      ris: device.responsibleImportSupplier,
      rno: device.responsibleNetworkOperator
    }
    return respond(
      edition,
      device,
      d,
      resp.serviceReferenceVariant,
      resp.firmwareVersion,
      resp.activateImageResponseCode,
      resp.respondent,
      index
    )
  }
}
