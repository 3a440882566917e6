/**
 * The checks every rule function runs on its inputs before any rule sees them.
 *
 * @internal
 */
import type * as t from 'io-ts'
import { DEFAULT_EDITION, Edition } from '../Edition.js'
import { inputError, makeIssue, renderValue, type InputError, type Issue } from '../InputError.js'
import { isRecord } from './codec.js'
import { decodeWith } from './decode.js'

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

  /** The error, or `undefined` when no issue was added. */
  error(): InputError | undefined {
    // Stryker disable next-line ConditionalExpression: equivalent, error() is read only after an issue was added
    return this.list === undefined ? undefined : inputError(this.list)
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
