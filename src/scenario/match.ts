/**
 * How the runner compares what happened with what a scenario expects: deep equality of JSON
 * values, device fields (`null` = absent) and the alert multiset.
 *
 * @internal
 */
import { isRecord } from '../internal/codec.js'
import { clip, renderValue } from '../InputError.js'
import type { ExpectedAlert, JsonObject } from './format.js'

const hasOwn = Object.prototype.hasOwnProperty

/**
 * Structural equality of JSON values (object key order does not matter). Iterative, with its own
 * stack of pairs still to compare: any nesting depth compares without overflowing the call stack.
 */
export function deepEqual(x: unknown, y: unknown): boolean {
  const pending: unknown[] = [x, y]
  while (pending.length > 0) {
    const b = pending.pop()
    const a = pending.pop()
    if (a === b) continue
    if (Array.isArray(a)) {
      if (!Array.isArray(b) || a.length !== b.length) return false
      for (let i = 0; i < a.length; i++) pending.push(a[i], b[i])
      continue
    }
    if (isRecord(a)) {
      if (!isRecord(b) || Array.isArray(b)) return false
      const ka = Object.keys(a).filter((k) => a[k] !== undefined)
      const kb = Object.keys(b).filter((k) => b[k] !== undefined)
      if (ka.length !== kb.length) return false
      for (const k of ka) {
        if (!hasOwn.call(b, k)) return false
        pending.push(a[k], b[k])
      }
      continue
    }
    return false
  }
  return true
}

/**
 * One way in which what happened differs from what was expected.
 *
 * @since 0.1.0
 */
export interface Mismatch {
  /** What was compared: `outcome`, `responseCode`, `device.status`, `device`, `alerts`, `error`. */
  readonly subject: string
  readonly expected: string
  readonly actual: string
}

const present = (o: unknown, k: string): boolean => isRecord(o) && hasOwn.call(o, k) && o[k] !== undefined

/** Checks the fields `expected` lists against `actual` (`null`: the field must be absent). */
export function fieldMismatches(prefix: string, expected: JsonObject, actual: unknown): Mismatch[] {
  const out: Mismatch[] = []
  for (const k of Object.keys(expected)) {
    const want = expected[k]
    const subject = `${prefix}.${k}`
    const has = present(actual, k)
    const got = has ? (actual as JsonObject)[k] : undefined
    if (want === null) {
      if (has) out.push({ subject, expected: 'absent', actual: renderValue(got) })
    } else if (!has) {
      out.push({ subject, expected: renderValue(want), actual: 'absent' })
    } else if (!deepEqual(want, got)) {
      out.push({ subject, expected: renderValue(want), actual: renderValue(got) })
    }
  }
  return out
}

/** True when `alert` has every field the pattern lists, with the same value (null: absent). */
export function alertMatches(pattern: ExpectedAlert, alert: unknown): boolean {
  return fieldMismatches('alert', pattern as JsonObject, alert).length === 0
}

/**
 * Matches the emitted alerts against the expected ones as multisets: each emitted alert must be
 * matched by exactly one expected alert and each expected alert must match exactly one emitted
 * alert (a maximum bipartite matching, so that the order of the patterns never matters).
 * Returns the unmatched of each side; both empty means the step's alerts are as expected.
 */
export function matchAlerts(
  expected: readonly ExpectedAlert[],
  emitted: readonly unknown[]
): { readonly unmatchedExpected: readonly ExpectedAlert[]; readonly unmatchedEmitted: readonly unknown[] } {
  const edges = expected.map((p) => emitted.map((a) => alertMatches(p, a)))
  /** matchOf[j] = the expected alert matched to emitted alert j. */
  const matchOf: Array<number | undefined> = emitted.map(() => undefined)
  const augment = (i: number, seen: boolean[]): boolean => {
    for (let j = 0; j < emitted.length; j++) {
      if (!(edges[i] as boolean[])[j] || seen[j]) continue
      seen[j] = true
      const other = matchOf[j]
      if (other === undefined || augment(other, seen)) {
        matchOf[j] = i
        return true
      }
    }
    return false
  }
  const matched = expected.map((_, i) =>
    augment(
      i,
      emitted.map(() => false)
    )
  )
  return {
    unmatchedExpected: expected.filter((_, i) => !matched[i]),
    unmatchedEmitted: emitted.filter((_, j) => matchOf[j] === undefined)
  }
}

/** A short rendering of an alert (or an expected one): `N29 to ResponsibleImportSupplier {…}`. */
export function renderAlert(a: unknown): string {
  if (!isRecord(a)) return renderValue(a)
  const head = [a.code, a.recipient === undefined ? undefined : `to ${String(a.recipient)}`]
    .filter((x) => x !== undefined && x !== null)
    .map((x) => clip(String(x)))
  const rest: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(a)) if (k !== 'code' && k !== 'recipient') rest[k] = v
  const tail = Object.keys(rest).length === 0 ? '' : ` ${clip(JSON.stringify(rest), 200)}`
  return `${head.length === 0 ? 'any alert' : head.join(' ')}${tail}`
}
