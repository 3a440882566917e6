import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { LineError, MAX_LINE_DEPTH, parseLine } from '../../src/campaign/line.js'

const reason = (text: string): string | undefined => {
  const r = parseLine(text)
  return r instanceof LineError ? r.reason : undefined
}
const nested = (levels: number): string => '['.repeat(levels - 1) + '{}' + ']'.repeat(levels - 1)

describe('reading a campaign line strictly', () => {
  it('reads a line as JSON.parse does when every key is given once', () => {
    const line = '{"deviceId":"00-DB-12-34-56-78-90-A0","request":{"serviceReferenceVariant":"11.2","commandVariant":1}}'
    expect(parseLine(line)).toEqual(JSON.parse(line))
    expect(parseLine('[{"a":1},{"a":2}]')).toEqual([{ a: 1 }, { a: 2 }])
    expect(parseLine('"a string"')).toBe('a string')
    expect(parseLine('{"a":"\\"a\\":1, \\"a\\":2","b":"x\\\\"}')).toEqual({ a: '"a":1, "a":2', b: 'x\\' })
  })

  it('refuses a key given twice in one object, naming its path, at any depth and however it is escaped', () => {
    expect(reason('{"deviceId":"A","deviceId":"B","request":{}}')).toBe(
      'deviceId: is given more than once in its object; expected each key once'
    )
    expect(reason('{"deviceId":"A","request":{"serviceReferenceVariant":"11.2","serviceReferenceVariant":"11.3"}}')).toMatch(
      /^request\.serviceReferenceVariant: is given more than once/
    )
    expect(reason('{"a":[1,{"k":1},{"k":2,"k":3}]}')).toMatch(/^a\[2\]\.k: is given more than once/)
    expect(reason('{"deviceId":"A","device\\u0049d":"B"}')).toMatch(/^deviceId: is given more than once/)
    expect(reason('{"__proto__":1,"__proto__":2}')).toMatch(/^__proto__: is given more than once/)
    expect(reason('{"a":{"b":1},"a":{"c":"x"}}')).toMatch(/^a: is given more than once/)
  })

  it('quotes at most 100 characters of a repeated key', () => {
    const key = 'k'.repeat(5000)
    const r = reason(`{"${key}":1,"${key}":2}`) as string
    expect(r.length).toBeLessThan(200)
    expect(r).toMatch(/… \(5000 characters\)/)
  })

  it(`refuses nesting deeper than ${MAX_LINE_DEPTH} levels, however deep, without overflowing the stack`, () => {
    expect(parseLine(nested(MAX_LINE_DEPTH))).not.toBeInstanceOf(LineError)
    expect(reason(nested(MAX_LINE_DEPTH + 1))).toBe(
      `is nested deeper than ${MAX_LINE_DEPTH} levels; expected at most ${MAX_LINE_DEPTH} levels of objects and arrays`
    )
    expect(reason(`{"extra":${'['.repeat(20_000)}${']'.repeat(20_000)}}`)).toMatch(/^is nested deeper than/)
  })

  it('says why a line is not JSON, and names a byte order mark', () => {
    expect(reason('{"deviceId":')).toMatch(/^not valid JSON \(.+\); expected one JSON object per line$/)
    expect(reason('\uFEFF{"a":1}')).toMatch(/^starts with a byte order mark \(U\+FEFF\)/)
  })

  it('agrees with JSON.parse on any JSON text without a repeated key, and finds a key repeated anywhere', () => {
    const value = fc.jsonValue({ maxDepth: 6 })
    fc.assert(
      fc.property(value, (v) => {
        const text = JSON.stringify(v)
        expect(parseLine(text)).toEqual(JSON.parse(text))
      })
    )
    // a key repeated in any object of any JSON text is found
    fc.assert(
      fc.property(value, fc.nat(), (v, pick) => {
        const objects = countObjects(v)
        fc.pre(objects > 0)
        const text = withRepeatedKey(v, pick % objects)
        expect(() => JSON.parse(text) as unknown).not.toThrow()
        expect(parseLine(text)).toBeInstanceOf(LineError)
      })
    )
  })
})

/** Objects with at least one key in a JSON value. */
function countObjects(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0
  const children = Array.isArray(v) ? v : Object.values(v)
  return (Array.isArray(v) || Object.keys(v).length === 0 ? 0 : 1) + children.reduce((n: number, c) => n + countObjects(c), 0)
}

/** The JSON text of a value in which object number `target` (in document order) gives its first key twice. */
function withRepeatedKey(v: unknown, target: number): string {
  let seen = 0
  const write = (u: unknown): string => {
    if (typeof u !== 'object' || u === null) return JSON.stringify(u)
    if (Array.isArray(u)) return `[${u.map(write).join(',')}]`
    const entries = Object.entries(u)
    const repeat = entries.length > 0 && seen++ === target
    const body = entries.map(([k, x]) => `${JSON.stringify(k)}:${write(x)}`)
    if (repeat) body.unshift(`${JSON.stringify(entries[0]?.[0])}:null`)
    return `{${body.join(',')}}`
  }
  return write(v)
}
