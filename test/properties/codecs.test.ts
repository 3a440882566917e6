/**
 * The codecs' own invariants, stated over arbitrary values rather than chosen ones: what each
 * primitive codec accepts, and how every refusal is worded (path, what was expected, what was got).
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  CommandVariant,
  DeviceStatus,
  Eui64,
  FirmwareVersion,
  ProductName,
  decodeDevice,
  decodeServiceRequest,
  serviceRequestVariant,
  serviceRequestVariants,
  ServiceReferenceVariant
} from '../../src/index.js'
import * as arb from '../arbitraries.js'

/** The library's rendering of a received value: JSON, cut to 80 characters with an ellipsis. */
function rendered(v: unknown): string {
  const s = JSON.stringify(v)
  return s.length > 80 ? `${s.slice(0, 79)}…` : s
}

const EUI64 = /^[0-9A-F]{2}(-[0-9A-F]{2}){7}$/

/** Strings near an EUI-64: valid ones with one character changed, dropped or added. */
const nearEui64 = fc
  .tuple(arb.eui64, fc.nat(), fc.constantFrom('a', 'f', 'G', '-', ':', '0', ' ', ''), fc.boolean())
  .map(([s, n, c, insert]) => {
    const i = n % (s.length + 1)
    return insert ? s.slice(0, i) + c + s.slice(i) : s.slice(0, i) + c + s.slice(i + 1)
  })

describe('the primitive codecs accept exactly what the contract says', () => {
  test.prop([
    fc.oneof(
      fc.string({ maxLength: 12, unit: 'binary' }),
      fc.string({ minLength: 5, maxLength: 20 }),
      fc.constantFrom('\uD83D\uDE00'.repeat(8), '\uD83D\uDE00'.repeat(9), '\uD800'.repeat(8))
    )
  ])('a firmware version is any string of 1 to 8 characters, counted as code points', (s) => {
    const n = [...s].length
    expect(FirmwareVersion.is(s)).toBe(n >= 1 && n <= 8)
    expect(FirmwareVersion.decode(s)._tag).toBe(n >= 1 && n <= 8 ? 'Right' : 'Left')
  })

  test.prop([fc.oneof(fc.string({ maxLength: 4, unit: 'binary' }), fc.anything())])(
    'a manufacturer or model name is any non-empty string',
    (u) => {
      expect(ProductName.is(u)).toBe(typeof u === 'string' && u.length > 0)
    }
  )

  test.prop([fc.oneof(arb.eui64, nearEui64, fc.string({ maxLength: 25 }))])(
    'an EUI-64 is eight upper-case hex pairs joined by "-"',
    (s) => {
      expect(Eui64.is(s)).toBe(EUI64.test(s))
    }
  )

  test.prop([fc.oneof(fc.integer({ min: -3, max: 12 }), fc.double(), fc.constantFrom<unknown>('1', null, true, 1n, [1]))])(
    'a Command Variant is an integer from 1 to 8',
    (u) => {
      expect(CommandVariant.is(u)).toBe(typeof u === 'number' && Number.isInteger(u) && u >= 1 && u <= 8)
    }
  )

  test.prop([fc.oneof(arb.serviceReferenceVariant, fc.string({ maxLength: 6 }), fc.anything())])(
    'an SRV is one of the 129 in the DUIS catalogue, and the catalogue knows it',
    (u) => {
      const known = serviceRequestVariants.some((v) => v.srv === u)
      expect(ServiceReferenceVariant.is(u)).toBe(known)
      expect(serviceRequestVariant(u as string)?.srv).toBe(known ? u : undefined)
    }
  )
})

describe('every refusal says where, what was expected and what was got', () => {
  test.prop([
    arb.device(),
    fc.oneof(
      fc.integer(),
      fc.boolean(),
      fc.string({ maxLength: 200 }).filter((s) => !(DeviceStatus.values as readonly string[]).includes(s)),
      fc.array(fc.integer(), { maxLength: 40 })
    )
  ])('a device with a bad status is refused with "device.status: expected <the statuses>, got <the value>"', (device, bad) => {
    const result = decodeDevice({ ...device, status: bad })
    expect(result._tag).toBe('Left')
    if (result._tag === 'Left') {
      const issue = result.left.issues.find((i) => i.path === 'device.status')
      expect(issue).toEqual({
        path: 'device.status',
        expected: DeviceStatus.name,
        received: rendered(bad),
        message: `device.status: expected ${DeviceStatus.name}, got ${rendered(bad)}`
      })
      expect(result.left.message).toBe(result.left.issues.map((i) => i.message).join('; '))
    }
  })

  test.prop([arb.focusedRequest, fc.constantFrom('serviceReferenceVariant', 'commandVariant')])(
    'a request missing a required field is refused with "is required", naming what was expected',
    (request, field) => {
      const { [field]: _, ...rest } = request as unknown as Record<string, unknown>
      const result = decodeServiceRequest(rest)
      expect(result._tag).toBe('Left')
      if (result._tag === 'Left') {
        const expected = field === 'commandVariant' ? CommandVariant.name : ServiceReferenceVariant.name
        expect(result.left.issues).toEqual([
          { path: `request.${field}`, expected, received: 'nothing', message: `request.${field}: is required (expected ${expected})` }
        ])
      }
    }
  )
})
