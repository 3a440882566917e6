/**
 * Response-processing rules R1-R7 (src/rules/response.ts), one `describe` per rule, each edition
 * where the rule applies. Every test checks the deciding rule id as well as the effect.
 */
import { describe, expect, it } from 'vitest'
import {
  processResponse,
  prepareCpl,
  responseRules,
  type ActivateImageResponseCode,
  type Device,
  type Edition,
  type ServiceResponse
} from '../../src/index.js'
import {
  commissionedEsme,
  cpl,
  deepFreeze,
  expectIssue,
  expectRuleRefusesMalformedDevices,
  leftOf,
  NEW_FW,
  OLD_FW,
  RIS,
  RNO,
  rightOf,
  suspendedEsme,
  suspendedGsme
} from '../support.js'

const EDITIONS: readonly Edition[] = ['baseline', 'SECMP0105']
const CODES: readonly ActivateImageResponseCode[] = ['success', 'noImageHeld', 'hashMismatch', 'activationFailure']

function run(response: ServiceResponse, device: Device, edition?: Edition) {
  return rightOf(processResponse(response, device, cpl, edition === undefined ? undefined : { edition }))
}

const read = (firmwareVersion: string, respondent?: 'Device' | 'GPF'): ServiceResponse =>
  respondent === undefined
    ? { serviceReferenceVariant: '11.2', firmwareVersion }
    : { serviceReferenceVariant: '11.2', firmwareVersion, respondent }
const activate = (firmwareVersion?: string, code?: ActivateImageResponseCode): ServiceResponse => ({
  serviceReferenceVariant: '11.3',
  ...(firmwareVersion === undefined ? {} : { firmwareVersion }),
  ...(code === undefined ? {} : { activateImageResponseCode: code })
})

const restored = { ...suspendedEsme, status: 'Commissioned', firmwareVersion: NEW_FW } as Record<string, unknown>
delete restored.statusBeforeSuspension

const n29 = [
  { code: 'N29', recipient: 'ResponsibleImportSupplier', recipientUserId: RIS, deviceId: suspendedEsme.deviceId },
  { code: 'N29', recipient: 'ResponsibleNetworkOperator', recipientUserId: RNO, deviceId: suspendedEsme.deviceId }
]

describe.each(EDITIONS)('in the %s edition', (edition) => {
  describe("R1 · PIA §3.2: a GPF's SR11.2 answer never restores the GSME", () => {
    it('keeps a Suspended GSME Suspended even when the GPF reports Current firmware, and sends N52 to RIS and RNO', () => {
      const result = run(read('01010000', 'GPF'), suspendedGsme, edition)
      expect(result.rules).toEqual(['R1'])
      expect(result.device).toBe(suspendedGsme)
      expect(result.alerts).toEqual([
        {
          code: 'N52',
          recipient: 'ResponsibleImportSupplier',
          recipientUserId: RIS,
          deviceId: suspendedGsme.deviceId,
          deviceType: 'GSME',
          firmwareVersionSmi: '01000000',
          firmwareVersionDevice: '01010000'
        },
        {
          code: 'N52',
          recipient: 'ResponsibleNetworkOperator',
          recipientUserId: RNO,
          deviceId: suspendedGsme.deviceId,
          deviceType: 'GSME',
          firmwareVersionSmi: '01000000',
          firmwareVersionDevice: '01010000'
        }
      ])
    })
    it("sends no alert when the GPF's copy matches the SMI's version", () => {
      const result = run(read('01000000', 'GPF'), suspendedGsme, edition)
      expect(result).toMatchObject({ rules: ['R1'], alerts: [] })
      expect(result.device).toBe(suspendedGsme)
    })
    it('sends N52 without recipientUserId when the GSME names no RIS or RNO', () => {
      const { responsibleImportSupplier: _a, responsibleNetworkOperator: _b, ...anonymous } = suspendedGsme
      const result = run(read('0F000000', 'GPF'), anonymous as Device, edition)
      expect(result.alerts.map((a) => [a.recipient, 'recipientUserId' in a])).toEqual([
        ['ResponsibleImportSupplier', false],
        ['ResponsibleNetworkOperator', false]
      ])
    })
    it('never changes a Commissioned GSME either', () => {
      const gsme: Device = { ...commissionedEsme, deviceType: 'GSME' }
      const result = run(read(NEW_FW, 'GPF'), gsme, edition)
      expect(result.device).toBe(gsme)
      expect(result.alerts.map((a) => a.code)).toEqual(['N52', 'N52'])
    })
  })

  describe('R3 · PIA §3.2: any other SR11.2 response changes nothing', () => {
    it('leaves a Commissioned device as it is, even with another Current version', () => {
      const result = run(read(NEW_FW), commissionedEsme, edition)
      expect(result).toMatchObject({ rules: ['R3'], alerts: [] })
      expect(result.device).toBe(commissionedEsme)
    })
    it('leaves a Suspended device Suspended when the version is not Current', () => {
      const result = run(read(OLD_FW), suspendedEsme, edition)
      expect(result).toMatchObject({ rules: ['R3'], alerts: [] })
      expect(result.device).toBe(suspendedEsme)
    })
    it('leaves a Suspended device Suspended when the CPL does not know the version at all', () => {
      expect(run(read('0999FF00'), suspendedEsme, edition)).toMatchObject({ rules: ['R3'], device: suspendedEsme })
    })
    it("judges currency by the device's own manufacturer and model", () => {
      // 0200AA00 is Current, but for the E-300, not the E-200
      expect(run(read('0200AA00'), suspendedEsme, edition)).toMatchObject({ rules: ['R3'], device: suspendedEsme })
    })
  })

  describe('R5 · PIA §3.2: SR11.3 with Current firmware updates a device that is not Suspended', () => {
    it('updates firmwareVersion and keeps the status on success', () => {
      const result = run(activate(NEW_FW, 'success'), commissionedEsme, edition)
      expect(result).toMatchObject({ rules: ['R5'], alerts: [], device: { ...commissionedEsme, firmwareVersion: NEW_FW } })
    })
    it('returns the same device when the version is already the SMI one', () => {
      const current: Device = { ...commissionedEsme, firmwareVersion: NEW_FW }
      expect(run(activate(NEW_FW, 'success'), current, edition).device).toBe(current)
    })
  })

  describe('R6 · PIA §3.2: SR11.3 without a firmware version changes nothing', () => {
    it.each([undefined, ...CODES])('leaves a Suspended device Suspended (activateImageResponseCode %s)', (code) => {
      const result = run(activate(undefined, code), suspendedEsme, edition)
      expect(result).toMatchObject({ rules: ['R6'], alerts: [] })
      expect(result.device).toBe(suspendedEsme)
    })
    it('leaves a Commissioned device as it is (future-dated acceptance)', () => {
      expect(run(activate(), commissionedEsme, edition)).toMatchObject({ rules: ['R6'], device: commissionedEsme })
    })
  })

  describe('R7 · PIA §3.2: SR11.3 whose firmware is not Current changes nothing', () => {
    it.each([OLD_FW, '0999FF00'])('leaves a Suspended device Suspended when it reports %s, even with success', (version) => {
      const result = run(activate(version, 'success'), suspendedEsme, edition)
      expect(result).toMatchObject({ rules: ['R7'], alerts: [] })
      expect(result.device).toBe(suspendedEsme)
    })
    it('does not update a Commissioned device to firmware that is not Current', () => {
      expect(run(activate('0999FF00', 'success'), commissionedEsme, edition)).toMatchObject({ rules: ['R7'], device: commissionedEsme })
    })
  })

  describe('R4 · PIA §3 Req 2: SR11.3 with success and Current firmware restores a Suspended device', () => {
    it('restores a suspended ESME to Commissioned with the new firmware, and sends N29 to RIS and RNO', () => {
      const result = run(activate(NEW_FW, 'success'), suspendedEsme, edition)
      expect(result.rules).toEqual(['R4'])
      expect(result.device).toEqual(restored)
      expect(result.alerts).toEqual(n29)
    })
  })
})

describe('R2 · PIA §3 Req 1, §3.2: an SR11.2 response with Current firmware restores a Suspended device', () => {
  it('restores a suspended ESME to Commissioned with the reported firmware under SECMP0105', () => {
    const result = run(read(NEW_FW), suspendedEsme, 'SECMP0105')
    expect(result.rules).toEqual(['R2'])
    expect(result.device).toEqual(restored)
    expect(result.device).not.toHaveProperty('statusBeforeSuspension')
    expect(result.alerts).toEqual(n29)
  })
  it('restores to whatever status the device held before, e.g. InstalledNotCommissioned', () => {
    const gsme = { ...suspendedGsme, deviceType: 'GSME' } as Device
    const result = run(read('01010000', 'Device'), gsme, 'SECMP0105')
    expect(result).toMatchObject({ rules: ['R2'], device: { status: 'InstalledNotCommissioned', firmwareVersion: '01010000' } })
  })
  it('leaves the device Suspended in the baseline edition (the stuck device of PIA §2.2), decided by R3', () => {
    const result = run(read(NEW_FW), suspendedEsme, 'baseline')
    expect(result).toMatchObject({ rules: ['R3'], alerts: [], edition: 'baseline' })
    expect(result.device).toBe(suspendedEsme)
  })
  it('sends N29 without recipientUserId when the device names no RIS or RNO', () => {
    const { responsibleImportSupplier: _a, responsibleNetworkOperator: _b, ...anonymous } = suspendedEsme
    expect(run(read(NEW_FW), anonymous as Device).alerts).toEqual([
      { code: 'N29', recipient: 'ResponsibleImportSupplier', deviceId: suspendedEsme.deviceId },
      { code: 'N29', recipient: 'ResponsibleNetworkOperator', deviceId: suspendedEsme.deviceId }
    ])
  })
  it('is part of SECMP0105 only', () => {
    expect(Object.keys(responseRules.find((r) => r.id === 'R2')?.effect ?? {})).toEqual(['SECMP0105'])
  })
})

describe('R4 · PIA §3.2: SECMP0105 ignores activateImageResponseCode', () => {
  it.each([undefined, 'noImageHeld', 'hashMismatch', 'activationFailure'] as const)(
    'restores a Suspended device reporting Current firmware with activateImageResponseCode %s under SECMP0105',
    (code) => {
      const result = run(activate(NEW_FW, code), suspendedEsme, 'SECMP0105')
      expect(result).toMatchObject({ rules: ['R4'], device: restored, alerts: n29 })
    }
  )
  it.each([undefined, 'noImageHeld', 'hashMismatch', 'activationFailure'] as const)(
    'leaves a Suspended device Suspended with activateImageResponseCode %s in the baseline edition',
    (code) => {
      const result = run(activate(NEW_FW, code), suspendedEsme, 'baseline')
      expect(result).toMatchObject({ rules: ['R4'], alerts: [] })
      expect(result.device).toBe(suspendedEsme)
    }
  )
})

describe('R5 · PIA §3.2: the baseline edition updates the firmware only on success', () => {
  it('updates a Commissioned device whatever the code under SECMP0105', () => {
    expect(run(activate(NEW_FW, 'hashMismatch'), commissionedEsme, 'SECMP0105')).toMatchObject({
      rules: ['R5'],
      device: { firmwareVersion: NEW_FW, status: 'Commissioned' }
    })
  })
  it('leaves a Commissioned device as it is on a failed activation in the baseline edition', () => {
    const result = run(activate(NEW_FW, 'activationFailure'), commissionedEsme, 'baseline')
    expect(result.rules).toEqual(['R5'])
    expect(result.device).toBe(commissionedEsme)
  })
})

describe('processResponse keeps what it does not own', () => {
  it('keeps fields beyond the contract in a restored device', () => {
    const device = { ...suspendedEsme, mpxn: '1234567890', installedAt: { site: 7 } } as Device
    const result = run(read(NEW_FW), device)
    expect(result.device).toMatchObject({ mpxn: '1234567890', installedAt: { site: 7 }, status: 'Commissioned' })
  })
  it('keeps an own __proto__ field from JSON as plain data in a restored device', () => {
    const device = JSON.parse(`{"__proto__": {"x": 1}, ${JSON.stringify(suspendedEsme).slice(1)}`) as Device
    const result = run(read(NEW_FW), device)
    expect(Object.getPrototypeOf(result.device)).toBe(Object.prototype)
    expect(Object.getOwnPropertyDescriptor(result.device, '__proto__')?.value).toEqual({ x: 1 })
    expect(Object.keys(result.device)).toEqual(Object.keys(device).filter((k) => k !== 'statusBeforeSuspension'))
  })
  it('keeps fields beyond the contract in an updated device', () => {
    const device = { ...commissionedEsme, mpxn: '1234567890' } as Device
    expect(run(activate(NEW_FW), device).device).toMatchObject({ mpxn: '1234567890', firmwareVersion: NEW_FW })
  })
  it('changes neither the response, the device nor the CPL', () => {
    const response = deepFreeze(read(NEW_FW))
    const device = deepFreeze(structuredClone(suspendedEsme))
    const frozenCpl = deepFreeze(structuredClone(cpl))
    rightOf(processResponse(response, device, frozenCpl))
    expect(device).toEqual(suspendedEsme)
    expect(frozenCpl).toEqual(cpl)
  })
  it('accepts a prepared CPL as well as the JSON array', () => {
    const prepared = rightOf(prepareCpl(cpl))
    expect(rightOf(processResponse(read(NEW_FW), suspendedEsme, prepared))).toEqual(run(read(NEW_FW), suspendedEsme))
  })
  it('sees an entry appended to the same CPL array', () => {
    const growing = [...cpl]
    expect(rightOf(processResponse(read('0300AA00'), suspendedEsme, growing)).rules).toEqual(['R3'])
    growing.push({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0300AA00', status: 'Current' })
    expect(rightOf(processResponse(read('0300AA00'), suspendedEsme, growing)).rules).toEqual(['R2'])
  })
})

describe('processResponse input errors', () => {
  it('refuses respondent GPF on an SR11.3 response', () => {
    expectIssue(
      processResponse({ serviceReferenceVariant: '11.3', respondent: 'GPF', firmwareVersion: NEW_FW }, suspendedGsme, cpl),
      'response.respondent',
      'SR11.3'
    )
  })
  it('refuses respondent GPF on an SR11.2 response for a device that is not a GSME', () => {
    expectIssue(processResponse(read(NEW_FW, 'GPF'), suspendedEsme, cpl), 'response.respondent', 'ESME')
  })
  it("refuses a response whose deviceId is not the device's", () => {
    expectIssue(
      processResponse({ ...read(NEW_FW), deviceId: '00-DB-12-34-56-78-90-FF' } as ServiceResponse, suspendedEsme, cpl),
      'response.deviceId'
    )
  })
  it('accepts a response that names the device', () => {
    expect(
      rightOf(processResponse({ ...read(NEW_FW), deviceId: suspendedEsme.deviceId } as ServiceResponse, suspendedEsme, cpl)).rules
    ).toEqual(['R2'])
  })
  it('refuses a response to another service request variant', () => {
    expectIssue(
      processResponse({ serviceReferenceVariant: '11.1' } as never, suspendedEsme, cpl),
      'response.serviceReferenceVariant',
      '"11.2" | "11.3"'
    )
  })
  it('refuses a misspelt field rather than ignoring it', () => {
    expectIssue(
      processResponse({ ...read(NEW_FW), respondant: 'GPF' } as never, suspendedGsme, cpl),
      'response.respondant',
      'is not a field'
    )
  })
  it('refuses a firmware version longer than 8 characters', () => {
    expectIssue(processResponse(read('0102AB00FF'), suspendedEsme, cpl), 'response.firmwareVersion', '1 to 8 characters')
  })
  it('refuses duplicate CPL entries, naming both', () => {
    const dup = [...cpl, { ...cpl[1]!, status: 'Removed' as const }]
    expectIssue(processResponse(read(NEW_FW), suspendedEsme, dup), 'cpl[5]', 'duplicates entry 1')
  })
  it('refuses a malformed CPL entry, naming its field', () => {
    expectIssue(
      processResponse(read(NEW_FW), suspendedEsme, [{ ...cpl[0]!, status: 'Active' } as never]),
      'cpl[0].status',
      '"Current" | "Removed"'
    )
  })
  it('refuses a CPL that is not an array', () => {
    expectIssue(processResponse(read(NEW_FW), suspendedEsme, {} as never), 'cpl', 'array')
  })
  it('refuses a Type 2 device', () => {
    expectIssue(processResponse(read(NEW_FW), { ...suspendedEsme, deviceType: 'CAD' } as never, cpl), 'device.deviceType', 'Type 2')
  })
  it('refuses a Suspended device without statusBeforeSuspension', () => {
    const { statusBeforeSuspension: _, ...device } = suspendedEsme
    expectIssue(processResponse(read(NEW_FW), device as never, cpl), 'device.statusBeforeSuspension', 'is required')
  })
  it('lists problems in every input at once', () => {
    const paths = leftOf(
      processResponse(
        { serviceReferenceVariant: '11.2', firmwareVersion: '' } as never,
        { ...suspendedEsme, model: '' } as never,
        'x' as never,
        { edition: 'v2' } as never
      )
    ).issues.map((i) => i.path)
    expect(paths).toEqual(['options.edition', 'response.firmwareVersion', 'device.model', 'cpl'])
  })
})

describe('each response rule states its whole condition, not only what the rules before it leave', () => {
  const rule = (id: string) => responseRules.find((r) => r.id === id) as (typeof responseRules)[number]
  const context = (response: ServiceResponse, current: boolean, device: Device = suspendedEsme) => ({
    response,
    device,
    reported: response.firmwareVersion,
    current
  })
  it('R4, R5, R6 and R7 never apply to an SR11.2 response', () => {
    for (const id of ['R4', 'R5', 'R6', 'R7']) {
      for (const current of [true, false]) {
        expect(rule(id).applies(context(read(NEW_FW), current)), `${id}, current: ${current}`).toBe(false)
        expect(rule(id).applies(context(read(NEW_FW), current, commissionedEsme)), `${id}, current: ${current}`).toBe(false)
      }
    }
  })
  it('R7 applies to an SR11.3 response only when its version is not Current', () => {
    expect(rule('R7').applies(context(activate(OLD_FW, 'success'), false))).toBe(true)
    expect(rule('R7').applies(context(activate(NEW_FW, 'success'), true))).toBe(false)
  })
})

describe('each response decision gives its own reason', () => {
  it('the baseline edition says why an SR11.3 response restored, or did not', () => {
    expect(run(activate(NEW_FW, 'success'), suspendedEsme, 'baseline').reason).toBe(
      'a successful activation of firmware that is Current on the CPL: restored to the status held before suspension'
    )
    expect(run(activate(NEW_FW, 'hashMismatch'), suspendedEsme, 'baseline').reason).toBe(
      'before SECMP0105 an SR11.3 response restores only when activateImageResponseCode is success; the device stays Suspended'
    )
  })
  it('the baseline edition says why an SR11.3 response updated the firmware, or did not', () => {
    expect(run(activate(NEW_FW, 'success'), commissionedEsme, 'baseline').reason).toBe(
      'a successful activation of firmware that is Current on the CPL: firmwareVersion updated'
    )
    expect(run(activate(NEW_FW, 'noImageHeld'), commissionedEsme, 'baseline').reason).toBe(
      'before SECMP0105 an SR11.3 response updates the SMI only when activateImageResponseCode is success'
    )
  })
})

describe('a response that changes nothing', () => {
  it('returns the very device it was given when SR11.3 reports the version already recorded', () => {
    const device = { ...commissionedEsme, firmwareVersion: NEW_FW }
    for (const edition of EDITIONS) expect(run(activate(NEW_FW, 'success'), device, edition).device).toBe(device)
  })
})

describe('a restored device', () => {
  it('keeps an own __proto__ field as an ordinary, enumerable, writable and configurable field', () => {
    const device = JSON.parse(JSON.stringify(suspendedEsme).replace('{', '{"__proto__":{"x":1},')) as Device
    const after = run(read(NEW_FW), device, 'SECMP0105').device
    expect(Object.getOwnPropertyDescriptor(after, '__proto__')).toEqual({
      value: { x: 1 },
      enumerable: true,
      writable: true,
      configurable: true
    })
  })
})

describe('every response rule decides nothing on a malformed device: the whole device is checked', () => {
  const rows: ReadonlyArray<readonly [string, ServiceResponse, Device, Edition]> = [
    ['R1', read('01010000', 'GPF'), suspendedGsme, 'SECMP0105'],
    ['R2', read(NEW_FW), suspendedEsme, 'SECMP0105'],
    ['R3', read(OLD_FW), suspendedEsme, 'baseline'],
    ['R4', activate(NEW_FW, 'success'), suspendedEsme, 'baseline'],
    ['R5', activate(NEW_FW, 'success'), commissionedEsme, 'SECMP0105'],
    ['R6', activate(), commissionedEsme, 'baseline'],
    ['R7', activate('0999FF00', 'success'), suspendedEsme, 'SECMP0105']
  ]
  it.each(rows)('%s is refused as input for each malformed copy of the device it decides', (id, response, device, edition) => {
    expectRuleRefusesMalformedDevices(id, device, (d) => processResponse(response, d, cpl, { edition }))
  })
  it('has a row for every rule of the table', () => {
    expect(rows.map(([id]) => id).sort()).toEqual(responseRules.map((r) => r.id).sort())
  })
})
