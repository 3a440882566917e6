/**
 * The input path of the command line, as far as property 9 needs it: the CLI's own `parseJson`
 * (src/cli/files.ts, which every command's JSON input goes through, as bytes: UTF-8 decoding,
 * duplicate keys and nesting depth included), then the library's decoder. A text the CLI refuses
 * becomes an InputError carrying the CLI's message.
 */
import { left, type Either } from 'fp-ts/lib/Either.js'
import { parseJson } from '../../src/cli/files.js'
import type { InputError } from '../../src/index.js'

export function readJson<A>(text: string | Uint8Array, decode: (u: unknown) => Either<InputError, A>): Either<InputError, A> {
  const parsed = parseJson(typeof text === 'string' ? new TextEncoder().encode(text) : text, '(input)')
  if (!parsed.ok) {
    // the CLI's message names the place as `(input):LINE:COLUMN: …` (then the line, with a caret):
    // an InputError's message starts with its path, here the whole input
    const message = `(input): ${parsed.messages.join('; ').replace(/^\(input\)(:\d+:\d+)?: /, '')}`
    return left({ _tag: 'InputError', message, issues: [{ path: '', expected: 'a JSON document', received: 'invalid JSON', message }] })
  }
  return decode(parsed.value)
}
