/**
 * The strict JSON reader (src/internal/json.ts) agrees with the platform wherever the platform is
 * right: it accepts exactly what `JSON.parse` accepts, except an object holding a key twice and
 * nesting beyond the bound, and then gives the same value; it decodes exactly the byte strings
 * that are UTF-8, to the text the platform decodes them to.
 */
import { isUtf8 } from 'node:buffer'
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { decodeUtf8, MAX_JSON_DEPTH, parseJsonText } from '../../src/internal/json.js'

/** Whether JSON.parse accepts the text, and its value. */
function platform(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown }
  } catch {
    return { ok: false }
  }
}

/** JSON texts, and texts near JSON: cut short, with junk spliced in, with keys repeated. */
const nearJson: fc.Arbitrary<string> = fc.oneof(
  fc.json(),
  fc.string({ unit: 'binary' }),
  fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 3 })).map(([t, n, junk]) => t.slice(0, n % (t.length + 1)) + junk),
  fc.tuple(fc.json(), fc.nat(), fc.nat()).map(([t, a, b]) => {
    // a piece of the text repeated at another place: often a duplicate key, often a syntax error
    const i = a % (t.length + 1)
    const j = b % (t.length + 1)
    return t.slice(0, Math.max(i, j)) + t.slice(Math.min(i, j), Math.max(i, j)) + t.slice(Math.max(i, j))
  }),
  fc.tuple(fc.dictionary(fc.string({ maxLength: 2 }), fc.jsonValue({ maxDepth: 1 }), { minKeys: 1 }), fc.nat()).map(([o, n]) => {
    const keys = Object.keys(o)
    const k = keys[n % keys.length] as string
    return `${JSON.stringify(o).slice(0, -1)},${JSON.stringify(k)}:0}`
  })
)

describe('the strict JSON reader', () => {
  test.prop([nearJson])('accepts what JSON.parse accepts, with the same value, unless a key repeats or nesting is too deep', (text) => {
    const ours = parseJsonText(text)
    const theirs = platform(text)
    if (ours.ok) {
      expect(theirs).toEqual({ ok: true, value: ours.value })
      return
    }
    expect(ours.offset).toBeGreaterThanOrEqual(0)
    expect(ours.offset).toBeLessThanOrEqual(text.length)
    expect(ours.reason).toMatch(/; expected .+/)
    // the first problem in the text is named: a key repeated before a syntax error is the repeated key
    if (ours.kind === 'syntax') expect(theirs.ok).toBe(false)
    if (ours.kind === 'duplicate-key') expect(text.slice(ours.offset).startsWith('"')).toBe(true)
  })

  test.prop([fc.integer({ min: 1, max: 3 * MAX_JSON_DEPTH }), fc.boolean()])(
    'refuses nesting beyond the bound, and only that',
    (depth, arrays) => {
      const text = arrays ? `${'['.repeat(depth)}${']'.repeat(depth)}` : `${'{"k":'.repeat(depth)}0${'}'.repeat(depth)}`
      expect(parseJsonText(text).ok).toBe(depth <= MAX_JSON_DEPTH)
    }
  )

  test.prop([
    fc.oneof(
      fc.uint8Array({ maxLength: 64 }),
      fc.string({ unit: 'binary' }).map((s) => new Uint8Array(Buffer.from(s, 'utf8'))),
      fc.tuple(fc.string({ unit: 'binary' }), fc.nat(), fc.integer({ min: 0, max: 255 })).map(([s, n, b]) => {
        const bytes = new Uint8Array(Buffer.from(s, 'utf8'))
        if (bytes.length > 0) bytes[n % bytes.length] = b
        return bytes
      })
    )
  ])("decodes exactly the UTF-8 byte strings, to the platform's text; elsewhere names a byte where it goes wrong", (bytes) => {
    const r = decodeUtf8(bytes)
    const bom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf
    expect(r.ok).toBe(isUtf8(bytes))
    if (r.ok) expect(r.text).toBe(Buffer.from(bytes.subarray(bom ? 3 : 0)).toString('utf8'))
    else {
      expect(isUtf8(bytes.subarray(0, r.offset))).toBe(true)
      expect(r.offset).toBeLessThan(bytes.length)
    }
  })
})
