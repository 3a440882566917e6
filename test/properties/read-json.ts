/**
 * The input path of the command line, as far as property 9 needs it: the CLI's own `parseJson`
 * (src/cli/files.ts, which every command's JSON input goes through), then the library's decoder.
 * A text that is not JSON becomes an InputError carrying the CLI's message.
 */
import { left, type Either } from 'fp-ts/lib/Either.js'
import { parseJson } from '../../src/cli/files.js'
import type { InputError } from '../../src/index.js'

export function readJson<A>(text: string, decode: (u: unknown) => Either<InputError, A>): Either<InputError, A> {
  const parsed = parseJson(text, '(input)')
  if (!parsed.ok) {
    const message = parsed.messages.join('; ')
    return left({ _tag: 'InputError', message, issues: [{ path: '', expected: 'a JSON document', received: 'invalid JSON', message }] })
  }
  return decode(parsed.value)
}
