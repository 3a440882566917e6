/**
 * The arbitraries are tested against the codecs: every value they generate decodes with the
 * matching `decode…` function (and comes back as the same object), and a value with one field
 * broken does not, with an issue naming that field.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  decodeAlert,
  decodeCpl,
  decodeDevice,
  decodeServiceRequest,
  decodeServiceResponse,
  ActivateImageResponseCode,
  CplRemoval,
  CplStatus,
  DeviceStatus,
  DeviceType,
  Recipient,
  Respondent,
  SmetsGeneration,
  serviceRequestVariants,
  type InputError
} from '../src/index.js'
import type { Either } from 'fp-ts/lib/Either.js'
import * as arb from './arbitraries.js'

/** Marks a field to delete rather than replace. */
const ABSENT = Symbol('absent')

const notString = fc.oneof(
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 2 }),
  fc.object({ maxDepth: 1 })
)
const badEui64 = fc.oneof(
  notString,
  fc.constantFrom('00db1234567890a0', '00-db-12-34-56-78-90-a0', '00-DB-12-34-56-78-90', '00-DB-12-34-56-78-90-A0-', ''),
  fc.string({ maxLength: 30 }).filter((s) => !/^[0-9A-F]{2}(-[0-9A-F]{2}){7}$/.test(s))
)
const badVersion = fc.oneof(notString, fc.constant(''), fc.string({ minLength: 9, maxLength: 40, unit: 'binary' }))
const badName = fc.oneof(notString, fc.constant(''))
/** Anything but one of `valid`. */
const badEnumOf = (valid: readonly string[]): fc.Arbitrary<unknown> =>
  fc.oneof(
    notString,
    fc.string({ maxLength: 12 }).filter((s) => !valid.includes(s))
  )
const badEnum = badEnumOf([
  ...DeviceType.values,
  ...SmetsGeneration.values,
  ...DeviceStatus.values,
  ...CplStatus.values,
  ...Respondent.values,
  ...ActivateImageResponseCode.values,
  ...Recipient.values,
  'N29',
  'N52',
  '11.2',
  '11.3'
])

function expectRejected(result: Either<InputError, unknown>, path: string): void {
  expect(result._tag, `expected ${path} to be refused`).toBe('Left')
  if (result._tag === 'Left') {
    const paths = result.left.issues.map((i) => i.path)
    expect(
      paths.some((p) => p === path || p.startsWith(`${path}.`) || p.startsWith(`${path}[`)),
      `issues at ${paths.join(', ')}`
    ).toBe(true)
    for (const issue of result.left.issues) expect(issue.message.startsWith(`${issue.path}: `)).toBe(true)
  }
}

function withField(value: Record<string, unknown>, field: string, v: unknown): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...value }
  if (v === ABSENT) delete copy[field]
  else copy[field] = v
  return copy
}

describe('every generated value decodes with its codec', () => {
  test.prop([arb.device()])('a generated device decodes to itself', (d) => {
    expect(decodeDevice(d)).toEqual({ _tag: 'Right', right: d })
  })

  test.prop([arb.device()])('a generated device has statusBeforeSuspension exactly when it is Suspended', (d) => {
    expect(d.statusBeforeSuspension !== undefined).toBe(d.status === 'Suspended')
  })

  test.prop([arb.cpl])('a generated CPL decodes to itself', (c) => {
    expect(decodeCpl(c)).toEqual({ _tag: 'Right', right: c })
  })

  test.prop([arb.cplRemoval])('a generated CPL removal satisfies the CplRemoval codec', (r) => {
    expect(CplRemoval.decode(r)._tag).toBe('Right')
  })

  test.prop([arb.serviceRequest()])('a generated service request decodes to itself', (r) => {
    expect(decodeServiceRequest(r)).toEqual({ _tag: 'Right', right: r })
  })

  test.prop([arb.serviceResponse])('a generated SR11.2 or SR11.3 response decodes to itself', (r) => {
    expect(decodeServiceResponse(r)).toEqual({ _tag: 'Right', right: r })
  })

  test.prop([arb.alert])('a generated alert decodes to itself', (a) => {
    expect(decodeAlert(a)).toEqual({ _tag: 'Right', right: a })
  })

  test.prop([arb.responseWorld()])('a generated world holds a valid device, CPL and response', ({ device, cpl, response }) => {
    expect(decodeDevice(device)._tag).toBe('Right')
    expect(decodeCpl(cpl)._tag).toBe('Right')
    expect(decodeServiceResponse(response)._tag).toBe('Right')
  })
})

describe('the generators reach every value of every enumeration', () => {
  it('the SRV arbitrary draws all 129 SRVs and every CV from 1 to 8', () => {
    const seen = new Set(
      fc.sample(arb.serviceRequest(), { numRuns: 20_000, seed: 1 }).map((r) => `${r.serviceReferenceVariant}/${r.commandVariant}`)
    )
    const missing = serviceRequestVariants
      .flatMap((v) => [1, 2, 3, 4, 5, 6, 7, 8].map((cv) => `${v.srv}/${cv}`))
      .filter((k) => !seen.has(k))
    expect(missing).toEqual([])
  })

  it('the device arbitrary draws every type, generation and status, and every status before suspension', () => {
    const devices = fc.sample(arb.device(), { numRuns: 2_000, seed: 2 })
    expect(new Set(devices.map((d) => d.deviceType)).size).toBe(6)
    expect(new Set(devices.map((d) => d.smetsGeneration)).size).toBe(2)
    expect(new Set(devices.map((d) => d.status)).size).toBe(9)
    expect(new Set(devices.map((d) => d.statusBeforeSuspension)).size).toBe(9) // 8 statuses and undefined
  })
})

describe('a value with one field broken does not decode, and the error names the field', () => {
  const deviceBreakers: Record<string, fc.Arbitrary<unknown>> = {
    deviceId: fc.oneof(badEui64, fc.constant(ABSENT)),
    deviceType: fc.oneof(badEnum, fc.constantFrom('IHD', 'CAD', ABSENT)),
    smetsGeneration: fc.oneof(badEnum, fc.constantFrom('SMETS3', ABSENT)),
    status: fc.oneof(badEnum, fc.constant(ABSENT)),
    manufacturer: fc.oneof(badName, fc.constant(ABSENT)),
    model: fc.oneof(badName, fc.constant(ABSENT)),
    firmwareVersion: fc.oneof(badVersion, fc.constant(ABSENT)),
    responsibleImportSupplier: badEui64.filter((v) => v !== undefined),
    responsibleNetworkOperator: badEui64.filter((v) => v !== undefined)
  }

  test.prop([
    arb.device(),
    fc.constantFrom(...Object.keys(deviceBreakers)).chain((f) => fc.tuple(fc.constant(f), deviceBreakers[f] as fc.Arbitrary<unknown>))
  ])('a device with one bad field is refused at that field', (d, [field, bad]) => {
    expectRejected(decodeDevice(withField(d, field, bad)), `device.${field}`)
  })

  test.prop([arb.device({ status: arb.deviceStatus.filter((s) => s !== 'Suspended') }), arb.deviceStatus])(
    'a device that is not Suspended but has a statusBeforeSuspension is refused',
    (d, before) => {
      expectRejected(decodeDevice({ ...d, statusBeforeSuspension: before }), 'device.statusBeforeSuspension')
    }
  )

  test.prop([arb.device({ status: fc.constant('Suspended') }), fc.constantFrom<unknown>(ABSENT, 'Suspended', 'Active', 3)])(
    'a Suspended device without a valid statusBeforeSuspension is refused',
    (d, before) => {
      expectRejected(decodeDevice(withField(d, 'statusBeforeSuspension', before)), 'device.statusBeforeSuspension')
    }
  )

  test.prop([arb.cpl.filter((c) => c.length > 0), fc.nat()])('a CPL holding an entry twice is refused at the second', (c, n) => {
    const i = n % c.length
    const copy = [...c]
    copy.splice(i + 1, 0, { ...(c[i] as object) } as (typeof c)[number])
    expectRejected(decodeCpl(copy), `cpl[${i + 1}]`)
  })

  test.prop([
    arb.cpl.filter((c) => c.length > 0),
    fc.nat(),
    fc.oneof(
      fc.tuple(fc.constant('manufacturer'), badName),
      fc.tuple(fc.constant('model'), badName),
      fc.tuple(fc.constant('firmwareVersion'), badVersion),
      fc.tuple(fc.constant('status'), fc.oneof(badEnum, fc.constantFrom('Active', 'Withdrawn'))),
      fc.tuple(fc.constant('hardwareVersion'), fc.jsonValue())
    )
  ])('a CPL with one bad entry field is refused at that entry and field', (c, n, [field, bad]) => {
    const i = n % c.length
    const copy = c.map((e, j) => (j === i ? withField(e as unknown as Record<string, unknown>, field, bad) : e))
    expectRejected(decodeCpl(copy), `cpl[${i}].${field}`)
  })

  test.prop([
    arb.serviceRequest(),
    fc.oneof(
      fc.tuple(fc.constant('serviceReferenceVariant'), fc.oneof(badEnum, fc.constantFrom('99.9', '11', ' 11.2', 11.2, ABSENT))),
      fc.tuple(
        fc.constant('commandVariant'),
        fc.oneof(
          fc.constantFrom<unknown>(0, 9, -1, 1.5, '1', NaN, null, ABSENT),
          fc.integer().filter((n) => n < 1 || n > 8)
        )
      ),
      fc.tuple(
        fc.constant('deviceId'),
        badEui64.filter((v) => v !== undefined)
      ),
      fc.tuple(fc.constant('comandVariant'), fc.jsonValue())
    )
  ])('a service request with one bad field is refused at that field', (r, [field, bad]) => {
    expectRejected(decodeServiceRequest(withField(r as unknown as Record<string, unknown>, field, bad)), `request.${field}`)
  })

  test.prop([
    arb.serviceResponse,
    fc.oneof(
      fc.tuple(fc.constant('serviceReferenceVariant'), fc.oneof(badEnum, fc.constantFrom('11.1', ABSENT))),
      fc.tuple(
        fc.constant('firmwareVersion'),
        badVersion.filter((v) => v !== undefined)
      ),
      fc.tuple(fc.constant('respondent'), fc.oneof(badEnum, fc.constantFrom('gpf', 'Device '))),
      fc.tuple(
        fc.constant('deviceId'),
        badEui64.filter((v) => v !== undefined)
      ),
      fc.tuple(fc.constant('respondant'), fc.jsonValue())
    )
  ])('a response with one bad field is refused at that field', (r, [field, bad]) => {
    expectRejected(decodeServiceResponse(withField(r as unknown as Record<string, unknown>, field, bad)), `response.${field}`)
  })

  test.prop([arb.sr112Response()])('an SR11.2 response without a firmware version decodes: it is a read failure', (r) => {
    expect(decodeServiceResponse(withField(r as unknown as Record<string, unknown>, 'firmwareVersion', ABSENT))._tag).toBe('Right')
  })

  test.prop([arb.sr113Response(), fc.oneof(badEnum, fc.constantFrom(0, 'Success', 'SUCCESS'))])(
    'an SR11.3 response with an unknown activateImageResponseCode is refused at that field',
    (r, bad) => {
      expectRejected(decodeServiceResponse({ ...r, activateImageResponseCode: bad }), 'response.activateImageResponseCode')
    }
  )

  test.prop([
    arb.alert,
    fc.oneof(
      fc.tuple(fc.constant('code'), fc.oneof(badEnum, fc.constantFrom('N30', ABSENT))),
      fc.tuple(fc.constant('recipient'), fc.oneof(badEnum, fc.constantFrom('ResponsibleSupplier', ABSENT))),
      fc.tuple(fc.constant('deviceId'), fc.oneof(badEui64, fc.constant(ABSENT))),
      fc.tuple(
        fc.constant('recipientUserId'),
        badEui64.filter((v) => v !== undefined)
      )
    )
  ])('an alert with one bad field is refused at that field', (a, [field, bad]) => {
    expectRejected(decodeAlert(withField(a as unknown as Record<string, unknown>, field, bad)), `alert.${field}`)
  })
})
