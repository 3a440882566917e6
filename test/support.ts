/** Example records and small helpers shared by the example-based tests. */
import { expect } from 'vitest'
import type { Either } from 'fp-ts/lib/Either.js'
import type { CplEntry, Device, InputError } from '../src/index.js'

export const RIS = '90-B3-D5-1F-30-01-00-01'
export const RNO = '90-B3-D5-1F-30-01-00-02'

/** An ESME that was Commissioned and is Suspended because its firmware 0101AA00 was removed. */
export const suspendedEsme: Device = {
  deviceId: '00-DB-12-34-56-78-90-A0',
  deviceType: 'ESME',
  smetsGeneration: 'SMETS2',
  status: 'Suspended',
  statusBeforeSuspension: 'Commissioned',
  manufacturer: 'ACME',
  model: 'E-200',
  firmwareVersion: '0101AA00',
  responsibleImportSupplier: RIS,
  responsibleNetworkOperator: RNO
}

export const commissionedEsme: Device = {
  deviceId: '00-DB-12-34-56-78-90-A0',
  deviceType: 'ESME',
  smetsGeneration: 'SMETS2',
  status: 'Commissioned',
  manufacturer: 'ACME',
  model: 'E-200',
  firmwareVersion: '0101AA00',
  responsibleImportSupplier: RIS,
  responsibleNetworkOperator: RNO
}

export const suspendedGsme: Device = {
  deviceId: '00-DB-12-34-56-78-90-B1',
  deviceType: 'GSME',
  smetsGeneration: 'SMETS2',
  status: 'Suspended',
  statusBeforeSuspension: 'InstalledNotCommissioned',
  manufacturer: 'GASCO',
  model: 'G-100',
  firmwareVersion: '01000000',
  responsibleImportSupplier: RIS,
  responsibleNetworkOperator: RNO
}

export const NEW_FW = '0102AB00'
export const OLD_FW = '0101AA00'

/** The CPL after the old ESME firmware was removed and the new one made Current. */
export const cpl: readonly CplEntry[] = [
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW, status: 'Removed' },
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: NEW_FW, status: 'Current' },
  { manufacturer: 'ACME', model: 'E-300', firmwareVersion: '0200AA00', status: 'Current' },
  { manufacturer: 'GASCO', model: 'G-100', firmwareVersion: '01000000', status: 'Removed' },
  { manufacturer: 'GASCO', model: 'G-100', firmwareVersion: '01010000', status: 'Current' }
]

/** The value inside a Right; fails the test with the error when it is a Left. */
export function rightOf<A>(e: Either<InputError, A>): A {
  if (e._tag === 'Left') throw new Error(`expected a Right, got: ${e.left.message}`)
  return e.right
}

/** The error inside a Left; fails the test when it is a Right. */
export function leftOf<A>(e: Either<InputError, A>): InputError {
  if (e._tag === 'Right') throw new Error(`expected a Left, got: ${JSON.stringify(e.right)}`)
  return e.left
}

/** The paths an error names. */
export function pathsOf<A>(e: Either<InputError, A>): string[] {
  return leftOf(e).issues.map((i) => i.path)
}

/** Freezes a value and everything in it, so a mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v)
    Object.freeze(value)
  }
  return value
}

/** Expects `e` to be a Left with an issue at `path` whose message mentions `words`. */
export function expectIssue<A>(e: Either<InputError, A>, path: string, words?: string): void {
  const issue = leftOf(e).issues.find((i) => i.path === path)
  expect(issue, `an issue at ${path} in ${JSON.stringify(leftOf(e).issues.map((i) => i.message))}`).toBeDefined()
  expect(issue?.message.startsWith(`${path}: `)).toBe(true)
  if (words !== undefined) expect(issue?.message).toContain(words)
}
