/**
 * Authorisation rules A1-A8 (src/rules/authorisation.ts), one `describe` per rule, each edition
 * where the rule applies. Every test checks the deciding rule id as well as the outcome, so it
 * fails when its rule is removed or changed.
 */
import { describe, expect, it } from 'vitest'
import {
  authoriseRequest,
  authorisationRules,
  formatCitation,
  serviceRequestVariants,
  type Device,
  type Edition,
  type ServiceRequest
} from '../../src/index.js'
import { DCC_RECORD_SRVS } from '../model/smi.js'
import { commissionedEsme, deepFreeze, expectIssue, expectRuleRefusesMalformedDevices, leftOf, rightOf, suspendedEsme } from '../support.js'

const EDITIONS: readonly Edition[] = ['baseline', 'SECMP0105']

function decide(srv: string, commandVariant: number, device: Device, edition?: Edition) {
  const request = { serviceReferenceVariant: srv, commandVariant } as ServiceRequest
  return rightOf(authoriseRequest(request, device, edition === undefined ? undefined : { edition }))
}

const smets1Suspended: Device = { ...suspendedEsme, smetsGeneration: 'SMETS1' }

describe.each(EDITIONS)('in the %s edition', (edition) => {
  describe('A1 · DUIS: the Command Variant must fit the service request variant', () => {
    it.each([
      ['11.2', 4, 'a Non-Critical device SRV with a Critical CV'],
      ['11.3', 1, 'a Critical SRV with a Non-Critical CV'],
      ['11.1', 1, 'a Non-Device SRV with a device CV'],
      ['2.2', 8, 'a Non-Critical device SRV with the Non-Device CV']
    ])('rejects SR%s with CV %i (%s) with E12', (srv, cv) => {
      const d = decide(srv, cv, suspendedEsme, edition)
      expect(d).toMatchObject({ outcome: 'Rejected', responseCode: 'E12', rules: ['A1'], edition })
    })

    it('checks the Command Variant before the device status, so a Commissioned device gets E12 too', () => {
      expect(decide('11.2', 5, commissionedEsme, edition)).toMatchObject({ outcome: 'Rejected', responseCode: 'E12', rules: ['A1'] })
    })

    it("takes the allowed CVs from the request matrix's flags where the schema comment disagrees", () => {
      // 8.1.1 is Critical; its schema comment lists only CVs 4 and 5
      expect(decide('8.1.1', 7, suspendedEsme, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A3'] })
      // 7.14 is Non-Critical; its schema comment lists CVs 4-7
      expect(decide('7.14', 4, commissionedEsme, edition)).toMatchObject({ responseCode: 'E12', rules: ['A1'] })
      expect(decide('7.14', 1, commissionedEsme, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A2'] })
    })
  })

  describe('A2 · assumption: no status but Suspended restricts a service request', () => {
    it.each([
      'Pending',
      'Whitelisted',
      'InstalledNotCommissioned',
      'Commissioned',
      'Decommissioned',
      'Withdrawn',
      'Recovery',
      'Recovered'
    ] as const)('authorises a Non-Critical SR2.2 for a %s device', (status) => {
      expect(decide('2.2', 1, { ...commissionedEsme, status } as Device, edition)).toMatchObject({
        outcome: 'Authorised',
        rules: ['A2'],
        edition
      })
    })
  })

  describe('A3 · PIA §2.1: a Critical service request reaches a Suspended device', () => {
    it.each([
      ['11.3', 5],
      ['1.1.1', 4],
      ['7.12', 6]
    ])('authorises Critical SR%s (CV %i) for a Suspended device', (srv, cv) => {
      expect(decide(srv, cv, suspendedEsme, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A3'], edition })
    })
  })

  describe('A4 · PIA §2.1: SR11.1 and SR6.23 are excepted', () => {
    it('authorises SR11.1 Update Firmware (Non-Device, CV 8) for a Suspended device', () => {
      expect(decide('11.1', 8, suspendedEsme, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A4'] })
    })
    it.each([1, 2, 3])('authorises SR6.23 Update Security Credentials (CV %i) for a Suspended device', (cv) => {
      expect(decide('6.23', cv, suspendedEsme, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A4'] })
    })
  })

  describe('A5 · PIA §2.1: SR2.2 Top Up with CV 2 is excepted for SMETS1 devices', () => {
    it('authorises SR2.2 with CV 2 for a Suspended SMETS1 device', () => {
      expect(decide('2.2', 2, smets1Suspended, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A5'] })
    })
    it('refuses SR2.2 with CV 2 for a Suspended SMETS2 device with E5', () => {
      expect(decide('2.2', 2, suspendedEsme, edition)).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] })
    })
    it.each([1, 3])('refuses SR2.2 with CV %i for a Suspended SMETS1 device with E5', (cv) => {
      expect(decide('2.2', cv, smets1Suspended, edition)).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] })
    })
  })

  describe("A8 · assumption: a Non-Device request of DUIS sections 8 or 12 works on the DCC's own records", () => {
    it.each(DCC_RECORD_SRVS)('authorises SR%s (CV 8) for a Suspended device', (srv) => {
      const d = decide(srv, 8, suspendedEsme, edition)
      expect(d).toMatchObject({ outcome: 'Authorised', rules: ['A8'], edition })
      expect(d.reason).toContain('sends nothing to the device')
    })
    it('covers exactly the Non-Device variants of sections 8 and 12', () => {
      const covered = serviceRequestVariants.filter((v) => v.nonDevice && decide(v.srv, 8, suspendedEsme, edition).rules[0] === 'A8')
      expect(covered.map((v) => v.srv)).toEqual(DCC_RECORD_SRVS)
    })
    it('leaves a device SRV of section 8 to A7: SR8.5 and SR8.7.2 to a Suspended device get E5', () => {
      expect(decide('8.5', 1, suspendedEsme, edition)).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] })
      expect(decide('8.7.2', 1, suspendedEsme, edition)).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] })
    })
    it('comes after the Command Variant check: SR8.2 with CV 1 gets E12', () => {
      expect(decide('8.2', 1, suspendedEsme, edition)).toMatchObject({ outcome: 'Rejected', responseCode: 'E12', rules: ['A1'] })
    })
    it('is not needed for a device that is not Suspended: A2 decides SR8.3 for a Commissioned device', () => {
      expect(decide('8.3', 8, commissionedEsme, edition)).toMatchObject({ outcome: 'Authorised', rules: ['A2'] })
    })
  })

  describe('A7 · PIA §2.1: any other Non-Critical service request to a Suspended device gets E5', () => {
    it.each([
      ['4.1.1', 1],
      ['7.7', 3],
      ['5.1', 8],
      ['5.3', 8],
      ['11.4', 8]
    ])('refuses SR%s (CV %i) for a Suspended device with E5', (srv, cv) => {
      const d = decide(srv, cv, suspendedEsme, edition)
      expect(d).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'], edition })
      expect(d.reason).toContain('Invalid Device Status')
    })
  })
})

describe('A6 · PIA §3 Req 1: SR11.2 Read Firmware Version reaches a Suspended device under SECMP0105', () => {
  it.each([1, 2, 3])('authorises SR11.2 with CV %i for a Suspended device under SECMP0105', (cv) => {
    expect(decide('11.2', cv, suspendedEsme, 'SECMP0105')).toMatchObject({ outcome: 'Authorised', rules: ['A6'], edition: 'SECMP0105' })
  })
  it('uses SECMP0105 when no edition is given', () => {
    expect(decide('11.2', 1, suspendedEsme)).toMatchObject({ outcome: 'Authorised', rules: ['A6'], edition: 'SECMP0105' })
  })
  it('refuses SR11.2 for a Suspended device with E5 in the baseline edition (PIA §2.1)', () => {
    expect(decide('11.2', 1, suspendedEsme, 'baseline')).toMatchObject({
      outcome: 'Rejected',
      responseCode: 'E5',
      rules: ['A7'],
      edition: 'baseline'
    })
  })
  it('is part of SECMP0105 only', () => {
    const a6 = authorisationRules.find((r) => r.id === 'A6')
    expect(Object.keys(a6?.effect ?? {})).toEqual(['SECMP0105'])
    expect(a6?.citations.map(formatCitation)).toContain('PIA §3 Req 1')
  })
})

describe('authoriseRequest input errors', () => {
  it('refuses an unknown service request variant, naming request.serviceReferenceVariant', () => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '99.9', commandVariant: 1 } as never, suspendedEsme),
      'request.serviceReferenceVariant',
      '"99.9"'
    )
  })
  it('refuses a Command Variant outside 1-8, naming request.commandVariant', () => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 9 } as never, suspendedEsme),
      'request.commandVariant',
      'integer from 1 to 8'
    )
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1.5 } as never, suspendedEsme),
      'request.commandVariant'
    )
  })
  it("refuses a request whose deviceId is not the device's", () => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1, deviceId: '00-DB-12-34-56-78-90-FF' }, suspendedEsme),
      'request.deviceId',
      '00-DB-12-34-56-78-90-A0'
    )
  })
  it('accepts a request that names the device', () => {
    expect(
      rightOf(authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1, deviceId: suspendedEsme.deviceId }, suspendedEsme))
        .rules
    ).toEqual(['A6'])
  })
  it('refuses a Suspended device without statusBeforeSuspension', () => {
    const { statusBeforeSuspension: _, ...device } = suspendedEsme
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1 }, device as never),
      'device.statusBeforeSuspension',
      'is required'
    )
  })
  it('refuses a device that is not Suspended but has statusBeforeSuspension', () => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1 }, {
        ...commissionedEsme,
        statusBeforeSuspension: 'Pending'
      } as never),
      'device.statusBeforeSuspension',
      'must be absent'
    )
  })
  it('refuses statusBeforeSuspension "Suspended"', () => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1 }, {
        ...suspendedEsme,
        statusBeforeSuspension: 'Suspended'
      } as never),
      'device.statusBeforeSuspension',
      'cannot be "Suspended"'
    )
  })
  it.each(['IHD', 'CAD'])('refuses a Type 2 device (%s)', (deviceType) => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1 }, { ...suspendedEsme, deviceType } as never),
      'device.deviceType',
      'Type 2'
    )
  })
  it('refuses an unknown edition, naming options.edition', () => {
    expectIssue(
      authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1 }, suspendedEsme, { edition: 'SECMP105' as never }),
      'options.edition',
      '"baseline" | "SECMP0105"'
    )
  })
  it('lists every bad input at once', () => {
    const paths = leftOf(
      authoriseRequest(
        { serviceReferenceVariant: '11.2', commandVariant: 0 } as never,
        { ...suspendedEsme, smetsGeneration: 'SMETS3' } as never
      )
    ).issues.map((i) => i.path)
    expect(paths).toEqual(['request.commandVariant', 'device.smetsGeneration'])
  })
  it.each([null, undefined, 42, 'x', []])('returns an error rather than throwing for %j inputs', (bad) => {
    expect(leftOf(authoriseRequest(bad as never, bad as never)).issues.map((i) => i.path)).toEqual(['request', 'device'])
  })
  it('returns an error rather than throwing when reading an input throws', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom')
        },
        get: () => {
          throw new Error('boom')
        }
      }
    )
    expect(leftOf(authoriseRequest(hostile as never, suspendedEsme)).message).toBe(
      'request: could not be read (boom); expected a plain JSON value'
    )
  })
  it('reads each field of a Proxy once, and refuses it by what it answered', () => {
    const echo = new Proxy({}, { get: () => '11.2' })
    expect(leftOf(authoriseRequest(echo as never, suspendedEsme)).issues.map((i) => [i.path, i.received])).toEqual([
      ['request.commandVariant', '"11.2"'],
      ['request.deviceId', '"11.2"']
    ])
  })
})

describe('authoriseRequest purity', () => {
  it('changes neither the request nor the device', () => {
    const request = deepFreeze({ serviceReferenceVariant: '2.2', commandVariant: 1 } as const)
    const device = deepFreeze(structuredClone(suspendedEsme))
    rightOf(authoriseRequest(request, device))
    expect(device).toEqual(suspendedEsme)
  })
  it('returns the same frozen decision for the same rule and edition', () => {
    const a = authoriseRequest({ serviceReferenceVariant: '2.2', commandVariant: 1 }, suspendedEsme)
    const b = authoriseRequest({ serviceReferenceVariant: '4.1.1', commandVariant: 2 }, suspendedEsme)
    expect(a).toBe(b)
    expect(Object.isFrozen(rightOf(a))).toBe(true)
    expect(Object.isFrozen(rightOf(a).rules)).toBe(true)
  })
})

describe('every authorisation rule decides nothing on a malformed device: the whole device is checked', () => {
  const rows: ReadonlyArray<readonly [string, string, number, Device, Edition]> = [
    ['A1', '11.2', 4, suspendedEsme, 'SECMP0105'],
    ['A2', '2.2', 1, commissionedEsme, 'baseline'],
    ['A3', '11.3', 5, suspendedEsme, 'SECMP0105'],
    ['A4', '11.1', 8, suspendedEsme, 'baseline'],
    ['A5', '2.2', 2, smets1Suspended, 'SECMP0105'],
    ['A6', '11.2', 1, suspendedEsme, 'SECMP0105'],
    ['A8', '8.2', 8, suspendedEsme, 'baseline'],
    ['A7', '4.1.1', 1, suspendedEsme, 'baseline']
  ]
  it.each(rows)(
    '%s: SR%s with CV %i is refused as input for each malformed copy of the device it decides',
    (id, srv, cv, device, edition) => {
      const request = { serviceReferenceVariant: srv, commandVariant: cv } as ServiceRequest
      expectRuleRefusesMalformedDevices(id, device, (d) => authoriseRequest(request, d, { edition }))
    }
  )
  it('has a row for every rule of the table', () => {
    expect(rows.map(([id]) => id).sort()).toEqual(authorisationRules.map((r) => r.id).sort())
  })
})
