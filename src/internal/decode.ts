/**
 * Runs a codec on unknown input and returns the library's own error type. Never throws: a value
 * whose reading throws (a getter, a revoked proxy) comes back as an input error too, and an error
 * always holds at least one issue.
 *
 * Internal to the library, not part of its API. (Not tagged internal: a module comment is the
 * doc comment of the first import, which the declaration build would then strip.)
 */
import type * as t from 'io-ts'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { clip, fromValidationErrors, inputError, joinPath, makeIssue, type InputError } from '../InputError.js'
import { CHANGED, isPlainPrototype } from './codec.js'

export function decodeWith<A>(codec: t.Type<A, unknown, unknown>, root: string, u: unknown): Either<InputError, A> {
  try {
    const checked = checkedAs(codec)
    if (checked.has(u as object)) return right(u as A)
    // Stryker disable next-line StringLiteral: equivalent, the root entry's key is never part of a path
    const r = codec.validate(u, [{ key: '', type: codec, actual: u }])
    if (r._tag === 'Right') {
      remember(checked, u)
      return right(r.right)
    }
    const error = fromValidationErrors(r.left, root)
    // a validation that fails without saying why: the value read differently on each read
    return error.issues.length > 0 ? left(error) : left(inputError([makeIssue(root, 'a plain JSON value', u, CHANGED)]))
  } catch (e) {
    return left(unreadable(root, e, u))
  }
}

/**
 * The error for an input that threw while being read. When the input is an object, its own fields
 * are read one by one to name the first that throws (`device.status: could not be read (…)`).
 */
export function unreadable(path: string, e: unknown, u?: unknown): InputError {
  const why = clip(e instanceof Error ? e.message : String(e), 200)
  let where = path
  try {
    if (typeof u === 'object' && u !== null) {
      for (const k of Object.keys(u)) {
        try {
          void (u as Record<string, unknown>)[k]
        } catch {
          where = joinPath(path, k, Array.isArray(u))
          break
        }
      }
    }
  } catch {
    // the object cannot even list its keys: the error stays on the whole input
  }
  return inputError([makeIssue(where, 'a plain JSON value', undefined, `could not be read (${why}); expected a plain JSON value`)])
}

// ------------------------------------------------------------------ inputs checked once

const checkedByCodec = new WeakMap<object, WeakSet<object>>()

/**
 * The objects known to be valid values of `codec` and to stay so: frozen plain objects whose own
 * fields are all data properties, remembered when they were first checked. A frozen object's data
 * properties can never change again (not even through a Proxy: the language forbids it), so a
 * remembered object is valid for ever and is not checked again.
 */
export function checkedAs(codec: object): WeakSet<object> {
  let set = checkedByCodec.get(codec)
  if (set === undefined) checkedByCodec.set(codec, (set = new WeakSet()))
  return set
}

/**
 * Remembers `u`, which has just been found valid, when it can never change: frozen, a plain
 * object, and every own field a data property. (A frozen getter can still return other values.)
 */
export function remember(checked: WeakSet<object>, u: unknown): void {
  if (typeof u !== 'object' || u === null || Array.isArray(u) || !Object.isFrozen(u)) return
  if (!isPlainPrototype(Object.getPrototypeOf(u))) return
  for (const k of Reflect.ownKeys(u)) {
    const d = Object.getOwnPropertyDescriptor(u, k)
    // Stryker disable next-line ConditionalExpression: equivalent for the `d === undefined` half, an own key always has a descriptor
    if (d === undefined || !('value' in d)) return
  }
  checked.add(u)
}
