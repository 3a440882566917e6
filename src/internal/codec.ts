/**
 * Building blocks for the library's io-ts codecs.
 *
 * Every codec here is a real `t.Type`, so it composes with any io-ts code, but each one has a
 * hand-written `is` that allocates nothing. `validate` runs `is` first and only walks the value
 * again, collecting every error with its context, when `is` says no. Valid input, the common
 * case on a DSP's hot path, therefore costs one pass and one `Right`.
 *
 * Internal to the library, not part of its API. (Not tagged internal: a module comment is the
 * doc comment of the first import, which the declaration build would then strip.)
 */
import * as t from 'io-ts'
import { getPrototypeOf, isPlainPrototype } from './plain.js'
import { allowsEval, generateIs, isJitless, loopIs, type FieldChecks } from './structCheck.js'

export { isPlainPrototype, isPlainRecord } from './plain.js'

/**
 * The type of the library's codecs: an io-ts `Type` whose decoded and encoded forms are the input
 * itself (no transformation), so `decode` returns the very object it was given.
 *
 * @category Codecs
 * @since 0.1.0
 */
export type Codec<A> = t.Type<A, A, unknown>

const hasOwn = Object.prototype.hasOwnProperty

/** True for a non-null, non-array object. */
export const isRecord = (u: unknown): u is Readonly<Record<string, unknown>> => typeof u === 'object' && u !== null && !Array.isArray(u)

const getOwnPropertyDescriptor = Object.getOwnPropertyDescriptor

/** The message of an issue about a record that is not a plain object. */
export const NOT_PLAIN =
  'is not a plain object: its prototype is neither Object.prototype nor null, so its inherited fields would be read but lost by every copy; expected a plain JSON object'

/** The message of an issue about a field that is an accessor (a getter or setter). */
export const ACCESSOR = 'is an accessor (a getter or setter), whose value can change between reads; expected a plain data property'

/** The message of an issue about an object whose fields read differently each time (a Proxy, say). */
export const CHANGED = 'changed while it was being read (its fields gave other values on a second read); expected a plain JSON value'

/** The message of an issue about a field that the record inherits rather than holds. */
export const INHERITED = 'is inherited from the prototype, not a field of the object itself; expected a plain data property'

/**
 * A codec for values that `is` alone can judge. `message` may give a more helpful sentence for
 * a particular bad value (it returns `undefined` to keep the generic "expected …" wording).
 */
export function primitive<A>(name: string, is: (u: unknown) => u is A, message?: (u: unknown) => string | undefined): Codec<A> {
  return new t.Type<A, A, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c, message?.(u))), t.identity)
}

/** A codec for one of a fixed set of strings; its name lists them as a TypeScript union reads. */
export function enumeration<const V extends readonly string[]>(
  values: V,
  message?: (u: unknown) => string | undefined
): Codec<V[number]> & { readonly values: V } {
  const set = new Set<unknown>(values)
  const codec = primitive(values.map((v) => JSON.stringify(v)).join(' | '), (u: unknown): u is V[number] => set.has(u), message)
  return Object.assign(codec, { values })
}

/** Counts the characters (code points) of a string, not its UTF-16 code units. */
export function codePointLength(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0xd800 && c <= 0xdbff) {
      // past the end, charCodeAt gives NaN, which is no low surrogate
      const d = s.charCodeAt(i + 1)
      if (d >= 0xdc00 && d <= 0xdfff) i++
    }
    n++
  }
  return n
}

/** A codec for strings of `min` to `max` characters. */
export function boundedString(min: number, max: number): Codec<string> {
  const name = max === Infinity ? `a string of at least ${min} character${min === 1 ? '' : 's'}` : `a string of ${min} to ${max} characters`
  return primitive(name, (u: unknown): u is string => {
    if (typeof u !== 'string') return false
    // code points never outnumber code units, and a code point takes at most two of them
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: equivalent, shortcuts before counting code points give the same answer
    if (u.length >= min && u.length <= max) return true
    // Stryker disable next-line ConditionalExpression,EqualityOperator,LogicalOperator: equivalent, shortcuts before counting code points give the same answer
    if (u.length < min || u.length > 2 * max) return false
    const n = codePointLength(u)
    return n >= min && n <= max
  })
}

type Props = Readonly<Record<string, t.Mixed>>

/** How a struct codec settles its check (see {@link struct}); other codecs have none. */
const SETTLE = Symbol('settle')

/** A codec's check, settled first when the codec is a struct (so a parent calls the final check directly). */
function settledIs(codec: t.Mixed): t.Is<unknown> {
  const settle = (codec as { readonly [SETTLE]?: () => t.Is<unknown> })[SETTLE]
  return settle === undefined ? codec.is : settle()
}

/** The TypeScript type of a struct with `R` required and `O` optional fields. */
export type StructOf<R extends Props, O extends Props> = {
  readonly [K in keyof R]: t.TypeOf<R[K]>
} & {
  readonly [K in keyof O]?: t.TypeOf<O[K]>
}

/** A struct codec with its field codecs, for callers that check single fields. */
export interface StructCodec<R extends Props, O extends Props, A = StructOf<R, O>> extends Codec<A> {
  readonly required: R
  readonly optional: O
  readonly exact: boolean
}

/**
 * An object with `required` and `optional` fields. An optional field that holds `undefined` counts
 * as absent. When `exact` is true, any other own field is an error ("unknown field"), so that a
 * misspelt optional field (`respondant`) is reported rather than silently ignored. `codegen: false`
 * forces the field loop instead of the generated check (for tests of the fallback); `configure({
 * jitless: true })` forces it for every struct.
 */
export function struct<R extends Props, O extends Props>(
  name: string,
  required: R,
  optional: O,
  exact: boolean,
  // Stryker disable next-line BooleanLiteral: equivalent, the loop and the generated check give the same answers
  codegen = true
): StructCodec<R, O> {
  const requiredKeys = Object.keys(required)
  const optionalKeys = Object.keys(optional)
  const known = new Set<string>([...requiredKeys, ...optionalKeys])
  const requiredCodecs = requiredKeys.map((k) => required[k] as t.Mixed)
  const optionalCodecs = optionalKeys.map((k) => optional[k] as t.Mixed)
  const knownList = [...known].join(', ')

  /**
   * The check is chosen at its first call, not when the codec is built (the library's codecs are
   * built when it is imported, before `configure` can be called): the generated check where the
   * platform allows code generation and the library is not jitless, else the loop. The chosen
   * function then replaces the codec's `is`, so later calls go straight to it; the field checks are
   * settled first and called as plain functions, from an array (no megamorphic `.is` lookup).
   */
  let settled: ((u: unknown) => u is StructOf<R, O>) | undefined
  const settle = (): ((u: unknown) => u is StructOf<R, O>) => {
    if (settled === undefined) {
      const checks: FieldChecks = {
        requiredKeys,
        requiredIs: requiredCodecs.map(settledIs),
        optionalKeys,
        optionalIs: optionalCodecs.map(settledIs),
        known: exact ? known : undefined
      }
      settled = (codegen && !isJitless() && allowsEval() ? generateIs<StructOf<R, O>>(checks) : undefined) ?? loopIs<StructOf<R, O>>(checks)
      ;(codec as { is: t.Is<StructOf<R, O>> }).is = settled
    }
    return settled
  }

  const report = (u: unknown, c: t.Context): t.Validation<StructOf<R, O>> => {
    if (!isRecord(u)) return t.failure(u, c)
    const errors: t.ValidationError[] = []
    if (!isPlainPrototype(getPrototypeOf(u))) errors.push({ value: u, context: c, message: NOT_PLAIN })
    const problem = (k: string, codec: t.Mixed, message: string): void => {
      errors.push({ value: undefined, context: t.appendContext(c, k, codec, undefined), message })
    }
    // each field is read once, through its descriptor: an accessor or an inherited field is named as such, not read
    const field = (k: string, codec: t.Mixed, required: boolean): void => {
      const d = getOwnPropertyDescriptor(u, k)
      if (d === undefined) {
        if (k in u) problem(k, codec, INHERITED)
        else if (required) problem(k, codec, `is required (expected ${codec.name})`)
      } else if (!('value' in d)) problem(k, codec, ACCESSOR)
      else if (d.value !== undefined) {
        const r = codec.validate(d.value, t.appendContext(c, k, codec, d.value))
        if (r._tag === 'Left') errors.push(...r.left)
      } else if (required) problem(k, codec, `is required (expected ${codec.name})`)
    }
    for (let i = 0; i < requiredKeys.length; i++) field(requiredKeys[i] as string, requiredCodecs[i] as t.Mixed, true)
    for (let i = 0; i < optionalKeys.length; i++) field(optionalKeys[i] as string, optionalCodecs[i] as t.Mixed, false)
    if (exact) {
      for (const k of Object.keys(u)) {
        if (!known.has(k)) {
          const d = getOwnPropertyDescriptor(u, k)
          const v: unknown = d !== undefined && 'value' in d ? d.value : undefined
          errors.push({
            value: v,
            context: t.appendContext(c, k, t.never, v),
            message: `is not a field of ${name}; expected only ${knownList}`
          })
        }
      }
    }
    // is() said no, yet every field read now is valid: the object changed between the two reads (a Proxy)
    return errors.length > 0 ? t.failures(errors) : t.failure(u, c, CHANGED)
  }

  const codec: t.Type<StructOf<R, O>, StructOf<R, O>, unknown> = new t.Type<StructOf<R, O>, StructOf<R, O>, unknown>(
    name,
    (u): u is StructOf<R, O> => settle()(u),
    (u, c): t.Validation<StructOf<R, O>> => (codec.is(u) ? t.success(u) : report(u, c)),
    t.identity
  )
  return Object.assign(codec, { required, optional, exact, [SETTLE]: settle })
}

/**
 * A union of object codecs told apart by the value of one field (`key`). `is` tries each member;
 * `validate` picks the member the field names, so errors speak of the one shape that was meant,
 * and reports the field itself when it names none.
 */
export function discriminated<M extends Readonly<Record<string, t.Mixed>>>(
  name: string,
  key: string,
  members: M
): Codec<t.TypeOf<M[keyof M]>> {
  type A = t.TypeOf<M[keyof M]>
  const codecs: readonly t.Mixed[] = Object.values(members)
  const tag = enumeration(Object.keys(members))
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => codecs.some((codec) => codec.is(u)),
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c)
      // the tag is read once, through its descriptor, like every field of a struct's report
      const d = getOwnPropertyDescriptor(u, key)
      if (d !== undefined && !('value' in d)) return t.failure(undefined, t.appendContext(c, key, tag, undefined), ACCESSOR)
      if (d === undefined && key in u) return t.failure(undefined, t.appendContext(c, key, tag, undefined), INHERITED)
      const value: unknown = d?.value
      const member = typeof value === 'string' && hasOwn.call(members, value) ? members[value] : undefined
      if (member !== undefined) return member.validate(u, c) as t.Validation<A>
      const message = value === undefined ? `is required (expected ${tag.name})` : undefined
      return t.failure(value, t.appendContext(c, key, tag, value), message)
    },
    t.identity
  )
}
