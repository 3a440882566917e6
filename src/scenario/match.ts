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
 * @category Running scenarios
 * @since 0.1.0
 */
export interface Mismatch {
  /** What was compared: `outcome`, `responseCode`, `device.status`, `device`, `alerts`, `error`. */
  readonly subject: string
  readonly expected: string
  readonly actual: string
  /**
   * The same, item by item, where there are several (the alerts, the problems of a refused
   * input): for a report that gives each its own line. @since 0.2.0
   */
  readonly items?: { readonly expected: readonly string[]; readonly actual: readonly string[] }
}

const present = (o: unknown, k: string): boolean => isRecord(o) && hasOwn.call(o, k) && o[k] !== undefined

/**
 * The optimal string alignment distance of `a` and `b` (edits, each an insertion, a deletion, a
 * substitution or a swap of two neighbours: `stauts` is one swap from `status`), or `max + 1`
 * once it is certain to exceed `max`.
 */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1
  let before: number[] = []
  let previous: number[] = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const current: number[] = [i]
    let best = i
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let d = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] as number) + 1)
      current.push(d)
      best = Math.min(best, d)
    }
    if (best > max) return max + 1
    before = previous
    previous = current
  }
  return previous[b.length] as number
}

/**
 * The field of `candidates` that `key` is most likely a misspelling of (at most two edits away,
 * and fewer than half its length), or `undefined`.
 */
export function didYouMean(key: string, candidates: Iterable<string>): string | undefined {
  const max = Math.min(2, Math.floor((key.length - 1) / 2))
  let best: string | undefined
  let bestDistance = max + 1
  for (const c of candidates) {
    if (c === key) return undefined
    const d = editDistance(key, c, max)
    if (d < bestDistance) {
      best = c
      bestDistance = d
    }
  }
  return best
}

/**
 * Checks the fields `expected` lists against `actual` (`null`: the field must be absent). A field
 * expected but absent, whose name is not in `known` and is close to one that is (or to a field of
 * `actual`), is reported with a "did you mean".
 */
export function fieldMismatches(prefix: string, expected: JsonObject, actual: unknown, known: readonly string[] = []): Mismatch[] {
  const out: Mismatch[] = []
  for (const k of Object.keys(expected)) {
    const want = expected[k]
    const subject = `${prefix}.${k}`
    const has = present(actual, k)
    const got = has ? (actual as JsonObject)[k] : undefined
    if (want === null) {
      if (has) out.push({ subject, expected: 'absent', actual: renderValue(got) })
    } else if (!has) {
      const names = new Set([...known, ...(isRecord(actual) ? Object.keys(actual) : [])])
      const near = names.has(k) ? undefined : didYouMean(k, names)
      out.push({ subject, expected: renderValue(want), actual: near === undefined ? 'absent' : `absent (did you mean ${prefix}.${near}?)` })
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
