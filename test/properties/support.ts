/** Helpers shared by the property tests. */
import type { Either } from 'fp-ts/lib/Either.js'
import type { Alert, InputError } from '../../src/index.js'

/** The value inside a Right; throws (failing the property, with the error) on a Left. */
export function rightOf<A>(e: Either<InputError, A>): A {
  if (e._tag === 'Left') throw new Error(`expected a decision, got an input error: ${e.left.message}`)
  return e.right
}

/** Freezes a value and everything reachable from it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    for (const key of Reflect.ownKeys(value)) deepFreeze((value as Record<PropertyKey, unknown>)[key])
  }
  return value
}

/** A structurally equal copy that shares nothing with the original (keeps -0, unlike JSON). */
export function clone<T>(value: T): T {
  return structuredClone(value)
}

/** A copy of a record without the given keys. */
export function without(record: object, ...keys: string[]): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record }
  for (const k of keys) delete copy[k]
  return copy
}

/** The recipients of the alerts with this code, sorted. */
export function recipientsOf(alerts: readonly Alert[], code: Alert['code']): string[] {
  return alerts
    .filter((a) => a.code === code)
    .map((a) => a.recipient)
    .sort()
}

export const BOTH_ROLES = ['ResponsibleImportSupplier', 'ResponsibleNetworkOperator']
