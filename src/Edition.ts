/**
 * The two rule editions.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'
import { enumeration } from './internal/codec.js'

/**
 * `baseline`: the arrangements before the modification (PIA §2.1, §2.2). `SECMP0105`: the
 * modification (PIA §3, §3.2).
 *
 * @example
 * import { Edition } from 'suspended-device-rules'
 *
 * console.log(Edition.values) // [ 'baseline', 'SECMP0105' ]
 * console.log(Edition.is('SECMP0105'), Edition.is('secmp0105')) // true false
 *
 * @category Editions
 * @since 0.1.0
 */
export const Edition = enumeration(['baseline', 'SECMP0105'] as const)

/**
 * @category Editions
 * @since 0.1.0
 */
export type Edition = t.TypeOf<typeof Edition>

/**
 * The edition used when none is given.
 *
 * @example
 * import { DEFAULT_EDITION } from 'suspended-device-rules'
 *
 * console.log(DEFAULT_EDITION) // SECMP0105
 *
 * @category Editions
 * @since 0.1.0
 */
export const DEFAULT_EDITION: Edition = 'SECMP0105'

/**
 * Options every rule function takes.
 *
 * @category Editions
 * @since 0.1.0
 */
export interface RuleOptions {
  /** Which rule edition decides; default {@link DEFAULT_EDITION}. */
  readonly edition?: Edition
}
