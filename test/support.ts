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

/**
 * Ways to break a device record, each with the path its error must name. Every rule row's tests
 * try them all: no rule decides on a device that was not checked whole.
 */
export const MALFORMED_DEVICES: ReadonlyArray<readonly [string, string, (d: Device) => unknown]> = [
  ['a deviceId that is no EUI-64', 'device.deviceId', (d) => ({ ...d, deviceId: '00db1234567890a0' })],
  ['no deviceId', 'device.deviceId', (d) => omit(d, 'deviceId')],
  ['a 9-character firmware version', 'device.firmwareVersion', (d) => ({ ...d, firmwareVersion: '0102AB000' })],
  ['no manufacturer', 'device.manufacturer', (d) => omit(d, 'manufacturer')],
  ['model null', 'device.model', (d) => ({ ...d, model: null })],
  ['a malformed responsibleImportSupplier', 'device.responsibleImportSupplier', (d) => ({ ...d, responsibleImportSupplier: 'x' })],
  ['a malformed responsibleNetworkOperator', 'device.responsibleNetworkOperator', (d) => ({ ...d, responsibleNetworkOperator: '' })],
  ['an unknown deviceType', 'device.deviceType', (d) => ({ ...d, deviceType: 'IHD' })],
  ['no smetsGeneration', 'device.smetsGeneration', (d) => omit(d, 'smetsGeneration')]
]

function omit(record: object, key: string): Record<string, unknown> {
  const copy: Record<string, unknown> = { ...record }
  delete copy[key]
  return copy
}

/** Expects `decide` to decide `device` by rule `id`, and to refuse every malformed copy of it, naming the field. */
export function expectRuleRefusesMalformedDevices<A extends { readonly rules: readonly string[] }>(
  id: string,
  device: Device,
  decide: (device: Device) => Either<InputError, A>
): void {
  expect(rightOf(decide(device)).rules).toEqual([id])
  for (const [what, path, breakIt] of MALFORMED_DEVICES) {
    const paths = leftOf(decide(breakIt(device) as Device)).issues.map((i) => i.path)
    expect(paths, `${id} with ${what}`).toEqual([path])
  }
}
