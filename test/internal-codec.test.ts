/**
 * The struct codec's generated check and its fallback loop (used where `new Function` is refused,
 * or the library is configured jitless) judge every value alike: on hand-picked values and, as a
 * property, on any value of any struct. The switch keeps `new Function` from ever being called.
 */
import { afterEach, describe, expect, it, vi } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { struct, enumeration, boundedString, codePointLength } from '../src/internal/codec.js'
import { configure } from '../src/index.js'
import { commissionedEsme } from './support.js'

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

// ------------------------------------------------------------------ any struct, any value

/** A field check: one of a few of the library's building blocks. */
const fieldCodec = fc.constantFrom(
  enumeration(['x', 'y'] as const),
  boundedString(1, 3),
  boundedString(2, 2),
  struct('inner', { a: enumeration(['x'] as const) }, {}, true)
)
/** Field names: identifiers (the generated check), and now and then one that is not (the loop, always). */
const fieldName = fc.oneof(
  { weight: 8, arbitrary: fc.constantFrom('a', 'b', 'c', 'deviceId', 'status', 'constructor', 'toString', '$x', '_y') },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) }
)
const shape = fc.record({
  required: fc.dictionary(fieldName, fieldCodec, { maxKeys: 4, noNullPrototype: true }),
  optional: fc.dictionary(fieldName, fieldCodec, { maxKeys: 3, noNullPrototype: true }),
  exact: fc.boolean()
})
/** A value for a shape: mostly an object over the shape's names (with valid and invalid field values), sometimes anything. */
const valueFor = (names: readonly string[]) =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.dictionary(
        fc.oneof(fc.constantFrom(...names, 'extra'), fc.string({ maxLength: 3 })),
        fc.oneof(fc.constantFrom('x', 'y', 'ab', 'abcd', '', undefined, null, { a: 'x' }, { a: 'x', b: 1 }), fc.anything()),
        { maxKeys: 6 }
      )
    },
    { weight: 1, arbitrary: fc.anything() }
  )

describe('the generated struct check', () => {
  test.prop([
    shape.chain((s) =>
      fc.tuple(fc.constant(s), fc.array(valueFor([...Object.keys(s.required), ...Object.keys(s.optional)]), { minLength: 1, maxLength: 5 }))
    )
  ])('judges any value of any struct exactly as the loop does', ([s, values]) => {
    const optional = Object.fromEntries(Object.entries(s.optional).filter(([k]) => !(k in s.required)))
    const generated = struct('s', s.required, optional, s.exact, true)
    const loop = struct('s', s.required, optional, s.exact, false)
    for (const v of values) expect(generated.is(v), JSON.stringify(v)).toBe(loop.is(v))
  })
})

describe('code generation', () => {
  afterEach(() => {
    configure({ jitless: false })
    vi.unstubAllGlobals()
    vi.resetModules()
  })

  /** Counts the calls of `Function` (what `new Function` calls), optionally refusing them as a strict CSP does. */
  function watchFunction(refuse: boolean): { calls: number } {
    const seen = { calls: 0 }
    const Real = globalThis.Function
    vi.stubGlobal(
      'Function',
      new Proxy(Real, {
        construct(target, args: string[]) {
          seen.calls++
          if (refuse) throw new EvalError('Refused to evaluate a string as JavaScript: unsafe-eval is not allowed')
          return Reflect.construct(target, args) as object
        }
      })
    )
    return seen
  }

  it('generates a struct check with new Function by default, at its first call', async () => {
    const seen = watchFunction(false)
    const fresh = await import('../src/internal/codec.js')
    const s = fresh.struct('s', ...props, true)
    expect(seen.calls).toBe(0)
    expect(s.is({ a: 'x', b: 'abc' })).toBe(true)
    expect(seen.calls).toBeGreaterThan(0)
  })

  it('never calls new Function once configured jitless, and judges every value as the loop does', async () => {
    const seen = watchFunction(false)
    const fresh = await import('../src/internal/codec.js')
    const { configure: freshConfigure } = await import('../src/configure.js')
    expect(freshConfigure({ jitless: true })).toEqual({ _tag: 'Right', right: { jitless: true } })
    const jitless = fresh.struct('s', ...props, true)
    const loop = fresh.struct('s', ...props, true, false)
    for (const v of values) expect(jitless.is(v)).toBe(loop.is(v))
    expect(seen.calls).toBe(0)
  })

  it('keeps the public codecs right, and generates nothing, when jitless is set after they were used', async () => {
    const fresh = await import('../src/index.js')
    const device = { ...commissionedEsme }
    expect(fresh.Device.is(device)).toBe(true)
    const seen = watchFunction(false)
    fresh.configure({ jitless: true })
    const fresh2 = await import('../src/internal/codec.js')
    expect(fresh2.struct('t', ...props, false).is({ a: 'x', b: 'a' })).toBe(true)
    expect(fresh.Device.is(device)).toBe(true)
    expect(fresh.Device.is({ ...device, status: 'Asleep' })).toBe(false)
    expect(seen.calls).toBe(0)
  })

  it('loops where the platform refuses code generation (a strict Content-Security-Policy), asking only once', async () => {
    const seen = watchFunction(true)
    const fresh = await import('../src/internal/codec.js')
    const { allowsEval } = await import('../src/internal/structCheck.js')
    expect(allowsEval()).toBe(false)
    const refused = fresh.struct('s', ...props, true)
    const other = fresh.struct('t', ...props, false)
    const loop = fresh.struct('s', ...props, true, false)
    for (const v of values) expect(refused.is(v)).toBe(loop.is(v))
    expect(other.is({ a: 'x', b: 'a', d: 1 })).toBe(true)
    expect(seen.calls).toBe(1)
  })
})

describe('configure', () => {
  afterEach(() => configure({ jitless: false }))
  it('reads the settings without changing them', () => {
    expect(configure()).toEqual({ _tag: 'Right', right: { jitless: false } })
    configure({ jitless: true })
    expect(configure({})).toEqual({ _tag: 'Right', right: { jitless: true } })
  })
  it('refuses malformed options by their path, changing nothing', () => {
    const paths = (r: ReturnType<typeof configure>) => (r._tag === 'Left' ? r.left.issues.map((i) => i.path) : r)
    expect(paths(configure({ jitless: 1 } as never))).toEqual(['options.jitless'])
    expect(paths(configure({ jitles: true } as never))).toEqual(['options.jitles'])
    expect(paths(configure('jitless' as never))).toEqual(['options'])
    const throwing = {
      get jitless(): never {
        throw new Error('no')
      }
    }
    expect(paths(configure(throwing))).toEqual(['options'])
    expect(configure()).toEqual({ _tag: 'Right', right: { jitless: false } })
  })
})
