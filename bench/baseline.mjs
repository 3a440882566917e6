// A minimal hand-written implementation of the same rules (A1-A7, R1-R7), for the benchmark's
// baseline: no io-ts, no rule tables, no error collection beyond the first problem. It makes the
// same input checks on the fields it reads as the library does (unknown SRV, Command Variant range,
// unknown fields in requests and responses, deviceId match, Suspended <=> statusBeforeSuspension,
// Type 2 devices, the GPF respondent, the CPL's entries), so that the ratio is honest. It is
// checked against the library on every benchmark input before timing (see bench.mjs).
import { readFileSync } from 'node:fs'

const catalogue = JSON.parse(readFileSync(new URL('../data/service-request-variants.json', import.meta.url), 'utf8')).serviceRequestVariants
const SRV = new Map(catalogue.map((v) => [v.srv, { critical: v.critical, nonDevice: v.nonDevice }]))

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

const isObject = (u) => typeof u === 'object' && u !== null && !Array.isArray(u)
const isEui64 = (u) => typeof u === 'string' && u.length === 23 && EUI64.test(u)
const isName = (u) => typeof u === 'string' && u.length > 0
const isVersion = (u) => typeof u === 'string' && u.length >= 1 && u.length <= 8
const fail = (path, message) => ({ _tag: 'Left', left: { _tag: 'InputError', message: `${path}: ${message}` } })
const ok = (right) => ({ _tag: 'Right', right })

function statusProblem(d) {
  if (d.status === 'Suspended') return STATUSES.has(d.statusBeforeSuspension) ? undefined : 'device.statusBeforeSuspension'
  if (!STATUSES.has(d.status)) return 'device.status'
  return d.statusBeforeSuspension === undefined ? undefined : 'device.statusBeforeSuspension'
}

/** The device fields authorisation reads. */
function authorisableProblem(d) {
  if (!isObject(d)) return 'device'
  if (!TYPES.has(d.deviceType)) return 'device.deviceType' // IHD and CAD (Type 2) included
  if (!GENERATIONS.has(d.smetsGeneration)) return 'device.smetsGeneration'
  return statusProblem(d)
}

/** The whole device record. */
function deviceProblem(d) {
  const p = authorisableProblem(d)
  if (p !== undefined) return p
  if (!isEui64(d.deviceId)) return 'device.deviceId'
  if (!isName(d.manufacturer)) return 'device.manufacturer'
  if (!isName(d.model)) return 'device.model'
  if (!isVersion(d.firmwareVersion)) return 'device.firmwareVersion'
  if (d.responsibleImportSupplier !== undefined && !isEui64(d.responsibleImportSupplier)) return 'device.responsibleImportSupplier'
  if (d.responsibleNetworkOperator !== undefined && !isEui64(d.responsibleNetworkOperator)) return 'device.responsibleNetworkOperator'
  return undefined
}

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
    A7: decision('Rejected', e, 'A7', 'E5')
  }
}

const editionOf = (options) =>
  options === undefined || options.edition === undefined
    ? 'SECMP0105'
    : options.edition === 'baseline' || options.edition === 'SECMP0105'
      ? options.edition
      : undefined

export function authoriseRequest(sr, device, options) {
  const edition = editionOf(options)
  if (edition === undefined) return fail('options.edition', 'expected "baseline" | "SECMP0105"')
  if (!isObject(sr)) return fail('request', 'expected a service request')
  const info = SRV.get(sr.serviceReferenceVariant)
  if (info === undefined) return fail('request.serviceReferenceVariant', 'unknown SRV')
  const cv = sr.commandVariant
  if (!Number.isInteger(cv) || cv < 1 || cv > 8) return fail('request.commandVariant', 'expected an integer from 1 to 8')
  for (const k in sr)
    if (k !== 'serviceReferenceVariant' && k !== 'commandVariant' && k !== 'deviceId') return fail(`request.${k}`, 'unknown field')
  if (sr.deviceId !== undefined && !isEui64(sr.deviceId)) return fail('request.deviceId', 'expected an EUI-64')
  const problem = authorisableProblem(device)
  if (problem !== undefined) return fail(problem, 'invalid')
  if (sr.deviceId !== undefined && sr.deviceId !== device.deviceId) return fail('request.deviceId', 'names another device')
  const d = DECISIONS[edition]
  const allowed = info.critical ? cv >= 4 && cv <= 7 : info.nonDevice ? cv === 8 : cv <= 3
  if (!allowed) return d.A1
  if (device.status !== 'Suspended') return d.A2
  if (info.critical) return d.A3
  const srv = sr.serviceReferenceVariant
  if (srv === '11.1' || srv === '6.23') return d.A4
  if (srv === '2.2' && cv === 2 && device.smetsGeneration === 'SMETS1') return d.A5
  if (srv === '11.2' && edition === 'SECMP0105') return d.A6
  return d.A7
}

// the CPL, validated and indexed once per array (as the library does)
const cplCache = new WeakMap()
function cplIndex(cpl) {
  let index = cplCache.get(cpl)
  if (index !== undefined) return index
  if (!Array.isArray(cpl)) return undefined
  index = new Map()
  for (let i = 0; i < cpl.length; i++) {
    const e = cpl[i]
    if (
      !isObject(e) ||
      !isName(e.manufacturer) ||
      !isName(e.model) ||
      !isVersion(e.firmwareVersion) ||
      (e.status !== 'Current' && e.status !== 'Removed')
    )
      return undefined
    for (const k in e) if (k !== 'manufacturer' && k !== 'model' && k !== 'firmwareVersion' && k !== 'status') return undefined
    const key = `${e.manufacturer}\u0000${e.model}\u0000${e.firmwareVersion}`
    if (index.has(key)) return undefined
    index.set(key, e.status)
  }
  cplCache.set(cpl, index)
  return index
}

function n29(device) {
  const ris = device.responsibleImportSupplier
  const rno = device.responsibleNetworkOperator
  const id = device.deviceId
  return [
    ris === undefined
      ? { code: 'N29', recipient: 'ResponsibleImportSupplier', deviceId: id }
      : { code: 'N29', recipient: 'ResponsibleImportSupplier', recipientUserId: ris, deviceId: id },
    rno === undefined
      ? { code: 'N29', recipient: 'ResponsibleNetworkOperator', deviceId: id }
      : { code: 'N29', recipient: 'ResponsibleNetworkOperator', recipientUserId: rno, deviceId: id }
  ]
}

function n52(device, reported) {
  const make = (recipient, userId) => {
    const a = {
      code: 'N52',
      recipient,
      deviceId: device.deviceId,
      deviceType: 'GSME',
      firmwareVersionSmi: device.firmwareVersion,
      firmwareVersionDevice: reported
    }
    if (userId !== undefined) a.recipientUserId = userId
    return a
  }
  return [
    make('ResponsibleImportSupplier', device.responsibleImportSupplier),
    make('ResponsibleNetworkOperator', device.responsibleNetworkOperator)
  ]
}

const NONE = Object.freeze([])
const result = (device, alerts, edition, rule) => ok({ device, alerts, edition, rules: [rule], reason: rule })

export function processResponse(resp, device, cpl, options) {
  const edition = editionOf(options)
  if (edition === undefined) return fail('options.edition', 'expected "baseline" | "SECMP0105"')
  if (!isObject(resp)) return fail('response', 'expected a response')
  const srv = resp.serviceReferenceVariant
  if (srv !== '11.2' && srv !== '11.3') return fail('response.serviceReferenceVariant', 'expected "11.2" | "11.3"')
  const reported = resp.firmwareVersion
  if (srv === '11.2' ? !isVersion(reported) : reported !== undefined && !isVersion(reported))
    return fail('response.firmwareVersion', 'expected 1 to 8 characters')
  const code = resp.activateImageResponseCode
  if (code !== undefined && (srv !== '11.3' || !CODES.has(code))) return fail('response.activateImageResponseCode', 'invalid')
  const respondent = resp.respondent
  if (respondent !== undefined && respondent !== 'Device' && respondent !== 'GPF')
    return fail('response.respondent', 'expected "Device" | "GPF"')
  if (resp.deviceId !== undefined && !isEui64(resp.deviceId)) return fail('response.deviceId', 'expected an EUI-64')
  for (const k in resp)
    if (
      k !== 'serviceReferenceVariant' &&
      k !== 'firmwareVersion' &&
      k !== 'respondent' &&
      k !== 'deviceId' &&
      k !== 'activateImageResponseCode'
    )
      return fail(`response.${k}`, 'unknown field')
  const problem = deviceProblem(device)
  if (problem !== undefined) return fail(problem, 'invalid')
  const index = cplIndex(cpl)
  if (index === undefined) return fail('cpl', 'invalid CPL')
  if (resp.deviceId !== undefined && resp.deviceId !== device.deviceId) return fail('response.deviceId', 'names another device')
  if (respondent === 'GPF' && (srv !== '11.2' || device.deviceType !== 'GSME'))
    return fail('response.respondent', 'a GPF answers only SR11.2 for a GSME')

  const current = reported !== undefined && index.get(`${device.manufacturer}\u0000${device.model}\u0000${reported}`) === 'Current'
  const suspended = device.status === 'Suspended'
  const restore = (rule) => {
    const { statusBeforeSuspension, ...rest } = device
    return result({ ...rest, status: statusBeforeSuspension, firmwareVersion: reported }, n29(device), edition, rule)
  }
  if (srv === '11.2') {
    if (respondent === 'GPF') return result(device, reported !== device.firmwareVersion ? n52(device, reported) : NONE, edition, 'R1')
    if (suspended && current && edition === 'SECMP0105') return restore('R2')
    return result(device, NONE, edition, 'R3')
  }
  const success = edition === 'SECMP0105' || code === 'success'
  if (current && suspended) return success ? restore('R4') : result(device, NONE, edition, 'R4')
  if (current)
    return success && reported !== device.firmwareVersion
      ? result({ ...device, firmwareVersion: reported }, NONE, edition, 'R5')
      : result(device, NONE, edition, 'R5')
  if (reported === undefined) return result(device, NONE, edition, 'R6')
  return result(device, NONE, edition, 'R7')
}
