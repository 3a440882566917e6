import { describe, expect, it } from 'vitest'
import type { Alert } from '../../src/index.js'
import { addCounters, emptyCounters, FleetReplay, type RejectedLine } from '../../src/campaign/replay.js'

const ID = '00-DB-12-34-56-78-90-A0'
const OTHER = '00-DB-12-34-56-78-90-A1'
const device = (deviceId: string, extra: Record<string, unknown> = {}) => ({
  deviceId,
  deviceType: 'ESME',
  smetsGeneration: 'SMETS2',
  status: 'Commissioned',
  manufacturer: 'ACME',
  model: 'E-200',
  firmwareVersion: '0101AA00',
  responsibleImportSupplier: '90-B3-D5-1F-30-01-00-01',
  responsibleNetworkOperator: '90-B3-D5-1F-30-01-00-02',
  ...extra
})
const cpl = [
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', status: 'Current' },
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
]
const removal = { cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00' } }
const read = (id = ID) => ({ deviceId: id, request: { serviceReferenceVariant: '11.2', commandVariant: 1 } })
const readResponse = (fw: string, id = ID) => ({ deviceId: id, response: { serviceReferenceVariant: '11.2', firmwareVersion: fw } })

function replay(
  edition: 'baseline' | 'SECMP0105',
  events: unknown[],
  devices: unknown[] = [device(ID), device(OTHER, { firmwareVersion: '0102AB00' })]
) {
  const alerts: Array<[Alert, number]> = []
  const rejected: RejectedLine[] = []
  const r = new FleetReplay(cpl, { edition, onAlert: (a, line) => alerts.push([a, line]), onReject: (x) => rejected.push(x) })
  devices.forEach((d, i) => r.addInventoryLine(typeof d === 'string' ? d : JSON.stringify(d), i + 1))
  events.forEach((e, i) => r.applyEventLine(typeof e === 'string' ? e : JSON.stringify(e), i + 1))
  const counters = r.finish()
  return { r, counters, alerts, rejected, fleet: [...r.fleet()] }
}

describe('FleetReplay', () => {
  it('suspends only the devices running removed firmware, remembering their status', () => {
    const { counters, fleet } = replay('SECMP0105', [removal])
    expect(fleet[0]).toMatchObject({ status: 'Suspended', statusBeforeSuspension: 'Commissioned' })
    expect(fleet[1]).toMatchObject({ status: 'Commissioned' })
    expect(counters.suspendedByRemoval).toBe(1)
    expect(counters.cplRemovals).toBe(1)
    expect(counters.rules).toMatchObject({ S1: 1 })
  })

  it('restores a suspended device whose SR11.2 response shows Current firmware, with N29 to both recipients', () => {
    const { counters, fleet, alerts } = replay('SECMP0105', [removal, read(), readResponse('0102AB00')])
    expect(fleet[0]).toMatchObject({ status: 'Commissioned', firmwareVersion: '0102AB00' })
    expect(fleet[0]).not.toHaveProperty('statusBeforeSuspension')
    expect(counters.restoredBySr112).toBe(1)
    expect(counters.alertsN29).toBe(2)
    expect(alerts.map(([a, line]) => [a.code, a.recipient, line])).toEqual([
      ['N29', 'ResponsibleImportSupplier', 3],
      ['N29', 'ResponsibleNetworkOperator', 3]
    ])
  })

  it('before SECMP0105 refuses the SR11.2 with E5, so its response never comes and the device stays stuck', () => {
    const { counters, fleet, alerts } = replay('baseline', [removal, read(), readResponse('0102AB00')])
    expect(counters.refusedE5).toBe(1)
    expect(counters.unsolicitedResponses).toBe(1)
    expect(fleet[0]).toMatchObject({ status: 'Suspended' })
    expect(counters.suspendedAtEnd).toBe(1)
    expect(alerts).toEqual([])
  })

  it('applies a response only while an authorised request of its SRV awaits one, and counts requests never answered', () => {
    const { counters } = replay('SECMP0105', [readResponse('0102AB00', OTHER), read(OTHER), read(OTHER), readResponse('0102AB00', OTHER)])
    expect(counters.unsolicitedResponses).toBe(1)
    expect(counters.responses).toBe(2)
    expect(counters.unanswered).toBe(1)
  })

  it('counts outstanding SR11.2 and SR11.3 requests apart, past 65,535 of them: an SR11.3 response never requested restores nothing', () => {
    const n = 65_536
    const reads = Array.from({ length: n }, () => read())
    const firmwareResponse = { deviceId: ID, response: { serviceReferenceVariant: '11.3', firmwareVersion: '0102AB00' } }
    const { counters, fleet } = replay('SECMP0105', [removal, ...reads, firmwareResponse])
    expect(counters.authorised).toBe(n)
    expect(counters.unsolicitedResponses).toBe(1)
    expect(counters.restoredBySr113).toBe(0)
    expect(fleet[0]).toMatchObject({ status: 'Suspended' })
    expect(counters.unanswered).toBe(n)

    const answered = replay('SECMP0105', [removal, ...reads, ...Array.from({ length: n }, () => readResponse('0102AB00'))]).counters
    expect(answered.unsolicitedResponses).toBe(0)
    expect(answered.responses).toBe(n)
    expect(answered.restoredBySr112).toBe(1)
    expect(answered.unanswered).toBe(0)
  })

  it('rejects a line that gives a key twice, in the inventory or the events, rather than apply one of its values', () => {
    const line = JSON.stringify(read(OTHER)).replace('{', `{"deviceId":"${ID}",`)
    const { counters, rejected, fleet } = replay(
      'SECMP0105',
      [removal, line],
      [device(ID), JSON.stringify(device(OTHER)).replace(/}$/, `,"deviceId":"${ID}"}`)]
    )
    expect(rejected.map((r) => [r.file, r.line, r.reason])).toEqual([
      ['inventory', 2, 'deviceId: is given more than once in its object; expected each key once'],
      ['events', 2, 'deviceId: is given more than once in its object; expected each key once']
    ])
    expect(counters.requests).toBe(0)
    expect(fleet.map((d) => d.deviceId)).toEqual([ID])
  })

  it('rejects a device or an event nested 20,000 levels deep with a reason, and still writes the fleet', () => {
    const deep = `${'['.repeat(20_000)}${']'.repeat(20_000)}`
    const { r, rejected } = replay(
      'SECMP0105',
      [JSON.stringify(read()).replace(/}}$/, `,"x":${deep}}}`), read(), readResponse('0102AB00')],
      [device(ID), JSON.stringify(device(OTHER)).replace(/}$/, `,"extra":${deep}}`)]
    )
    expect(rejected.map((x) => [x.file, x.line, x.reason])).toEqual([
      ['inventory', 2, 'is nested deeper than 64 levels; expected at most 64 levels of objects and arrays'],
      ['events', 1, 'is nested deeper than 64 levels; expected at most 64 levels of objects and arrays']
    ])
    expect([...r.fleetLines()]).toHaveLength(1)
  })

  it('rejects a bad line with its number and reason, and carries on with the next', () => {
    const { counters, rejected, fleet } = replay('SECMP0105', [
      '{"deviceId": "00-DB',
      { deviceId: 'FF-FF-FF-FF-FF-FF-FF-FF', request: { serviceReferenceVariant: '4.1.1', commandVariant: 1 } },
      { deviceId: ID, request: { serviceReferenceVariant: '99.9', commandVariant: 1 } },
      { deviceId: ID, command: {} },
      removal,
      '',
      { cplRemoval: removal.cplRemoval },
      [1]
    ])
    expect(rejected.map((x) => [x.file, x.line])).toEqual([
      ['events', 1],
      ['events', 2],
      ['events', 3],
      ['events', 4],
      ['events', 7],
      ['events', 8]
    ])
    expect(rejected[0]?.reason).toMatch(/not valid JSON/)
    expect(rejected[1]?.reason).toMatch(/not in the inventory/)
    expect(rejected[2]?.reason).toMatch(/^request\.serviceReferenceVariant: /)
    expect(rejected[3]?.reason).toMatch(/has fields \["deviceId","command"\]/)
    expect(rejected[4]?.reason).toMatch(/^cplRemoval: .*"Removed"/)
    expect(rejected[5]?.reason).toMatch(/is an array/)
    expect(fleet[0]).toMatchObject({ status: 'Suspended' })
    expect(counters.eventLines).toBe(8)
    expect(counters.blankLines).toBe(1)
    expect(counters.cplRemovals + counters.requests + counters.responses + counters.blankLines + counters.rejectedEventLines).toBe(8)
  })

  it('rejects a bad or duplicate inventory line with its number and keeps the rest', () => {
    const { counters, rejected } = replay(
      'SECMP0105',
      [],
      [device(ID), device(ID), device(OTHER, { deviceType: 'IHD' }), 'nope', device(OTHER)]
    )
    expect(rejected.map((x) => [x.file, x.line])).toEqual([
      ['inventory', 2],
      ['inventory', 3],
      ['inventory', 4]
    ])
    expect(rejected[0]?.reason).toMatch(/appears earlier/)
    expect(rejected[1]?.reason).toMatch(/^device\.deviceType: .*Type 2/)
    expect(counters.devices).toBe(2)
  })

  it('applies a shared line in every partition but counts or rejects it only in the reporting one', () => {
    const lines = [
      JSON.stringify({ cplRemoval: { manufacturer: 'X', model: 'Y', firmwareVersion: '1' } }),
      JSON.stringify({ cplRemoval: removal.cplRemoval, extra: 1 }),
      JSON.stringify(removal)
    ]
    const quiet = new FleetReplay(cpl, { edition: 'SECMP0105', reportsSharedLines: false })
    quiet.addInventoryLine(JSON.stringify(device(ID)), 1)
    const reporting = new FleetReplay(cpl, { edition: 'SECMP0105' })
    const rejected: RejectedLine[] = []
    const loud = new FleetReplay(cpl, { edition: 'SECMP0105', reportsSharedLines: true, onReject: (x) => rejected.push(x) })
    lines.forEach((l, i) => {
      quiet.applyEventLine(l, i + 1, true)
      reporting.applyEventLine(l, i + 1, true)
      loud.applyEventLine(l, i + 1, true)
    })
    expect(quiet.finish()).toMatchObject({ eventLines: 0, rejectedEventLines: 0, cplRemovals: 0, suspendedByRemoval: 1 })
    expect(quiet.cpl[0]?.status).toBe('Removed')
    expect(reporting.finish()).toMatchObject({ eventLines: 3, rejectedEventLines: 2, cplRemovals: 1 })
    expect(rejected.map((x) => x.line)).toEqual([1, 2])
  })

  it('writes an unchanged device back as its line was read, and a changed one as JSON', () => {
    const spaced = JSON.stringify(device(OTHER, { firmwareVersion: '0102AB00', note: 'kept' }), null, 0).replace(/,/g, ', ')
    const { r } = replay('SECMP0105', [removal], [device(ID), spaced])
    const lines = [...r.fleetLines()]
    expect(lines[1]).toBe(spaced)
    expect(JSON.parse(lines[0] as string)).toMatchObject({ deviceId: ID, status: 'Suspended' })
  })

  it('refuses an invalid CPL when it is built', () => {
    expect(() => new FleetReplay([{ manufacturer: 'A' }], { edition: 'SECMP0105' })).toThrow(/cpl\[0\]/)
  })

  it('adds partition counters into the fleet counters', () => {
    const a = { ...emptyCounters(), requests: 2, rules: { A7: 1 } }
    const b = { ...emptyCounters(), requests: 3, rules: { A7: 2, A2: 1 } }
    expect(addCounters(a, b)).toMatchObject({ requests: 5, rules: { A7: 3, A2: 1 } })
  })
})
