/**
 * Every input is read as it is at the call, checked in full, and read once (issue 11, items 1-3):
 * a CPL changed in place is answered by its new content; a device is never decided on unchecked;
 * getters, Proxies and inherited fields never give an empty error or a silent loss.
 */
import { describe, expect, it } from 'vitest'
import { runInNewContext } from 'node:vm'
import {
  applyCplRemoval,
  authoriseRequest,
  decodeDevice,
  decodeServiceRequest,
  prepareCpl,
  processResponse,
  removeFromCpl,
  suspendOnCplRemoval,
  type CplEntry,
  type Device
} from '../src/index.js'
import { commissionedEsme, expectIssue, leftOf, NEW_FW, OLD_FW, pathsOf, rightOf, suspendedEsme } from './support.js'

const entry = (firmwareVersion: string, status: CplEntry['status']): CplEntry => ({
  manufacturer: 'ACME',
  model: 'E-200',
  firmwareVersion,
  status
})
const without = (record: object, key: string): Record<string, unknown> => {
  const copy: Record<string, unknown> = { ...record }
  delete copy[key]
  return copy
}
const readNew = { serviceReferenceVariant: '11.2', firmwareVersion: NEW_FW } as const

describe('a CPL array changed in place between calls is answered by its new content', () => {
  it('no longer restores a device from firmware that an entry replaced in place (same length) took off the list', () => {
    const cpl: CplEntry[] = [entry(OLD_FW, 'Removed'), entry(NEW_FW, 'Current')]
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R2'])
    cpl[1] = entry(NEW_FW, 'Removed')
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R3'])
  })

  it('refuses a duplicate entry slipped in in place', () => {
    const cpl: CplEntry[] = [entry(OLD_FW, 'Removed'), entry(NEW_FW, 'Current')]
    rightOf(processResponse(readNew, suspendedEsme, cpl))
    cpl[0] = entry(NEW_FW, 'Current')
    expectIssue(processResponse(readNew, suspendedEsme, cpl), 'cpl[1]', 'duplicates entry 0')
  })

  it('refuses an invalid entry slipped in in place, naming it', () => {
    const cpl: CplEntry[] = [entry(OLD_FW, 'Removed'), entry(NEW_FW, 'Current')]
    rightOf(processResponse(readNew, suspendedEsme, cpl))
    cpl[0] = { ...entry(OLD_FW, 'Removed'), status: 'Withdrawn' as never }
    expectIssue(processResponse(readNew, suspendedEsme, cpl), 'cpl[0].status')
  })

  it('stops refusing once the array is put right in place', () => {
    const cpl: CplEntry[] = [entry(NEW_FW, 'Current'), entry(NEW_FW, 'Current')]
    expectIssue(processResponse(readNew, suspendedEsme, cpl), 'cpl[1]', 'duplicates entry 0')
    cpl[0] = entry(OLD_FW, 'Removed')
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R2'])
  })

  it('makes removeFromCpl mark the entry the array holds now', () => {
    const cpl: CplEntry[] = [entry(OLD_FW, 'Current'), entry(NEW_FW, 'Current')]
    rightOf(removeFromCpl({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: NEW_FW }, cpl))
    cpl.reverse()
    const next = rightOf(removeFromCpl({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: NEW_FW }, cpl))
    expect(next).toEqual([entry(NEW_FW, 'Removed'), entry(OLD_FW, 'Current')])
  })

  it('reads an entry replaced in place by applyCplRemoval and suspends by the new content', () => {
    const cpl: CplEntry[] = [entry(OLD_FW, 'Current')]
    const removal = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW }
    rightOf(applyCplRemoval(removal, commissionedEsme, cpl))
    cpl[0] = entry(OLD_FW, 'Removed')
    expectIssue(applyCplRemoval(removal, commissionedEsme, cpl), 'removal', 'holds it as "Removed"')
  })
})

describe('an immutable CPL is read in O(1)', () => {
  it('prepareCpl gives frozen copies of the entries, which later changes to the array do not reach', () => {
    const cpl: CplEntry[] = [entry(OLD_FW, 'Removed'), entry(NEW_FW, 'Current')]
    const prepared = rightOf(prepareCpl(cpl))
    cpl[1] = entry(NEW_FW, 'Removed')
    ;(cpl[0] as { status: string }).status = 'Current'
    expect(prepared.isCurrent('ACME', 'E-200', NEW_FW)).toBe(true)
    expect(prepared.isCurrent('ACME', 'E-200', OLD_FW)).toBe(false)
    expect(Object.isFrozen(prepared.entries) && prepared.entries.every((e) => Object.isFrozen(e))).toBe(true)
    expect(rightOf(processResponse(readNew, suspendedEsme, prepared)).rules).toEqual(['R2'])
    // the prepared entries are a CPL too
    expect(rightOf(processResponse(readNew, suspendedEsme, prepared.entries)).rules).toEqual(['R2'])
  })

  it('keeps a frozen array of frozen entries as it is', () => {
    const cpl = Object.freeze([Object.freeze(entry(OLD_FW, 'Removed')), Object.freeze(entry(NEW_FW, 'Current'))])
    expect(rightOf(prepareCpl(cpl)).entries).toBe(cpl)
  })

  it('reads a frozen array whose entries are not frozen afresh on every call', () => {
    const changing = entry(NEW_FW, 'Current')
    const cpl = Object.freeze([entry(OLD_FW, 'Removed'), changing])
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R2'])
    ;(changing as { status: string }).status = 'Removed'
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R3'])
  })

  it('reads a frozen entry whose status is a getter afresh on every call', () => {
    let status: CplEntry['status'] = 'Current'
    const changing = Object.freeze(
      Object.defineProperties(entry(NEW_FW, 'Current'), { status: { get: () => status, enumerable: true } })
    ) as CplEntry
    const cpl = Object.freeze([changing])
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R2'])
    status = 'Removed'
    expect(rightOf(processResponse(readNew, suspendedEsme, cpl)).rules).toEqual(['R3'])
  })

  it('returns a removal as a frozen, prepared CPL, leaving the one it was given as it was', () => {
    const cpl = [entry(OLD_FW, 'Current'), entry(NEW_FW, 'Current')]
    const next = rightOf(removeFromCpl({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW }, cpl))
    expect(next).toEqual([entry(OLD_FW, 'Removed'), entry(NEW_FW, 'Current')])
    expect(cpl).toEqual([entry(OLD_FW, 'Current'), entry(NEW_FW, 'Current')])
    expect(Object.isFrozen(next) && next.every((e) => Object.isFrozen(e))).toBe(true)
    expect(rightOf(prepareCpl(next)).entries).toBe(next)
  })
})

describe('authoriseRequest checks the whole device on every call', () => {
  const request = { serviceReferenceVariant: '4.1.1', commandVariant: 1 } as const
  it.each<[string, string, (d: Device) => unknown]>([
    ['a deviceId that is no EUI-64', 'device.deviceId', (d) => ({ ...d, deviceId: '00db1234567890a0' })],
    ['no deviceId', 'device.deviceId', (d) => without(d, 'deviceId')],
    ['a 9-character firmware version', 'device.firmwareVersion', (d) => ({ ...d, firmwareVersion: '0102AB000' })],
    ['no manufacturer', 'device.manufacturer', (d) => without(d, 'manufacturer')],
    ['model null', 'device.model', (d) => ({ ...d, model: null })],
    ['a malformed responsibleImportSupplier', 'device.responsibleImportSupplier', (d) => ({ ...d, responsibleImportSupplier: 'x' })],
    ['a malformed responsibleNetworkOperator', 'device.responsibleNetworkOperator', (d) => ({ ...d, responsibleNetworkOperator: '' })]
  ])('refuses a device with %s, naming %s', (_, path, breakIt) => {
    expect(pathsOf(authoriseRequest(request, breakIt(suspendedEsme) as never))).toEqual([path])
    expect(pathsOf(authoriseRequest(request, breakIt(commissionedEsme) as never))).toEqual([path])
  })

  it('skips the check of a frozen device decoded once, and decides as for any other', () => {
    const device = Object.freeze({ ...suspendedEsme })
    rightOf(decodeDevice(device))
    const frozenRequest = Object.freeze({ ...request })
    rightOf(decodeServiceRequest(frozenRequest))
    expect(authoriseRequest(frozenRequest, device)).toEqual(authoriseRequest(request, suspendedEsme))
  })

  it('never remembers a frozen device that is invalid, nor one whose field is a getter', () => {
    const invalid = Object.freeze({ ...suspendedEsme, model: '' })
    decodeDevice(invalid)
    expectIssue(authoriseRequest(request, invalid), 'device.model')
    let status = 'Suspended'
    const withGetter = Object.freeze(
      Object.defineProperty({ ...suspendedEsme }, 'status', { get: () => status, enumerable: true })
    ) as unknown as Device
    expect(rightOf(decodeDevice(withGetter))).toBe(withGetter)
    status = 'Bogus'
    expectIssue(authoriseRequest(request, withGetter), 'device.status')
  })
})

describe('objects that are not plain JSON', () => {
  const request = { serviceReferenceVariant: '4.1.1', commandVariant: 1 } as const

  /** A getter that gives `first` on the first read and `then` on every later one. */
  function changing<T>(record: object, field: string, first: T, then: T): never {
    let reads = 0
    return Object.defineProperty({ ...record }, field, { enumerable: true, get: () => (reads++ === 0 ? first : then) }) as never
  }

  it('decides on the value a getter gave when it was checked, not on a later read', () => {
    const device = changing(suspendedEsme, 'status', 'Suspended', 'Commissioned')
    expect(rightOf(authoriseRequest(request, device))).toMatchObject({ outcome: 'Rejected', rules: ['A7'] })
  })

  it('refuses, naming the field and the value it read, a getter that gives an invalid value and then a valid one', () => {
    const result = authoriseRequest(changing(request, 'commandVariant', 9, 1), suspendedEsme)
    expect(leftOf(result).message).toBe('request.commandVariant: expected an integer from 1 to 8 (a DUIS Command Variant), got 9')
    const response = processResponse(changing(readNew, 'firmwareVersion', '', NEW_FW), suspendedEsme, [entry(NEW_FW, 'Current')])
    expect(pathsOf(response)).toEqual(['response.firmwareVersion'])
    const removal = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW }
    expect(pathsOf(suspendOnCplRemoval(changing(removal, 'model', '', 'E-200'), commissionedEsme))).toEqual(['removal.model'])
  })

  it('gives a decoder an error that names the getter, never an empty one', () => {
    const result = decodeServiceRequest(changing(request, 'commandVariant', 9, 1))
    expect(leftOf(result).message).toBe(
      'request.commandVariant: is an accessor (a getter or setter), whose value can change between reads; expected a plain data property'
    )
  })

  it('says so when a Proxy gives a different answer each time it is read', () => {
    let reads = 0
    const shifting = new Proxy({ ...request }, { get: (t, k) => (k === 'commandVariant' && reads++ === 0 ? 9 : Reflect.get(t, k)) })
    const result = decodeServiceRequest(shifting)
    expect(leftOf(result).issues.length).toBeGreaterThan(0)
    expect(leftOf(result).message).toContain('changed while it was being read')
  })

  it('refuses a device that inherits its fields (Object.create), rather than losing them', () => {
    const inheriting = Object.create(suspendedEsme) as Device
    const result = processResponse(readNew, inheriting, [entry(NEW_FW, 'Current')])
    expect(pathsOf(result)).toContain('device')
    expectIssue(result, 'device', 'is not a plain object')
    expectIssue(result, 'device.status', 'is inherited')
    expectIssue(decodeDevice(inheriting), 'device', 'is not a plain object')
  })

  it('refuses a device whose prototype a parsed "__proto__" key set (Object.assign), rather than losing its fields', () => {
    const { deviceId, ...rest } = suspendedEsme
    const parsed = JSON.parse(JSON.stringify({ ['__proto__']: rest, deviceId })) as object
    const assigned = Object.assign({}, parsed) as Device
    expect(assigned.status).toBe('Suspended') // inherited, not own
    const result = processResponse(readNew, assigned, [entry(NEW_FW, 'Current')])
    expectIssue(result, 'device', 'is not a plain object')
    expectIssue(result, 'device.manufacturer', 'is inherited')
    expectIssue(authoriseRequest(request, assigned), 'device', 'is not a plain object')
  })

  it('refuses a class instance as a request', () => {
    class Request {
      readonly serviceReferenceVariant = '4.1.1'
      readonly commandVariant = 1
    }
    expectIssue(authoriseRequest(new Request() as never, suspendedEsme), 'request', 'is not a plain object')
  })

  it('accepts plain objects made in another realm and objects without a prototype', () => {
    const foreign = runInNewContext(`(${JSON.stringify(suspendedEsme)})`) as Device
    expect(Object.getPrototypeOf(foreign)).not.toBe(Object.prototype)
    expect(rightOf(authoriseRequest(request, foreign)).rules).toEqual(['A7'])
    const bare = Object.assign(Object.create(null) as object, suspendedEsme) as Device
    expect(rightOf(authoriseRequest(request, bare)).rules).toEqual(['A7'])
  })

  it('keeps the fields of a restored device that a getter held, read once', () => {
    const device = changing(suspendedEsme, 'note', 'first', 'second')
    const restored = rightOf(processResponse(readNew, device, [entry(NEW_FW, 'Current')])).device
    expect(restored).toMatchObject({ status: 'Commissioned', firmwareVersion: NEW_FW, note: 'first' })
  })
})
