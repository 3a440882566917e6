/**
 * The io-ts codecs and decode functions: valid values round-trip unchanged, and every bad field is
 * reported with its path and what was expected.
 */
import { describe, expect, it } from 'vitest'
import {
  Alert,
  Cpl,
  Device,
  ServiceRequest,
  ServiceResponse,
  decodeAlert,
  decodeCpl,
  decodeDevice,
  decodeServiceRequest,
  decodeServiceResponse,
  type InputError
} from '../src/index.js'
import { commissionedEsme, cpl, expectIssue, leftOf, RIS, rightOf, suspendedEsme, suspendedGsme } from './support.js'
import type { Either } from 'fp-ts/lib/Either.js'

const valid = {
  device: [suspendedEsme, commissionedEsme, suspendedGsme, { ...commissionedEsme, extra: [1, { a: null }] }],
  cpl: [cpl, []],
  request: [
    { serviceReferenceVariant: '11.2', commandVariant: 1 },
    { serviceReferenceVariant: '1.1.1', commandVariant: 7, deviceId: '00-DB-12-34-56-78-90-A0' }
  ],
  response: [
    { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' },
    { serviceReferenceVariant: '11.2', firmwareVersion: 'x', respondent: 'GPF', deviceId: '00-DB-12-34-56-78-90-A0' },
    { serviceReferenceVariant: '11.3' },
    { serviceReferenceVariant: '11.3', activateImageResponseCode: 'hashMismatch', firmwareVersion: '0102AB00', respondent: 'Device' }
  ],
  alert: [
    { code: 'N29', recipient: 'ResponsibleImportSupplier', recipientUserId: RIS, deviceId: '00-DB-12-34-56-78-90-A0' },
    {
      code: 'N52',
      recipient: 'ResponsibleNetworkOperator',
      deviceId: '00-DB-12-34-56-78-90-A0',
      deviceType: 'GSME',
      firmwareVersionSmi: '01000000',
      firmwareVersionDevice: '0102AB00'
    }
  ]
} as const

const codecs = [
  ['device', Device, decodeDevice],
  ['cpl', Cpl, decodeCpl],
  ['request', ServiceRequest, decodeServiceRequest],
  ['response', ServiceResponse, decodeServiceResponse],
  ['alert', Alert, decodeAlert]
] as const

describe.each(codecs)('the %s codec', (name, codec, decode) => {
  it.each(valid[name].map((v) => [JSON.stringify(v).slice(0, 60), v]))('decodes %s to the very same value', (_, value) => {
    const decoded = rightOf((decode as (u: unknown) => Either<InputError, unknown>)(value))
    expect(decoded).toBe(value)
    expect(codec.is(value)).toBe(true)
    expect(codec.encode(decoded as never)).toBe(value)
  })
  it('survives a JSON round trip', () => {
    for (const value of valid[name]) {
      expect(rightOf((decode as (u: unknown) => Either<InputError, unknown>)(JSON.parse(JSON.stringify(value))))).toEqual(value)
    }
  })
  it.each([null, 1, 'text', true])('refuses %j, naming the root', (bad) => {
    const e = leftOf((decode as (u: unknown) => Either<InputError, unknown>)(bad))
    expect(e.issues[0]?.path).toBe(name)
    expect(codec.is(bad)).toBe(false)
  })
})

describe('decodeDevice', () => {
  it('lists every bad field with its path', () => {
    const e = leftOf(
      decodeDevice({
        ...commissionedEsme,
        deviceId: '00-db-12-34-56-78-90-a0',
        firmwareVersion: '',
        manufacturer: 7,
        smetsGeneration: undefined
      })
    )
    expect(e.issues.map((i) => i.path)).toEqual([
      'device.deviceId',
      'device.smetsGeneration',
      'device.manufacturer',
      'device.firmwareVersion'
    ])
    expect(e.issues[0]?.message).toBe(
      'device.deviceId: expected an EUI-64 (eight upper-case hex pairs joined by "-", e.g. "00-DB-12-34-56-78-90-A0"), got "00-db-12-34-56-78-90-a0"'
    )
    expect(e.issues[1]?.message).toBe('device.smetsGeneration: is required (expected "SMETS1" | "SMETS2")')
    expect(e.message).toBe(e.issues.map((i) => i.message).join('; '))
  })
  it('counts firmware version characters as code points', () => {
    expect(rightOf(decodeDevice({ ...commissionedEsme, firmwareVersion: '😀😀😀😀😀😀😀😀' })).firmwareVersion).toHaveLength(16)
    expectIssue(decodeDevice({ ...commissionedEsme, firmwareVersion: '😀😀😀😀😀😀😀😀😀' }), 'device.firmwareVersion', '1 to 8 characters')
  })
  it('checks the RIS and RNO as EUI-64 user IDs when present', () => {
    expectIssue(decodeDevice({ ...commissionedEsme, responsibleNetworkOperator: 'RNO-1' }), 'device.responsibleNetworkOperator', 'EUI-64')
  })
  it('names odd keys in brackets', () => {
    const e = leftOf(decodeCpl([{ manufacturer: 'A', model: 'B', firmwareVersion: '1', status: 'Current', 'odd key': 1 }]))
    expect(e.issues[0]?.path).toBe('cpl[0]["odd key"]')
  })
  it('keeps a __proto__ key from JSON as plain data, without touching Object.prototype', () => {
    const parsed = JSON.parse(`{"__proto__": {"polluted": true}, ${JSON.stringify(commissionedEsme).slice(1)}`)
    expect(rightOf(decodeDevice(parsed))).toBe(parsed)
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
  it('never throws on a value whose reading throws', () => {
    const hostile = Object.defineProperty({ ...commissionedEsme }, 'status', {
      get: () => {
        throw new Error('nope')
      },
      enumerable: true
    })
    expect(leftOf(decodeDevice(hostile)).message).toContain('nope')
  })
})

describe('decodeServiceRequest', () => {
  it('refuses unknown fields so a misspelling is not ignored', () => {
    expectIssue(
      decodeServiceRequest({ serviceReferenceVariant: '11.2', commandVariant: 1, deviceID: 'x' }),
      'request.deviceID',
      'expected only serviceReferenceVariant, commandVariant, deviceId'
    )
  })
  it('names a missing field as required', () => {
    expectIssue(decodeServiceRequest({ commandVariant: 1 }), 'request.serviceReferenceVariant', 'is required')
  })
})

describe('decodeServiceResponse', () => {
  it('reports SR11.3 fields against the SR11.3 shape', () => {
    expectIssue(
      decodeServiceResponse({ serviceReferenceVariant: '11.3', activateImageResponseCode: 0 }),
      'response.activateImageResponseCode',
      '"success" | "noImageHeld" | "hashMismatch" | "activationFailure"'
    )
  })
  it('accepts an SR11.2 response with no firmware version: a read failure', () => {
    expect(rightOf(decodeServiceResponse({ serviceReferenceVariant: '11.2', respondent: 'GPF' }))).toEqual({
      serviceReferenceVariant: '11.2',
      respondent: 'GPF'
    })
  })
  it('refuses an empty firmware version on SR11.2 (a read failure has none at all)', () => {
    expectIssue(decodeServiceResponse({ serviceReferenceVariant: '11.2', firmwareVersion: '' }), 'response.firmwareVersion', 'expected')
  })
  it('names a missing serviceReferenceVariant', () => {
    expectIssue(decodeServiceResponse({ firmwareVersion: '1' }), 'response.serviceReferenceVariant', 'is required')
  })
})

describe('decodeAlert', () => {
  it('reports an unknown alert code', () => {
    expectIssue(
      decodeAlert({ code: 'N30', recipient: 'ResponsibleImportSupplier', deviceId: '00-DB-12-34-56-78-90-A0' }),
      'alert.code',
      '"N29" | "N52"'
    )
  })
  it('refuses an N52 for a device type other than GSME', () => {
    expectIssue(decodeAlert({ ...valid.alert[1], deviceType: 'ESME' }), 'alert.deviceType', '"GSME"')
  })
})

describe('decodeCpl', () => {
  it('names each duplicate and the entry it repeats', () => {
    const e = leftOf(decodeCpl([cpl[0], cpl[1], cpl[0], { ...cpl[1], status: 'Current' }]))
    expect(e.issues.map((i) => i.message)).toEqual([
      'cpl[2]: duplicates entry 0 (same manufacturer, model and firmwareVersion); expected each entry once',
      'cpl[3]: duplicates entry 1 (same manufacturer, model and firmwareVersion); expected each entry once'
    ])
  })
})
