/**
 * The checks every rule function runs on its inputs before any rule sees them.
 *
 * Internal to the library, not part of its API. (Not tagged internal: a module comment is the
 * doc comment of the first import, which the declaration build would then strip.)
 */
import type * as t from 'io-ts'
import { DEFAULT_EDITION, Edition } from '../Edition.js'
import { inputError, makeIssue, renderValue, type InputError, type Issue } from '../InputError.js'
import { CHANGED, isPlainRecord, isRecord, type Codec } from './codec.js'
import { decodeWith, unreadable } from './decode.js'

/** The edition the options name, or `undefined` when the options are malformed. */
export function editionOf(options: unknown): Edition | undefined {
  if (options === undefined || options === null) return DEFAULT_EDITION
  if (!isRecord(options)) return undefined
  const e = options.edition
  if (e === undefined) return DEFAULT_EDITION
  return Edition.is(e) ? e : undefined
}

/** Collects issues across several inputs, allocating nothing until the first one. */
export class Issues {
  private list: Issue[] | undefined

  /** Adds the issues of `u` against `codec`, rooted at `root`. */
  codec(codec: t.Mixed, root: string, u: unknown): void {
    const r = decodeWith(codec, root, u)
    // Stryker disable next-line ConditionalExpression: equivalent, callers decode only inputs that failed their check
    if (r._tag === 'Left') this.add(r.left)
  }

  /** Adds the issues of an input that {@link checkInput} refused, from what it read. */
  input(codec: t.Mixed, root: string, read: Invalid): void {
    if (read.thrown === undefined) this.codec(codec, root, read.value)
    else this.add(unreadable(root, read.thrown.error, read.value))
  }

  /** Adds the issue of malformed `options`. */
  options(options: unknown): void {
    if (!isRecord(options)) this.push(makeIssue('options', 'an options object ({ edition? })', options))
    else this.push(makeIssue('options.edition', Edition.name, options.edition))
  }

  add(e: InputError): void {
    for (const i of e.issues) this.push(i)
  }

  push(i: Issue): void {
    ;(this.list ??= []).push(i)
  }

  /** True while no issue was added. */
  isEmpty(): boolean {
    return this.list === undefined
  }

  /**
   * The error. Never empty: were no issue added (an input that read differently on a second
   * read), it says so rather than nothing.
   */
  error(): InputError {
    return inputError(this.list ?? [makeIssue('(input)', 'a plain JSON value', undefined, CHANGED)])
  }
}

/** The issue of a request or response that names another device than the one given. */
export function deviceIdMismatch(path: string, named: unknown, deviceId: string): Issue {
  return makeIssue(
    path,
    JSON.stringify(deviceId),
    named,
    `names device ${renderValue(named)}, but the device given is ${JSON.stringify(deviceId)}; expected ${JSON.stringify(deviceId)} or no deviceId`
  )
}

/** What {@link checkInput} returns for an input that is not valid: what it read of it. */
export class Invalid {
  constructor(
    /** The snapshot that was read and refused (or the input itself, when it is no plain object). */
    readonly value: unknown,
    /** What reading it threw, if anything did. */
    readonly thrown?: { readonly error: unknown }
  ) {}
}

/**
 * Checks one input of a rule function and returns it as the rules are to read it, or an
 * {@link Invalid} holding what was read. A remembered input (frozen plain data that a decode
 * function checked before, see `remember`) is returned as it is, unchecked. Any other plain object is read once into a
 * snapshot of its own enumerable fields (`{ ...u }`), which is checked and returned: a getter or a
 * Proxy is read once, and the rules and the error see the values that were checked.
 */
export function checkInput<A>(codec: Codec<A>, checked: WeakSet<object>, u: unknown): A | Invalid {
  if (checked.has(u as object)) return u as A
  if (!isPlainRecord(u)) return new Invalid(u)
  let v: Readonly<Record<string, unknown>>
  try {
    v = { ...u }
  } catch (error) {
    return new Invalid(u, { error })
  }
  return codec.is(v) ? v : new Invalid(v)
}

const hasOwn = Object.prototype.hasOwnProperty

/**
 * A reader of the fields `keys` of a plain object into a new object of one fixed shape: each field
 * read once, in a literal (generated where the platform allows `new Function`, as the struct
 * checks are; otherwise a loop that assigns the same keys in the same order). A fixed shape keeps
 * the checks that follow monomorphic, where a spread copy takes the shape of each input.
 */
export function fieldReader(keys: readonly string[]): (u: Readonly<Record<string, unknown>>) => Record<string, unknown> {
  const loop = (u: Readonly<Record<string, unknown>>): Record<string, unknown> => {
    const v: Record<string, unknown> = {}
    for (const k of keys) v[k] = u[k]
    return v
  }
  // Stryker disable next-line ConditionalExpression,MethodExpression,Regex: equivalent, the loop reads the same fields
  if (!keys.every((k) => /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(k))) return loop
  try {
    // the source holds only the library's own field names (checked to be identifiers), never input
    // Stryker disable next-line StringLiteral,ArrowFunction: equivalent, generated code that does not compile falls back to the loop
    return new Function('u', `return { ${keys.map((k) => `${k}: u.${k}`).join(', ')} }`) as (
      u: Readonly<Record<string, unknown>>
    ) => Record<string, unknown>
    // Stryker disable next-line BlockStatement: Node allows new Function; the loop reads the same fields
  } catch {
    return loop
  }
}

/**
 * {@link checkInput} for a record whose contract fields are `keys`: they are read once into a
 * fixed-shape snapshot (see {@link fieldReader}), which is checked; when `exact`, the object may
 * hold no other own field. The snapshot holds only those fields (for rules that read nothing
 * else). A refused input is read again in full for the error, its contract fields taken from the
 * first read, so the error describes what was checked.
 */
export function checkFields<A>(
  codec: Codec<A>,
  checked: WeakSet<object>,
  u: unknown,
  read: (u: Readonly<Record<string, unknown>>) => Record<string, unknown>,
  keys: readonly string[],
  exact: boolean
): A | Invalid {
  if (checked.has(u as object)) return u as A
  if (!isPlainRecord(u)) return new Invalid(u)
  let v: Record<string, unknown>
  try {
    v = read(u)
  } catch (error) {
    return new Invalid(u, { error })
  }
  if (codec.is(v) && (!exact || onlyFields(u, keys))) return v as A
  let all: Record<string, unknown>
  try {
    all = { ...u }
  } catch (error) {
    return new Invalid(u, { error })
  }
  for (const k of keys) {
    if (v[k] === undefined) delete all[k]
    else all[k] = v[k]
  }
  return new Invalid(all)
}

/** True when every own enumerable field of `u` is one of `keys` (no field is read). */
function onlyFields(u: object, keys: readonly string[]): boolean {
  for (const k in u) if (!keys.includes(k) && hasOwn.call(u, k)) return false
  return true
}
