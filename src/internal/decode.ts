/**
 * Runs a codec on unknown input and returns the library's own error type. Never throws: a value
 * whose reading throws (a getter, a revoked proxy) comes back as an input error too.
 *
 * @internal
 */
import type * as t from 'io-ts'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { clip, fromValidationErrors, inputError, makeIssue, type InputError } from '../InputError.js'

export function decodeWith<A>(codec: t.Type<A, unknown, unknown>, root: string, u: unknown): Either<InputError, A> {
  try {
    // Stryker disable next-line StringLiteral: equivalent, the root entry's key is never part of a path
    const r = codec.validate(u, [{ key: '', type: codec, actual: u }])
    return r._tag === 'Right' ? right(r.right) : left(fromValidationErrors(r.left, root))
  } catch (e) {
    return left(unreadable(root, e))
  }
}

/** The error for an input that threw while being read. */
export function unreadable(path: string, e: unknown): InputError {
  const why = clip(e instanceof Error ? e.message : String(e), 200)
  return inputError([makeIssue(path, 'a plain JSON value', undefined, `could not be read (${why}); expected a plain JSON value`)])
}
