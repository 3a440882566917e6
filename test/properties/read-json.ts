/**
 * The input path of the command line, as far as property 9 needs it: a JSON text is parsed and
 * decoded, and any failure is an InputError. The CLI is being written in parallel; when it is
 * merged, point `readJson` at the CLI's own reader so that property 9 covers the real path.
 */
import { left, type Either } from 'fp-ts/lib/Either.js'
import type { InputError } from '../../src/index.js'

export function readJson<A>(text: string, decode: (u: unknown) => Either<InputError, A>): Either<InputError, A> {
  let u: unknown
  try {
    u = JSON.parse(text)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    const message = `(input): is not valid JSON (${why})`
    return left({ _tag: 'InputError', message, issues: [{ path: '', expected: 'a JSON text', received: 'invalid JSON', message }] })
  }
  return decode(u)
}
