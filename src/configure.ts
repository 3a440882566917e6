/**
 * `configure`: the library's few process-wide settings.
 *
 * @since 0.2.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { isRecord } from './internal/codec.js'
import { isJitless, setJitless } from './internal/structCheck.js'
import { unreadable } from './internal/decode.js'
import { inputError, makeIssue, type InputError, type Issue } from './InputError.js'

/**
 * The library's process-wide settings.
 *
 * @category Configuration
 * @since 0.2.0
 */
export interface Configuration {
  /**
   * `true` keeps the codecs from generating code with `new Function` (as zod's `jitless` does):
   * for a page under a Content-Security-Policy without `'unsafe-eval'`, or any platform that
   * forbids code generation. The checks then loop over the fields: the same answers, somewhat
   * slower. Default `false`; where code generation is refused anyway the library notices and
   * loops, but it has tried once, which a strict Content-Security-Policy reports as a violation.
   */
  readonly jitless: boolean
}

const FIELDS: ReadonlySet<string> = new Set(['jitless'])

/**
 * Changes the settings named in `options` (the others keep their value) and returns the settings
 * now in force; `configure()` only reads them. A setting applies to every call made after it,
 * whenever the library was imported. Malformed options are an input error that changes nothing.
 *
 * @example
 * import { configure, decodeDevice } from 'suspended-device-rules'
 *
 * // under a strict Content-Security-Policy, before the first check:
 * const settings = configure({ jitless: true })
 * if (settings._tag === 'Right') console.log(settings.right) // { jitless: true }
 * const device = decodeDevice({
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2', status: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * })
 * console.log(device._tag) // Right
 * const bad = configure({ jitless: 'yes' } as never)
 * if (bad._tag === 'Left') console.log(bad.left.message) // options.jitless: expected true or false, got "yes"
 * configure({ jitless: false })
 *
 * @category Configuration
 * @since 0.2.0
 */
export function configure(options?: Partial<Configuration>): Either<InputError, Configuration> {
  try {
    if (options !== undefined) {
      const given: unknown = options
      if (!isRecord(given)) return left(inputError([makeIssue('options', 'an options object ({ jitless? })', given)]))
      const issues: Issue[] = []
      for (const k of Object.keys(given)) {
        if (!FIELDS.has(k)) issues.push(makeIssue(`options.${k}`, 'jitless', given[k], `is not a setting; expected only jitless`))
      }
      const jitless = given.jitless
      if (jitless !== undefined && typeof jitless !== 'boolean') issues.push(makeIssue('options.jitless', 'true or false', jitless))
      if (issues.length > 0) return left(inputError(issues))
      if (typeof jitless === 'boolean') setJitless(jitless)
    }
    return right({ jitless: isJitless() })
  } catch (e) {
    return left(unreadable('options', e))
  }
}
