/**
 * Property 9 through the command line itself: any bytes given as a JSON input to `authorise`,
 * `process` or `verify` (JSON, near-JSON, repeated keys, deep nesting, invalid UTF-8, a byte order
 * mark, long values) end in exit 0, 1 or 2, never in an internal error (70); a refusal (2) says on
 * standard error which input is wrong, in lines of bounded length; nothing else is printed with it.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { cpl, readFirmware, readFirmwareResponse, suspendedEsme } from '../scenario/fixtures.js'
import { cli, folder } from '../cli/fakeIO.js'
import * as arb from '../arbitraries.js'

const dir = folder({ 'device.json': suspendedEsme, 'request.json': readFirmware, 'response.json': readFirmwareResponse, 'cpl.json': cpl })

const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/** Text that is, or is near, one of the records the CLI reads. */
const nearRecord: fc.Arbitrary<string> = fc
  .oneof(
    arb.device().map((d) => JSON.stringify(d)),
    arb.serviceRequest().map((r) => JSON.stringify(r)),
    arb.serviceResponse.map((r) => JSON.stringify(r)),
    arb.cpl.map((c) => JSON.stringify(c)),
    fc.json()
  )
  .chain((text) =>
    fc.oneof(
      fc.constant(text),
      // cut short, with junk
      fc.tuple(fc.nat(), fc.string({ maxLength: 3 })).map(([n, junk]) => text.slice(0, n % (text.length + 1)) + junk),
      // a key repeated: the first member again at the end
      fc.constant(
        text.startsWith('{"') && text.length > 2
          ? `${text.slice(0, -1)},${text.slice(1, text.indexOf(',') > 0 ? text.indexOf(',') : -1)}}`
          : text
      ),
      // deep nesting in an extra field
      fc
        .integer({ min: 500, max: 20_000 })
        .map((depth) => (text.startsWith('{"') ? `{"extra":${'['.repeat(depth)}${']'.repeat(depth)},${text.slice(1)}` : text)),
      // a long value
      fc
        .integer({ min: 1_000, max: 200_000 })
        .map((n) => (text.startsWith('{"') ? `{"deviceId":"${'A'.repeat(n)}",${text.slice(1)}` : text))
    )
  )

const bytes: fc.Arbitrary<Uint8Array> = fc.oneof(
  { weight: 4, arbitrary: nearRecord.map(utf8) },
  // with a byte order mark
  { weight: 1, arbitrary: nearRecord.map((t) => utf8(`\uFEFF${t}`)) },
  // with one byte replaced: often invalid UTF-8
  {
    weight: 2,
    arbitrary: fc.tuple(nearRecord, fc.nat(), fc.integer({ min: 0x80, max: 0xff })).map(([t, n, b]) => {
      const u = utf8(t)
      if (u.length > 0) u[n % u.length] = b
      return u
    })
  },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }) }
)

const commands: ReadonlyArray<readonly string[]> = [
  ['authorise', '--device', '-', '--request', 'request.json'],
  ['authorise', '--device', 'device.json', '--request', '-'],
  ['process', '--device', '-', '--response', 'response.json', '--cpl', 'cpl.json'],
  ['process', '--device', 'device.json', '--response', '-', '--cpl', 'cpl.json'],
  ['process', '--device', 'device.json', '--response', 'response.json', '--cpl', '-'],
  ['verify', '-']
]

describe("property 9 through the command line's input path", () => {
  test.prop([bytes, fc.constantFrom(...commands)])(
    'any bytes as an input end in exit 0, 1 or 2 with a bounded message naming standard input, never an internal error',
    async (input, args) => {
      const r = await cli([...args], { cwd: dir, stdin: input })
      expect([0, 1, 2]).toContain(r.code)
      if (r.code === 2) {
        expect(r.stderr).toMatch(/^<stdin>(:\d+:\d+)?: /)
        if (args[0] !== 'verify') expect(r.stdout).toBe('')
      }
      for (const line of r.stderr.split('\n')) expect(line.length).toBeLessThan(1_000)
    }
  )
})
