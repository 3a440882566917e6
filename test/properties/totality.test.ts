/**
 * Property 9: totality and safety. Arbitrary values (JSON and beyond: wrong types, `__proto__` and
 * `constructor` keys, very long strings, deep nesting, throwing getters) through every decode
 * function, every rule function and the CLI's input path (JSON text → decode) never throw, never
 * change `Object.prototype`, and always yield a value or an error whose issues name the field.
 */
import { afterEach, beforeEach, describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import type { Either } from 'fp-ts/lib/Either.js'
import {
  applyCplRemoval,
  authoriseRequest,
  decodeAlert,
  decodeCpl,
  decodeDevice,
  decodeServiceRequest,
  decodeServiceResponse,
  prepareCpl,
  processResponse,
  removeFromCpl,
  suspendOnCplRemoval,
  Eui64,
  type InputError
} from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { readJson } from './read-json.js'

// ------------------------------------------------------------------ hostile values

const PROTO_TEXTS = [
  '{"__proto__": {"polluted": "yes"}}',
  '{"constructor": {"prototype": {"polluted": "yes"}}}',
  '{"__proto__": {"status": "Suspended"}, "status": "Commissioned"}',
  '[{"__proto__": {"polluted": "yes"}, "manufacturer": "ACME"}]',
  '{"deviceId": "00-DB-12-34-56-78-90-A0", "__proto__": null, "constructor": "x", "hasOwnProperty": 1, "toString": []}'
]

/** Objects carrying `__proto__`/`constructor` as own keys, as JSON.parse makes them. */
const protoKeyed: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(...PROTO_TEXTS).map((t) => JSON.parse(t) as unknown),
  fc
    .record({
      key: fc.constantFrom('__proto__', 'constructor', 'prototype', '__defineGetter__', 'valueOf'),
      value: fc.jsonValue({ maxDepth: 2 }),
      rest: fc.jsonValue({ maxDepth: 1 })
    })
    .map(
      ({ key, value, rest }) => JSON.parse(`{${JSON.stringify(key)}: ${JSON.stringify(value)}, "rest": ${JSON.stringify(rest)}}`) as unknown
    )
)

const longString: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('A', '0', '-', '\u{1F600}', '\uD800'))
  .map(([n, c]) => c.repeat(n))

/** Arrays or objects nested up to 5,000 deep (built in a loop: no recursion here). */
const deeplyNested: fc.Arbitrary<unknown> = fc.tuple(fc.integer({ min: 100, max: 5_000 }), fc.boolean()).map(([depth, asArray]) => {
  let v: unknown = 'bottom'
  for (let i = 0; i < depth; i++) v = asArray ? [v] : { status: v }
  return v
})

/** Objects whose fields throw when read. */
const throwing: fc.Arbitrary<unknown> = fc
  .constantFrom('status', 'deviceId', 'serviceReferenceVariant', 'length', 'manufacturer')
  .map((k) =>
    Object.defineProperty({ deviceId: '00-DB-12-34-56-78-90-A0' }, k, {
      enumerable: true,
      get(): never {
        throw new Error(`reading ${k}`)
      }
    })
  )

export const hostile: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.jsonValue() },
  {
    weight: 2,
    arbitrary: fc.anything({
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withSet: true,
      withNullPrototype: true,
      withSparseArray: true,
      withTypedArray: true
    })
  },
  { weight: 2, arbitrary: protoKeyed },
  { weight: 1, arbitrary: longString },
  { weight: 1, arbitrary: deeplyNested },
  { weight: 1, arbitrary: throwing }
)

/** A valid record with one field, chosen among its own and some others, replaced by a hostile value. */
function withHostileField<T extends object>(
  valid: fc.Arbitrary<T>,
  extraFields: readonly string[]
): fc.Arbitrary<{ value: Record<string, unknown>; field: string }> {
  return fc.tuple(valid, fc.nat(), hostile).map(([v, n, bad]) => {
    const fields = [...Object.keys(v), ...extraFields]
    const field = fields[n % fields.length] as string
    const value: Record<string, unknown> = { ...(v as Record<string, unknown>) }
    Object.defineProperty(value, field, { value: bad, enumerable: true, writable: true, configurable: true })
    return { value, field }
  })
}

// ------------------------------------------------------------------ checks

const protoNames = (): string => Object.getOwnPropertyNames(Object.prototype).sort().join(',')
let protoBefore = ''
beforeEach(() => {
  protoBefore = protoNames()
})
afterEach(() => {
  expect(protoNames()).toBe(protoBefore)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
})

/** A Right, or a Left whose every issue has a path under one of `roots` and a message saying so. */
function expectWellFormed(result: Either<InputError, unknown>, roots: readonly string[]): void {
  expect(['Left', 'Right']).toContain(result._tag)
  if (result._tag === 'Right') return
  const { issues, message } = result.left
  expect(result.left._tag).toBe('InputError')
  expect(issues.length).toBeGreaterThan(0)
  expect(message).toBe(issues.map((i) => i.message).join('; '))
  for (const issue of issues) {
    expect(
      roots.some((r) => issue.path === r || issue.path.startsWith(`${r}.`) || issue.path.startsWith(`${r}[`)),
      issue.path
    ).toBe(true)
    const prefix = `${issue.path === '' ? '(input)' : issue.path}: `
    expect(issue.message.startsWith(prefix)).toBe(true)
    expect(issue.message.length, 'the message says more than where').toBeGreaterThan(prefix.length + 5)
    expect(issue.expected).not.toBe('')
    expect(typeof issue.expected).toBe('string')
    expect(typeof issue.received).toBe('string')
    expect(issue.received.length).toBeLessThanOrEqual(80)
  }
}

/** A Left that names `root.field` (or, for status, the invariant's other half). */
function expectNamesField(result: Either<InputError, unknown>, root: string, field: string): void {
  expectWellFormed(result, [root])
  if (result._tag === 'Right') return
  const named = [`${root}.${field}`, `${root}[${JSON.stringify(field)}]`]
  if (field === 'status') named.push(`${root}.statusBeforeSuspension`)
  const paths = result.left.issues.map((i) => i.path)
  expect(
    paths.some((p) => named.some((n) => p === n || p.startsWith(`${n}.`) || p.startsWith(`${n}[`))),
    `${paths.join(', ')} should name ${named[0]}`
  ).toBe(true)
}

const decoders: ReadonlyArray<readonly [string, (u: unknown) => Either<InputError, unknown>]> = [
  ['device', decodeDevice],
  ['cpl', decodeCpl],
  ['request', decodeServiceRequest],
  ['response', decodeServiceResponse],
  ['alert', decodeAlert]
]

const validDevice = arb.device()
const anyEdition = fc.option(arb.edition, { nil: undefined })

describe('property 9: every entry point is total and safe', () => {
  test.prop([hostile])('every decode function turns any value into a value or an input error, without throwing', (u) => {
    for (const [root, decode] of decoders) expectWellFormed(decode(u), [root])
    expectWellFormed(prepareCpl(u as never), ['cpl'])
  })

  const roots = ['device', 'cpl', 'request', 'response', 'removal', 'options', '(input)', '']
  const optionsOf = (edition: 'baseline' | 'SECMP0105' | undefined): { edition: 'baseline' | 'SECMP0105' } | undefined =>
    edition === undefined ? undefined : { edition }

  test.prop([hostile, validDevice, arb.focusedRequest, anyEdition])(
    'authoriseRequest takes any value in any argument and returns a decision or an input error, without throwing',
    (u, device, request, edition) => {
      const any = u as never
      const options = optionsOf(edition)
      for (const result of [
        authoriseRequest(any, device, options),
        authoriseRequest(request, any, options),
        authoriseRequest(request, device, any)
      ])
        expectWellFormed(result, roots)
    }
  )

  test.prop([hostile, arb.world(), arb.serviceResponse, anyEdition])(
    'processResponse takes any value in any argument and returns a decision or an input error, without throwing',
    (u, { device, cpl }, response, edition) => {
      const any = u as never
      const options = optionsOf(edition)
      for (const result of [
        processResponse(any, device, cpl, options),
        processResponse(response, any, cpl, options),
        processResponse(response, device, any, options),
        processResponse(response, device, cpl, any)
      ])
        expectWellFormed(result, roots)
    }
  )

  test.prop([hostile, arb.world(), arb.cplRemoval, anyEdition])(
    'the CPL-removal functions take any value in any argument and return a decision or an input error, without throwing',
    (u, { device, cpl }, removal, edition) => {
      const any = u as never
      const options = optionsOf(edition)
      for (const result of [
        applyCplRemoval(any, device, cpl, options),
        applyCplRemoval(removal, any, cpl, options),
        applyCplRemoval(removal, device, any, options),
        applyCplRemoval(removal, device, cpl, any),
        suspendOnCplRemoval(any, device, options),
        suspendOnCplRemoval(removal, any, options),
        removeFromCpl(any, cpl),
        removeFromCpl(removal, any)
      ])
        expectWellFormed(result, roots)
    }
  )

  test.prop([withHostileField(validDevice, ['statusBeforeSuspension', 'responsibleImportSupplier'])])(
    'a device with any value in one field decodes, or is refused with an issue naming that field',
    ({ value, field }) => {
      expectNamesField(decodeDevice(value), 'device', field)
    }
  )

  test.prop([withHostileField(arb.focusedRequest, ['deviceId']), validDevice])(
    'a request with any value in one field is authorised or refused, or refused as input naming that field',
    ({ value, field }, device) => {
      expectNamesField(decodeServiceRequest(value), 'request', field)
      // the device is valid: it takes the request's deviceId only where that is a valid EUI-64
      const result = authoriseRequest(
        value as never,
        { ...device, deviceId: Eui64.is(value.deviceId) ? value.deviceId : device.deviceId } as never
      )
      expectNamesField(result, 'request', field)
    }
  )

  test.prop([withHostileField(arb.serviceResponse, ['firmwareVersion', 'respondent', 'activateImageResponseCode'])])(
    'a response with any value in one field decodes, or is refused with an issue naming that field',
    ({ value, field }) => {
      expectNamesField(decodeServiceResponse(value), 'response', field)
    }
  )

  test.prop([withHostileField(arb.cplEntry, ['hardwareVersion']), arb.cpl, fc.nat()])(
    'a CPL with any value in one field of one entry decodes, or is refused naming that entry and field',
    ({ value, field }, cpl, n) => {
      const i = n % (cpl.length + 1)
      const entries = [...cpl.slice(0, i), value, ...cpl.slice(i)]
      const result = decodeCpl(entries)
      expectWellFormed(result, ['cpl'])
      if (result._tag === 'Left' && !result.left.issues.some((x) => x.message.includes('duplicates'))) {
        expectNamesField(result, `cpl[${i}]`, field)
      }
    }
  )

  test.prop([
    fc.oneof(
      fc.string({ unit: 'binary' }),
      hostile.map((u) => {
        try {
          return JSON.stringify(u) ?? 'undefined'
        } catch {
          return '{'
        }
      }),
      fc.constantFrom(...PROTO_TEXTS),
      fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 })).map(([text, n, junk]) => text.slice(0, n % (text.length + 1)) + junk)
    )
  ])("the CLI's input path (JSON text, then decode) never throws, and yields a value or an input error", (text) => {
    for (const [root, decode] of decoders) expectWellFormed(readJson(text, decode), [root, ''])
  })
})
