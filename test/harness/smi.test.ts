import { describe, expect, it } from 'vitest'
import { transition, type CplEntry, type Device } from '../../src/index.js'
import { createSmi, type Smi, type SmiOptions } from '../../src/harness/index.js'
import { commissionedEsme, deepFreeze, NEW_FW, OLD_FW, RIS, RNO, rightOf, suspendedGsme } from '../support.js'

const ESME = commissionedEsme.deviceId
const GSME = suspendedGsme.deviceId
const cpl: CplEntry[] = [
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW, status: 'Current' },
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: NEW_FW, status: 'Current' },
  { manufacturer: 'GASCO', model: 'G-100', firmwareVersion: '01010000', status: 'Current' }
]
const removal = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW }
const read = (deviceId = ESME) => ({ deviceId, request: { serviceReferenceVariant: '11.2' as const, commandVariant: 1 as const } })
const readAnswer = (deviceId = ESME, firmwareVersion = NEW_FW) => ({
  deviceId,
  response: { serviceReferenceVariant: '11.2' as const, firmwareVersion }
})

function smi(options?: SmiOptions, devices: Device[] = [commissionedEsme, suspendedGsme]): Smi {
  return rightOf(createSmi({ devices, cpl }, options))
}

describe('the in-memory SMI', () => {
  it('answers a request with the authorisation decision and changes no device', () => {
    const s = smi()
    const answer = rightOf(s.apply({ deviceId: GSME, request: { serviceReferenceVariant: '4.1.1', commandVariant: 1 } }))
    expect(answer).toMatchObject({ kind: 'request', deviceId: GSME, awaitsResponse: false, alerts: [] })
    expect(answer.kind === 'request' && answer.decision).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] })
    expect(s.devices()).toEqual([commissionedEsme, suspendedGsme])
  })

  it('suspends the devices running removed firmware, once for the fleet, and marks the entry Removed', () => {
    const s = smi()
    const answer = rightOf(s.apply({ cplRemoval: removal }))
    expect(s.device(ESME)).toMatchObject({ status: 'Suspended', statusBeforeSuspension: 'Commissioned' })
    expect(s.device(GSME)).toBe(suspendedGsme)
    expect(s.cpl[0]).toEqual({ ...removal, status: 'Removed' })
    expect(answer.kind === 'cplRemoval' && answer.decisions.map((d) => [d.deviceId, d.decision.rules])).toEqual([
      [ESME, ['S1']],
      [GSME, ['S2']]
    ])
  })

  it('decides a CPL removal for each device exactly as transition does from the CPL before the removal', () => {
    const s = smi({ edition: 'baseline' })
    const answer = rightOf(s.apply({ cplRemoval: removal }))
    if (answer.kind !== 'cplRemoval') throw new Error(answer.kind)
    for (const [i, device] of [commissionedEsme, suspendedGsme].entries()) {
      const t = rightOf(transition({ device, cpl }, { cplRemoval: removal }, { edition: 'baseline' }))
      const { cpl: after, ...decision } = t.decision
      expect(answer.decisions[i]?.decision).toEqual(decision)
      expect(answer.cpl).toEqual(after)
    }
  })

  it('does not process a response that no authorised request awaits: the response never reaches the DSP', () => {
    const s = smi()
    s.apply({ cplRemoval: removal })
    const suspended = s.device(ESME)
    const answer = rightOf(s.apply(readAnswer()))
    expect(answer).toMatchObject({ kind: 'response', delivered: false, alerts: [] })
    expect(s.device(ESME)).toBe(suspended)
    expect(s.alerts()).toEqual([])
  })

  it('does not count a response to a refused request (baseline refuses SR11.2 for a suspended device)', () => {
    const s = smi({ edition: 'baseline' })
    s.apply({ cplRemoval: removal })
    expect(rightOf(s.apply(read()))).toMatchObject({ awaitsResponse: false })
    expect(s.outstanding()).toEqual([])
    expect(rightOf(s.apply(readAnswer()))).toMatchObject({ delivered: false })
  })

  it('processes a response that answers an outstanding request, once, and lists the alerts it raised', () => {
    const s = smi()
    s.apply({ cplRemoval: removal })
    expect(rightOf(s.apply(read()))).toMatchObject({ awaitsResponse: true })
    expect(s.outstanding()).toEqual([{ deviceId: ESME, serviceReferenceVariant: '11.2', count: 1 }])
    const answer = rightOf(s.apply(readAnswer()))
    expect(answer).toMatchObject({ kind: 'response', delivered: true })
    expect(s.device(ESME)).toMatchObject({ status: 'Commissioned', firmwareVersion: NEW_FW })
    expect(s.alerts().map((a) => [a.code, a.recipient, a.recipientUserId])).toEqual([
      ['N29', 'ResponsibleImportSupplier', RIS],
      ['N29', 'ResponsibleNetworkOperator', RNO]
    ])
    expect(answer.alerts).toEqual(s.alerts())
    expect(s.outstanding()).toEqual([])
    expect(rightOf(s.apply(readAnswer()))).toMatchObject({ delivered: false })
  })

  it('matches a response only with a request of the same SRV', () => {
    const s = smi()
    s.apply({ deviceId: ESME, request: { serviceReferenceVariant: '11.3', commandVariant: 4 } })
    expect(rightOf(s.apply(readAnswer()))).toMatchObject({ delivered: false })
    expect(s.outstanding()).toEqual([{ deviceId: ESME, serviceReferenceVariant: '11.3', count: 1 }])
  })

  it('processes every response when the harness does not require an outstanding request, still answering one that is', () => {
    const s = smi({ requireOutstandingRequest: false })
    s.apply({ cplRemoval: removal })
    expect(rightOf(s.apply(readAnswer()))).toMatchObject({ delivered: true })
    expect(s.device(ESME)).toMatchObject({ status: 'Commissioned' })
    s.apply(read())
    s.apply(readAnswer())
    expect(s.outstanding()).toEqual([])
  })

  it('counts outstanding requests exactly, far beyond 65,535 for one device and SRV', () => {
    const s = smi()
    const n = 70_000
    for (let i = 0; i < n; i++) s.apply(read())
    expect(s.outstanding()).toEqual([{ deviceId: ESME, serviceReferenceVariant: '11.2', count: n }])
    let delivered = 0
    for (let i = 0; i < n; i++) {
      const r = s.apply(readAnswer(ESME, OLD_FW))
      if (r._tag === 'Right' && r.right.kind === 'response' && r.right.delivered) delivered++
    }
    expect(delivered).toBe(n)
    expect(s.outstanding()).toEqual([])
    expect(rightOf(s.apply(readAnswer()))).toMatchObject({ delivered: false })
  })

  describe('refuses, changing nothing,', () => {
    const unchanged = (s: Smi, before: { devices: readonly Device[]; cpl: unknown }) => {
      expect(s.devices()).toEqual(before.devices)
      expect(s.cpl).toEqual(before.cpl)
      expect(s.outstanding()).toEqual([])
    }
    it.each([
      ['a device it does not hold', read('00-DB-12-34-56-78-90-FF'), 'event.deviceId'],
      ['an event of no known kind', { deviceId: ESME }, 'event'],
      ['an event with two kinds', { deviceId: ESME, request: read().request, response: readAnswer().response }, 'event'],
      ['an event that is not an object', 'hello', 'event'],
      ['an event with a field of no event', { ...read(), extra: 1 }, 'event.extra'],
      ['a request without deviceId', { request: read().request }, 'event.deviceId'],
      ['a CPL removal naming a device', { deviceId: ESME, cplRemoval: removal }, 'event.deviceId'],
      ['an invalid request', { deviceId: ESME, request: { serviceReferenceVariant: '11.2', commandVariant: 9 } }, 'request.commandVariant'],
      [
        'an invalid response',
        { deviceId: ESME, response: { serviceReferenceVariant: '11.2', firmwareVersion: '' } },
        'response.firmwareVersion'
      ],
      ['a removal of an entry that is not Current', { cplRemoval: { ...removal, firmwareVersion: '09090909' } }, 'cplRemoval'],
      ['a malformed removal', { cplRemoval: { ...removal, model: '' } }, 'cplRemoval.model']
    ])('%s', (_, event, path) => {
      const s = smi()
      const before = { devices: s.devices(), cpl: s.cpl }
      const r = s.apply(event as never)
      expect(r._tag === 'Left' ? r.left.issues.map((i) => i.path) : r).toEqual([path])
      unchanged(s, before)
    })
    it('an event that throws while it is read', () => {
      const s = smi()
      const event = {
        deviceId: ESME,
        get request(): never {
          throw new Error('boom')
        }
      }
      const r = s.apply(event as never)
      expect(r._tag === 'Left' ? r.left.message : r).toContain('boom')
    })
  })

  it('never changes the records, the CPL or the events it is given', () => {
    const devices = deepFreeze([structuredClone(commissionedEsme), structuredClone(suspendedGsme)])
    const given = deepFreeze(structuredClone(cpl))
    const s = rightOf(createSmi({ devices, cpl: given }))
    for (const event of [{ cplRemoval: removal }, read(), readAnswer()]) rightOf(s.apply(deepFreeze(event)))
    expect(devices).toEqual([commissionedEsme, suspendedGsme])
    expect(given).toEqual(cpl)
  })

  it('keeps its own CPL: changing the array given afterwards changes nothing', () => {
    const given = structuredClone(cpl)
    const s = rightOf(createSmi({ devices: [commissionedEsme], cpl: given }))
    given.length = 0
    expect(s.cpl).toEqual(cpl)
  })

  it('starts with an empty CPL when none is given, and reads the edition it was created with', () => {
    const s = rightOf(createSmi({ devices: [] }, { edition: 'baseline' }))
    expect([s.cpl, s.edition, s.devices(), s.alerts()]).toEqual([[], 'baseline', [], []])
    expect(rightOf(createSmi({ devices: [] })).edition).toBe('SECMP0105')
  })
})

describe('createSmi', () => {
  const pathsOf = (r: ReturnType<typeof createSmi>) => (r._tag === 'Left' ? r.left.issues.map((i) => i.path) : [])
  it('names every bad device, duplicate device, bad CPL entry and bad option by its path', () => {
    const r = createSmi(
      {
        devices: [commissionedEsme, { ...suspendedGsme, status: 'Asleep' } as never, commissionedEsme],
        cpl: [{ ...cpl[0], status: 'Gone' }] as never
      },
      { edition: 'first' as never, requireOutstandingRequest: 'yes' as never }
    )
    expect(pathsOf(r)).toEqual([
      'options.edition',
      'options.requireOutstandingRequest',
      'fleet.devices[1].status',
      'fleet.devices[2].deviceId',
      'fleet.cpl[0].status'
    ])
    expect(r._tag === 'Left' && r.left.message).toContain('00-DB-12-34-56-78-90-A0 is also fleet.devices[0]; expected each device once')
  })
  it('refuses a fleet that is not { devices, cpl? }', () => {
    expect(pathsOf(createSmi(null as never))).toEqual(['fleet'])
    expect(pathsOf(createSmi({ devices: 'none' } as never))).toEqual(['fleet.devices'])
    expect(pathsOf(createSmi({ devices: [] }, 'baseline' as never))).toEqual(['options'])
  })
  it('returns an input error, never throws, for a fleet that throws while it is read', () => {
    const fleet = {
      get devices(): never {
        throw new Error('unreadable')
      }
    }
    const r = createSmi(fleet)
    expect(r._tag === 'Left' && r.left.message).toContain('unreadable')
  })
})
