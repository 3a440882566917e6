/**
 * What the library says about bad input: how a found value is rendered, how a path is written, and
 * which issues each function reports, so that an error names the field and nothing else.
 */
import { describe, expect, it } from 'vitest'
import {
  applyCplRemoval,
  authoriseRequest,
  Cpl,
  decodeCpl,
  decodeDevice,
  decodeServiceResponse,
  processResponse,
  removeFromCpl,
  suspendOnCplRemoval,
  type Device,
  type ServiceRequest,
  type ServiceResponse
} from '../src/index.js'
import type { Either } from 'fp-ts/lib/Either.js'
import { joinPath, renderValue, type InputError } from '../src/InputError.js'
import { commissionedEsme, cpl, leftOf, OLD_FW, pathsOf, suspendedEsme, suspendedGsme } from './support.js'

const read: ServiceRequest = { serviceReferenceVariant: '11.2', commandVariant: 1 }
const removal = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW }
const entry = { ...removal, status: 'Current' as const }
const currentCpl = [entry]

describe('a found value in an error message', () => {
  it('is "nothing" when the field is absent', () => {
    expect(renderValue(undefined)).toBe('nothing')
  })
  it('shows a BigInt with its n suffix', () => {
    expect(renderValue(10n)).toBe('10n')
  })
  it('names a function or a symbol by its kind', () => {
    expect(renderValue(() => 1)).toBe('a function')
    expect(renderValue(Symbol('s'))).toBe('a symbol')
  })
  it('names a value that cannot be written as JSON by its kind', () => {
    const array: unknown[] = []
    array.push(array)
    const object: Record<string, unknown> = {}
    object.self = object
    expect(renderValue(array)).toBe('an array')
    expect(renderValue(object)).toBe('an object')
  })
  it('is kept whole up to 80 characters and cut to 79 and an ellipsis beyond', () => {
    const eighty = 'x'.repeat(78)
    expect(renderValue(eighty)).toBe(JSON.stringify(eighty))
    expect(renderValue(`${eighty}y`)).toBe(`${JSON.stringify(eighty).slice(0, 79)}…`)
  })
})

describe('a path in an error message', () => {
  it('joins a field name with a dot, an index with brackets and any other key as a quoted string', () => {
    expect(joinPath('device', 'status')).toBe('device.status')
    expect(joinPath('', 'status')).toBe('status')
    expect(joinPath('cpl', 3)).toBe('cpl[3]')
    expect(joinPath('device', 'x y')).toBe('device["x y"]')
  })
  it('writes a numeric key of an object, not an array, as a quoted string', () => {
    const result = decodeCpl([{ ...entry, 0: 'extra' }])
    expect(pathsOf(result)).toEqual(['cpl[0]["0"]'])
  })
})

describe('the device codec', () => {
  it('reports a bad statusBeforeSuspension as what it is, not as "Suspended"', () => {
    const { issues } = leftOf(decodeDevice({ ...suspendedEsme, statusBeforeSuspension: 'Bogus' }))
    expect(issues.map((i) => i.message)).toEqual([
      `device.statusBeforeSuspension: expected "Pending" | "Whitelisted" | "InstalledNotCommissioned" | "Commissioned" | "Decommissioned" | "Withdrawn" | "Recovery" | "Recovered", got "Bogus"`
    ])
  })
  it('explains a Type 2 device type only for IHD and CAD', () => {
    expect(leftOf(decodeDevice({ ...commissionedEsme, deviceType: 'IHD' })).message).toContain('Type 2 device (IHD)')
    expect(leftOf(decodeDevice({ ...commissionedEsme, deviceType: 'XYZ' })).message).not.toContain('Type 2')
  })
  it('reports one issue for a bad status, not also the statusBeforeSuspension it makes meaningless', () => {
    const result = decodeDevice({ ...suspendedEsme, status: 'Bogus' })
    expect(pathsOf(result)).toEqual(['device.status'])
  })
  it('reports one issue for a bad statusBeforeSuspension, not also the status invariant', () => {
    const result = decodeDevice({ ...commissionedEsme, statusBeforeSuspension: 'Bogus' })
    expect(pathsOf(result)).toEqual(['device.statusBeforeSuspension'])
  })
  it('reports a value that is not an object as the whole device', () => {
    expect(leftOf(decodeDevice(null)).message).toBe('device: expected a device record, got null')
  })
})

describe('the CPL codec', () => {
  it('does not accept the same entry twice', () => {
    const twice = [entry, entry]
    expect(Cpl.is(twice)).toBe(false)
    const [issue] = leftOf(processResponse({ serviceReferenceVariant: '11.2', firmwareVersion: OLD_FW }, commissionedEsme, twice)).issues
    expect(issue).toMatchObject({ path: 'cpl[1]', expected: 'each entry once' })
  })
})

describe('the service response codec', () => {
  it('names the service reference variants it takes when given another', () => {
    expect(leftOf(decodeServiceResponse({ serviceReferenceVariant: '11.4' })).message).toBe(
      'response.serviceReferenceVariant: expected "11.2" | "11.3", got "11.4"'
    )
  })
  it('does not read a number as the variant it spells', () => {
    expect(leftOf(decodeServiceResponse({ serviceReferenceVariant: 11.3 })).issues[0]).toMatchObject({
      path: 'response.serviceReferenceVariant',
      expected: '"11.2" | "11.3"'
    })
  })
})

describe('the options', () => {
  it('name an edition the library has: another is refused by every rule function, naming the field', () => {
    const options = { edition: 'SECMP0106' } as never
    const results: Array<Either<InputError, unknown>> = [
      authoriseRequest(read, commissionedEsme, options),
      processResponse({ serviceReferenceVariant: '11.2', firmwareVersion: OLD_FW }, commissionedEsme, cpl, options),
      suspendOnCplRemoval(removal, commissionedEsme, options),
      applyCplRemoval(removal, commissionedEsme, currentCpl, options)
    ]
    for (const result of results) expect(pathsOf(result)).toEqual(['options.edition'])
  })
  it('must be an object: anything else is refused, naming the options', () => {
    for (const options of [5, 'SECMP0105', true]) {
      const result = authoriseRequest(read, commissionedEsme, options as never)
      expect(leftOf(result).issues[0]).toMatchObject({ path: 'options', expected: 'an options object ({ edition? })' })
    }
  })
})

describe('each rule function reports the field that is wrong', () => {
  const badResponse = { serviceReferenceVariant: '11.2', firmwareVersion: 5 } as unknown as ServiceResponse
  const badDevice = { ...commissionedEsme, status: 'Bogus' } as unknown as Device
  it('processResponse names the response field', () => {
    expect(pathsOf(processResponse(badResponse, commissionedEsme, cpl))).toEqual(['response.firmwareVersion'])
  })
  it('processResponse shows the GPF respondent it refuses', () => {
    const gpfForEsme: ServiceResponse = { serviceReferenceVariant: '11.2', firmwareVersion: OLD_FW, respondent: 'GPF' }
    expect(leftOf(processResponse(gpfForEsme, commissionedEsme, cpl)).issues[0]).toMatchObject({
      path: 'response.respondent',
      received: '"GPF"'
    })
    expect(processResponse(gpfForEsme, suspendedGsme, cpl)._tag).toBe('Right')
  })
  it('suspendOnCplRemoval names the device field', () => {
    expect(pathsOf(suspendOnCplRemoval(removal, badDevice))).toEqual(['device.status'])
  })
  it('removeFromCpl names only the removal, since it takes no device', () => {
    const result = removeFromCpl({ ...removal, model: '' }, currentCpl)
    expect(pathsOf(result)).toEqual(['removal.model'])
  })
  it('removeFromCpl names the removal when the CPL does not hold it as Current', () => {
    const result = removeFromCpl({ ...removal, firmwareVersion: 'FFFF' }, currentCpl)
    expect(leftOf(result).issues[0]).toMatchObject({ path: 'removal', expected: 'an entry the CPL holds as "Current"' })
  })
})

describe('an input that throws while it is read', () => {
  const throwing = (): Record<string, unknown> => ({
    get serviceReferenceVariant(): never {
      throw new Error('boom')
    }
  })
  it('is reported, never thrown, by every rule function, at the path of the field that threw', () => {
    const results: Array<Either<InputError, unknown>> = [
      authoriseRequest(throwing() as never, commissionedEsme),
      processResponse(throwing() as never, commissionedEsme, cpl),
      suspendOnCplRemoval(removal, {
        ...commissionedEsme,
        get status(): never {
          throw new Error('boom')
        }
      } as never),
      removeFromCpl(
        {
          ...removal,
          get model(): never {
            throw new Error('boom')
          }
        } as never,
        currentCpl
      ),
      applyCplRemoval(
        {
          ...removal,
          get model(): never {
            throw new Error('boom')
          }
        } as never,
        commissionedEsme,
        currentCpl
      )
    ]
    expect(results.map((r) => leftOf(r).issues[0]?.message)).toEqual([
      'request.serviceReferenceVariant: could not be read (boom); expected a plain JSON value',
      'response.serviceReferenceVariant: could not be read (boom); expected a plain JSON value',
      'device.status: could not be read (boom); expected a plain JSON value',
      'removal.model: could not be read (boom); expected a plain JSON value',
      'removal.model: could not be read (boom); expected a plain JSON value'
    ])
  })
})
