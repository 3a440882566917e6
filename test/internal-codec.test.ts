/**
 * The struct codec's generated check and its fallback loop (used where `new Function` is refused)
 * judge every value alike.
 */
import { describe, expect, it } from 'vitest'
import { struct, enumeration, boundedString, codePointLength } from '../src/internal/codec.js'

const props = [{ a: enumeration(['x', 'y'] as const), b: boundedString(1, 3) }, { c: boundedString(2, 2) }] as const
const values: unknown[] = [
  { a: 'x', b: 'abc' },
  { a: 'y', b: 'a', c: 'zz' },
  { a: 'y', b: 'a', c: undefined },
  { a: 'y', b: 'a', c: 'z' },
  { a: 'z', b: 'a' },
  { b: 'a' },
  { a: 'x', b: '' },
  { a: 'x', b: 'abcd' },
  { a: 'x', b: 'ab', d: 1 },
  { a: 'x', b: 'ab', __proto__: { inherited: 1 } },
  { a: 'x', b: 'ab', undefined: 1 },
  { a: 'z', b: 'a', undefined: 1 },
  [],
  null,
  'x',
  Object.create(null)
]

describe.each([true, false])('a struct (exact: %s)', (exact) => {
  // built in each test, so that what building does is tested too (under Stryker, code that runs
  // while tests are collected counts as static)
  const build = () => ({ generated: struct('s', ...props, exact, true), loop: struct('s', ...props, exact, false) })
  it.each(values.map((v) => [JSON.stringify(v) ?? String(v), v]))('is judged the same by the generated check and the loop: %s', (_, v) => {
    const { generated, loop } = build()
    expect(generated.is(v)).toBe(loop.is(v))
    expect(generated.validate(v, [])._tag).toBe(generated.is(v) ? 'Right' : 'Left')
  })
  it('accepts a valid value, with and without its optional field', () => {
    const { generated, loop } = build()
    for (const is of [generated.is, loop.is]) {
      expect(is({ a: 'x', b: 'abc' })).toBe(true)
      expect(is({ a: 'y', b: 'a', c: 'zz' })).toBe(true)
      expect(is({ a: 'y', b: 'a', c: 'z' })).toBe(false)
    }
  })
  it('refuses an unknown field only when exact, and then names the fields it takes', () => {
    const { generated, loop } = build()
    expect(generated.is({ a: 'x', b: 'ab', d: 1 })).toBe(!exact)
    expect(loop.is({ a: 'x', b: 'ab', d: 1 })).toBe(!exact)
    const result = generated.validate({ a: 'x', b: 'ab', d: 1 }, [])
    expect(result._tag === 'Left' ? result.left.map((e) => e.message) : []).toEqual(
      exact ? ['is not a field of s; expected only a, b, c'] : []
    )
  })
  it('keeps its field codecs and whether it is exact', () => {
    const { generated } = build()
    expect(generated.exact).toBe(exact)
    expect(Object.keys(generated.required)).toEqual(['a', 'b'])
    expect(Object.keys(generated.optional)).toEqual(['c'])
  })
})

describe('codePointLength', () => {
  it('counts a surrogate pair as one character and a lone surrogate as one', () => {
    expect(codePointLength('a😀b')).toBe(3)
    expect(codePointLength('\ud83d')).toBe(1)
    expect(codePointLength('\ud83dx')).toBe(2)
  })
  it('pairs a high surrogate (D800-DBFF) only with a low one that follows (DC00-DFFF)', () => {
    expect(codePointLength('\ud800\udc00')).toBe(1)
    expect(codePointLength('\udbff\udfff')).toBe(1)
    expect(codePointLength('\ud7ff\udc00')).toBe(2)
    expect(codePointLength('\udc00\udc00')).toBe(2)
    expect(codePointLength('a\udc00')).toBe(2)
    expect(codePointLength('\ud800\udbff')).toBe(2)
    expect(codePointLength('\ud800\ue000')).toBe(2)
    expect(codePointLength('\ud800a')).toBe(2)
  })
})

describe('boundedString', () => {
  it('counts characters, not UTF-16 units, at both bounds', () => {
    const three = boundedString(3, 3)
    expect(three.is('😀😀😀')).toBe(true)
    expect(three.is('😀😀')).toBe(false)
    expect(three.is('😀😀😀😀')).toBe(false)
    expect(boundedString(1, 8).is('123456789')).toBe(false)
    expect(boundedString(1, 8).is('😀'.repeat(8))).toBe(true)
  })
  it('reports a string out of bounds by its name', () => {
    const result = boundedString(1, 8).validate('123456789', [])
    expect(result._tag === 'Left' ? result.left.map((e) => e.context.length) : []).toEqual([0])
    expect(boundedString(1, 8).validate('1234', [])).toEqual({ _tag: 'Right', right: '1234' })
  })
  it('is named for its bounds', () => {
    expect(boundedString(1, Infinity).name).toBe('a string of at least 1 character')
    expect(boundedString(2, Infinity).name).toBe('a string of at least 2 characters')
    expect(boundedString(1, 8).name).toBe('a string of 1 to 8 characters')
  })
})

describe('a struct that is not exact', () => {
  it('reports only its own fields, never an extra one', () => {
    const open = struct('s', ...props, false)
    const result = open.validate({ a: 'z', b: 'a', d: 1 }, [{ key: '', type: open, actual: null }])
    expect(result._tag === 'Left' ? result.left.map((e) => e.context.map((c) => c.key).join('.')) : []).toEqual(['.a'])
  })
})
