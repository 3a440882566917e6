/**
 * Input errors: what every function of this library returns, inside an fp-ts `Left`, when its
 * input is malformed or inconsistent. Never thrown.
 *
 * @since 0.1.0
 */
import type * as t from 'io-ts'

/**
 * One thing wrong with an input: where it is, what was expected there, and what was found.
 *
 * @example
 * import { decodeServiceRequest } from 'suspended-device-rules'
 *
 * const result = decodeServiceRequest({ serviceReferenceVariant: '11.2', commandVariant: 9 })
 * if (result._tag === 'Left') {
 *   const [issue] = result.left.issues
 *   console.log(issue?.path) // request.commandVariant
 *   console.log(issue?.message) // request.commandVariant: expected an integer from 1 to 8 (a DUIS Command Variant), got 9
 * }
 *
 * @category Input errors
 * @since 0.1.0
 */
export interface Issue {
  /** Path of the offending field, e.g. `device.statusBeforeSuspension` or `cpl[3].status`. */
  readonly path: string
  /** What was expected there, in words. */
  readonly expected: string
  /** A short rendering of what was found (`nothing` when the field is absent). */
  readonly received: string
  /** One readable sentence: `path: expected …, got …`. */
  readonly message: string
}

/**
 * The failure every function returns for bad input: at least one {@link Issue}.
 *
 * @category Input errors
 * @since 0.1.0
 */
export interface InputError {
  readonly _tag: 'InputError'
  /** All issue messages, joined by `; `. */
  readonly message: string
  readonly issues: readonly Issue[]
}

const MAX_RECEIVED = 80

/**
 * At most `max` characters of `s` (by default 80), ending in `…` where it was cut: how a value
 * supplied by the caller is quoted in a message, however long it is.
 *
 * @internal
 */
export function clip(s: string, max: number = MAX_RECEIVED): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s
}

/**
 * Renders a value for an error message: short, never throws (cycles, BigInt, getters that throw).
 *
 * @internal
 */
export function renderValue(u: unknown): string {
  if (u === undefined) return 'nothing'
  if (typeof u === 'bigint') return `${u}n`
  if (typeof u === 'function' || typeof u === 'symbol') return `a ${typeof u}`
  let s: string
  try {
    s = JSON.stringify(u) ?? String(u)
  } catch {
    s = Array.isArray(u) ? 'an array' : 'an object'
  }
  return clip(s)
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/
const INDEX = /^(0|[1-9][0-9]*)$/

/**
 * Joins a path segment to a path: `a` + `b` = `a.b`, `a` + `3` = `a[3]` (array index),
 * `a` + `x y` = `a["x y"]`. A key longer than 80 characters is cut to 80 (ending in `…`), so that
 * a path stays short whatever keys the input holds.
 *
 * @internal
 */
export function joinPath(path: string, key: string | number, isIndex = typeof key === 'number'): string {
  if (isIndex) return `${path}[${key}]`
  const k = clip(String(key))
  if (IDENTIFIER.test(k)) return path === '' ? k : `${path}.${k}`
  return `${path}[${JSON.stringify(k)}]`
}

/**
 * Makes one issue. `expected` is a description such as a codec's name; `message`, when given,
 * replaces the generic "expected …, got …" wording after the path.
 *
 * @internal
 */
export function makeIssue(path: string, expected: string, value: unknown, message?: string): Issue {
  const received = renderValue(value)
  const where = path === '' ? '(input)' : path
  const text = message ?? `expected ${expected}, got ${received}`
  return { path, expected, received, message: `${where}: ${text}` }
}

/**
 * Wraps issues into an {@link InputError}.
 *
 * @internal
 */
export function inputError(issues: readonly Issue[]): InputError {
  return { _tag: 'InputError', message: issues.map((i) => i.message).join('; '), issues }
}

/**
 * Turns io-ts validation errors into an {@link InputError} whose paths start at `root`.
 *
 * @internal
 */
export function fromValidationErrors(errors: t.Errors, root: string): InputError {
  const issues: Issue[] = []
  const seen = new Set<string>()
  for (const e of errors) {
    let path = root
    for (let i = 1; i < e.context.length; i++) {
      const entry = e.context[i] as t.ContextEntry
      const parent = e.context[i - 1] as t.ContextEntry
      const isIndex = INDEX.test(entry.key) && Array.isArray(parent.actual)
      path = joinPath(path, entry.key, isIndex)
    }
    const last = e.context[e.context.length - 1] as t.ContextEntry | undefined
    // Stryker disable next-line OptionalChaining,StringLiteral: equivalent, io-ts always gives a context of at least the root entry
    const expected = last?.type.name ?? 'a valid value'
    const issue = makeIssue(path, expected, e.value, e.message)
    if (!seen.has(issue.message)) {
      seen.add(issue.message)
      issues.push(issue)
    }
  }
  return inputError(issues)
}
