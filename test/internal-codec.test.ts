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
  [],
  null,
  'x',
  Object.create(null)
]

describe.each([true, false])('a struct (exact: %s)', (exact) => {
  const generated = struct('s', ...props, exact, true)
  const loop = struct('s', ...props, exact, false)
  it.each(values.map((v) => [JSON.stringify(v) ?? String(v), v]))('is judged the same by the generated check and the loop: %s', (_, v) => {
    expect(generated.is(v)).toBe(loop.is(v))
    expect(generated.validate(v, [])._tag).toBe(generated.is(v) ? 'Right' : 'Left')
  })
  it('refuses an unknown field only when exact', () => {
    expect(generated.is({ a: 'x', b: 'ab', d: 1 })).toBe(!exact)
    expect(loop.is({ a: 'x', b: 'ab', d: 1 })).toBe(!exact)
  })
})

describe('codePointLength', () => {
  it('counts a surrogate pair as one character and a lone surrogate as one', () => {
    expect(codePointLength('a😀b')).toBe(3)
    expect(codePointLength('\ud83d')).toBe(1)
    expect(codePointLength('\ud83dx')).toBe(2)
  })
})
