/**
 * CPL-removal rules S1-S2 (src/rules/suspension.ts) and the CPL side of a removal.
 */
import { describe, expect, it } from 'vitest'
import {
  applyCplRemoval,
  removeFromCpl,
  suspendOnCplRemoval,
  type CplEntry,
  type Device,
  type DeviceStatus,
  type Edition,
  suspensionRules
} from '../../src/index.js'
import {
  commissionedEsme,
  deepFreeze,
  expectIssue,
  expectRuleRefusesMalformedDevices,
  leftOf,
  OLD_FW,
  rightOf,
  suspendedEsme
} from '../support.js'

const removal = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW }
const cpl: readonly CplEntry[] = [
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW, status: 'Current' },
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
]
const EDITIONS: readonly Edition[] = ['baseline', 'SECMP0105']

describe.each(EDITIONS)('in the %s edition', (edition) => {
  describe('S1 · PIA §2.1: a CPL removal suspends the devices running that firmware', () => {
    it.each(['Pending', 'Whitelisted', 'InstalledNotCommissioned', 'Commissioned', 'Recovery', 'Recovered'] as const)(
      'suspends a %s device and remembers its status',
      (status: DeviceStatus) => {
        const device = { ...commissionedEsme, status } as Device
        const result = rightOf(applyCplRemoval(removal, device, cpl, { edition }))
        expect(result).toMatchObject({
          rules: ['S1'],
          alerts: [],
          edition,
          device: { status: 'Suspended', statusBeforeSuspension: status }
        })
      }
    )
    it('marks the CPL entry Removed and leaves the others alone', () => {
      const result = rightOf(applyCplRemoval(removal, commissionedEsme, cpl, { edition }))
      expect(result.cpl).toEqual([{ ...cpl[0], status: 'Removed' }, cpl[1]])
    })
    it('keeps fields beyond the contract', () => {
      const device = { ...commissionedEsme, mpxn: '1234567890' } as Device
      expect(rightOf(applyCplRemoval(removal, device, cpl, { edition })).device).toMatchObject({ mpxn: '1234567890', status: 'Suspended' })
    })
  })

  describe('S2 · a CPL removal leaves every other device unchanged', () => {
    it.each(['Decommissioned', 'Withdrawn'] as const)('leaves a %s device running the removed firmware as it is', (status) => {
      const device = { ...commissionedEsme, status } as Device
      const result = rightOf(applyCplRemoval(removal, device, cpl, { edition }))
      expect(result.rules).toEqual(['S2'])
      expect(result.device).toBe(device)
    })
    it('leaves an already Suspended device with its first statusBeforeSuspension', () => {
      const result = rightOf(applyCplRemoval(removal, suspendedEsme, cpl, { edition }))
      expect(result.rules).toEqual(['S2'])
      expect(result.device).toBe(suspendedEsme)
    })
    it.each([
      ['another version', { firmwareVersion: '0102AB00' }],
      ['another model', { model: 'E-300' }],
      ['another manufacturer', { manufacturer: 'OTHER' }]
    ])('leaves a device running %s of the firmware as it is', (_, change) => {
      const device = { ...commissionedEsme, ...change } as Device
      const result = rightOf(applyCplRemoval(removal, device, cpl, { edition }))
      expect(result).toMatchObject({ rules: ['S2'], alerts: [] })
      expect(result.device).toBe(device)
    })
  })
})

describe('CPL removal input errors', () => {
  it('refuses to remove an entry the CPL holds as Removed', () => {
    const removed: readonly CplEntry[] = [{ ...cpl[0]!, status: 'Removed' }]
    expectIssue(applyCplRemoval(removal, commissionedEsme, removed), 'removal', '"Removed"')
  })
  it('refuses to remove an entry the CPL does not hold', () => {
    expectIssue(removeFromCpl({ ...removal, model: 'X-1' }, cpl), 'removal', 'holds no such entry')
  })
  it('refuses a removal with an unknown field', () => {
    expectIssue(suspendOnCplRemoval({ ...removal, status: 'Current' } as never, commissionedEsme), 'removal.status', 'is not a field')
  })
  it('reports a removal with a missing field once, not once per half of the work', () => {
    const issues = leftOf(applyCplRemoval({ manufacturer: 'ACME', model: 'E-200' } as never, commissionedEsme, cpl)).issues
    expect(issues.map((i) => i.path)).toEqual(['removal.firmwareVersion'])
  })
  it('refuses duplicate CPL entries', () => {
    expectIssue(applyCplRemoval(removal, commissionedEsme, [...cpl, cpl[0]!]), 'cpl[2]', 'duplicates entry 0')
  })
  it('changes neither the device nor the CPL', () => {
    const device = deepFreeze(structuredClone(commissionedEsme))
    const frozen = deepFreeze(structuredClone(cpl))
    const result = rightOf(applyCplRemoval(removal, device, frozen))
    expect(frozen).toEqual(cpl)
    expect(device).toEqual(commissionedEsme)
    expect(result.cpl).not.toBe(frozen)
  })
})

describe('S2 · PIA §2.1: says why a CPL removal left the device as it was', () => {
  it('names the reason: other firmware, already Suspended, or a status that is not suspended', () => {
    const reason = (device: Device) => rightOf(suspendOnCplRemoval(removal, device)).reason
    expect(reason({ ...commissionedEsme, firmwareVersion: '0102AB00' })).toBe('the device does not run the removed firmware')
    expect(reason({ ...suspendedEsme, firmwareVersion: OLD_FW })).toBe('the device is already Suspended')
    expect(reason({ ...commissionedEsme, status: 'Withdrawn' } as Device)).toBe('a Withdrawn device is not suspended by a CPL removal')
  })
})

describe('every CPL-removal rule decides nothing on a malformed device: the whole device is checked', () => {
  const rows: ReadonlyArray<readonly [string, Device]> = [
    ['S1', commissionedEsme],
    ['S2', suspendedEsme]
  ]
  it.each(rows)('%s is refused as input for each malformed copy of the device it decides, by both removal functions', (id, device) => {
    expectRuleRefusesMalformedDevices(id, device, (d) => applyCplRemoval(removal, d, cpl))
    expectRuleRefusesMalformedDevices(id, device, (d) => suspendOnCplRemoval(removal, d))
  })
  it('has a row for every rule of the table', () => {
    expect(rows.map(([id]) => id).sort()).toEqual(suspensionRules.map((r) => r.id).sort())
  })
})
