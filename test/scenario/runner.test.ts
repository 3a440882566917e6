import { describe, expect, it } from 'vitest'
import { describeFailure, runScenarioFile, type ScenarioFileResult, type ScenarioResult } from '../../src/scenario/index.js'
import { matchAlerts } from '../../src/scenario/match.js'
import { contractExample, cpl, deepFreeze, oneScenario, readFirmware, readFirmwareResponse, RIS, RNO, suspendedEsme } from './fixtures.js'

function run(file: unknown): ScenarioFileResult {
  const r = runScenarioFile(file, 't.json')
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
}
const only = (file: unknown): ScenarioResult => run(file).scenarios[0] as ScenarioResult
const failureOf = (file: unknown): string => {
  const s = only(file)
  return s.failure === undefined ? 'passed' : describeFailure(s.failure, s.stepCount)
}

const restoredExpectation = {
  device: { status: 'Commissioned', statusBeforeSuspension: null, firmwareVersion: '0102AB00' },
  alerts: [
    { code: 'N29', recipient: 'ResponsibleImportSupplier', recipientUserId: RIS },
    { code: 'N29', recipient: 'ResponsibleNetworkOperator', recipientUserId: RNO }
  ]
}

describe('runScenarioFile', () => {
  it("passes the contract's example, threading the device through the steps", () => {
    const result = run(contractExample)
    expect(result).toMatchObject({ file: 't.json', passed: 1, failed: 0 })
    expect(result.scenarios[0]?.steps.map((s) => s.rules)).toEqual([['A7'], ['R2'], ['S1'], []])
  })

  it('passes a restore whose device fields and alerts are as expected', () => {
    expect(failureOf(oneScenario([{ response: readFirmwareResponse, expect: restoredExpectation }]))).toBe('passed')
  })

  it('runs the scenario in its own edition, or in the one the options give', () => {
    const file = oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected', responseCode: 'E5' } }], { edition: 'baseline' })
    expect(only(file)).toMatchObject({ passed: true, edition: 'baseline' })
    const r = runScenarioFile(file, 't.json', { edition: 'SECMP0105' })
    expect(r._tag === 'Right' && r.right.scenarios[0]).toMatchObject({ passed: false, edition: 'SECMP0105' })
  })

  it('returns the file error, not a result, for a file whose structure is invalid', () => {
    const r = runScenarioFile({ scenarios: 1 }, 'bad.json')
    expect(r._tag).toBe('Left')
  })

  it('does not change the scenario file it runs', () => {
    expect(() => run(deepFreeze(structuredClone(contractExample)))).not.toThrow()
  })

  describe('scenarios that must fail do fail', () => {
    it('a wrong outcome, naming the step, both outcomes and the deciding rule', () => {
      expect(
        failureOf(oneScenario([{ request: { serviceReferenceVariant: '2.2', commandVariant: 1 }, expect: { outcome: 'Authorised' } }]))
      ).toBe('step 1 of 1, SR2.2 request (CV 1): expected outcome Authorised, got Rejected E5 (decided by A7)')
    })

    it('the wrong deciding rules, as a set: "expected rules A6, got A7"', () => {
      const step = (rules: string[]) =>
        oneScenario([{ request: readFirmware, expect: { outcome: 'Authorised', rules } }], { edition: 'baseline' })
      expect(failureOf(step(['A6']))).toBe(
        'step 1 of 1, SR11.2 request (CV 1): expected outcome Authorised, got Rejected E5; expected rules A6, got A7 (decided by A7)'
      )
    })

    it('passes expected rules in any order and repetition, and fails a set with one rule too many', () => {
      const restore = (rules: string[]) => oneScenario([{ response: readFirmwareResponse, expect: { ...restoredExpectation, rules } }])
      expect(failureOf(restore(['R2']))).toBe('passed')
      expect(failureOf(restore(['R2', 'R2']))).toBe('passed')
      expect(failureOf(restore(['R2', 'R3']))).toBe(
        'step 1 of 1, SR11.2 response (firmware 0102AB00): expected rules R2, R3, got R2 (decided by R2)'
      )
    })

    it('a wrong response code', () => {
      expect(
        failureOf(
          oneScenario([
            { request: { serviceReferenceVariant: '2.2', commandVariant: 1 }, expect: { outcome: 'Rejected', responseCode: 'E12' } }
          ])
        )
      ).toBe('step 1 of 1, SR2.2 request (CV 1): expected responseCode E12, got E5 (decided by A7)')
    })

    it('an unexpected device change (expect.device omitted)', () => {
      expect(failureOf(oneScenario([{ response: readFirmwareResponse, expect: { alerts: restoredExpectation.alerts } }]))).toBe(
        'step 1 of 1, SR11.2 response (firmware 0102AB00): expected device unchanged, got device status "Suspended" → "Commissioned", statusBeforeSuspension removed, firmwareVersion "0101AA00" → "0102AB00" (decided by R2)'
      )
    })

    it('an unexpected alert (expect.alerts omitted)', () => {
      const s = only(oneScenario([{ response: readFirmwareResponse, expect: { device: restoredExpectation.device } }]))
      expect(s.passed).toBe(false)
      expect(s.failure?.mismatches.map((m) => m.subject)).toEqual(['alerts'])
      expect(s.failure?.mismatches[0]?.expected).toBe('none')
    })

    it('a missing error', () => {
      expect(failureOf(oneScenario([{ request: readFirmware, expect: { error: true } }]))).toBe(
        'step 1 of 1, SR11.2 request (CV 1): expected the input refused as invalid, got a decision: Authorised (decided by A6)'
      )
    })

    it('null on a field that is present', () => {
      expect(failureOf(oneScenario([{ request: readFirmware, expect: { device: { statusBeforeSuspension: null } } }]))).toBe(
        'step 1 of 1, SR11.2 request (CV 1): expected device.statusBeforeSuspension absent, got "Commissioned" (decided by A6)'
      )
    })

    it('a field expected but absent', () => {
      expect(failureOf(oneScenario([{ request: readFirmware, expect: { device: { installationNote: 'rear' } } }]))).toContain(
        'expected device.installationNote "rear", got absent'
      )
    })

    it('invalid input on a step that does not expect an error, showing the input error', () => {
      const s = only(oneScenario([{ request: { serviceReferenceVariant: '11.2', commandVariant: 9 } }]))
      expect(s.passed).toBe(false)
      expect(s.failure?.error?.issues[0]?.path).toBe('request.commandVariant')
      expect(describeFailure(s.failure!, 1)).toBe(
        'step 1 of 1, SR11.2 request (CV 9): the input was refused as invalid: scenarios[0].steps[0].request.commandVariant: expected an integer from 1 to 8 (a DUIS Command Variant), got 9 (a step meant to show a refusal expects { "error": true })'
      )
    })

    it('a bad device in given, named at its place in the file and in plain words; the scenario fails', () => {
      const { smetsGeneration: _, ...device } = suspendedEsme
      const file = {
        scenarios: [
          { id: 's1', description: 'a scenario', given: { device: { ...device, status: 'suspended' } }, steps: [{ request: readFirmware }] }
        ]
      }
      const s = only(file)
      expect(s.passed).toBe(false)
      expect(s.failure?.mismatches[0]?.items?.actual.map((m) => m.slice(0, m.indexOf(':')))).toEqual([
        'scenarios[0].given.device.smetsGeneration',
        'scenarios[0].given.device.status'
      ])
      const text = describeFailure(s.failure!, 1)
      expect(text).toContain('the input was refused as invalid: scenarios[0].given.device.smetsGeneration: is required')
      expect(text).not.toMatch(/expected a decision|got the input/)
    })

    it('a bad CPL entry in given, and a bad removal, each named at its place in the file', () => {
      const cpl = [{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'current' }]
      const file = {
        scenarios: [{ id: 's1', description: '', given: { device: suspendedEsme, cpl }, steps: [{ response: readFirmwareResponse }] }]
      }
      expect(only(file).failure?.mismatches[0]?.items?.actual[0]).toMatch(/^scenarios\[0\]\.given\.cpl\[0\]\.status: /)
      const removal = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '' }
      const file2 = { scenarios: [{ id: 's1', description: '', given: { device: suspendedEsme }, steps: [{ cplRemoval: removal }] }] }
      expect(only(file2).failure?.mismatches[0]?.items?.actual[0]).toMatch(/^scenarios\[0\]\.steps\[0\]\.cplRemoval\.firmwareVersion: /)
    })

    it('a misspelt field in expect.device, with a "did you mean"', () => {
      expect(failureOf(oneScenario([{ request: readFirmware, expect: { device: { stauts: 'Suspended' } } }]))).toContain(
        'expected device.stauts "Suspended", got absent (did you mean device.status?)'
      )
    })

    it('an expected alert that matches none emitted, and an emitted alert no expected one matches', () => {
      const s = only(
        oneScenario([
          {
            response: readFirmwareResponse,
            expect: {
              device: restoredExpectation.device,
              alerts: [{ code: 'N29', recipient: 'ResponsibleImportSupplier' }, { code: 'N52' }]
            }
          }
        ])
      )
      expect(s.failure?.mismatches[0]?.items).toEqual({
        expected: ['N29 to RIS', 'N52 (not emitted)'],
        actual: [
          'N29 to RIS',
          'N29 to ResponsibleNetworkOperator {"recipientUserId":"90-B3-D5-1F-30-01-00-02","deviceId":"00-DB-12-34-56-78-90-A0"} (not expected)'
        ]
      })
    })

    it('an expected alert that differs from an emitted one of its code and recipient: only the fields that differ, each alert once', () => {
      const s = only(
        oneScenario([
          {
            response: readFirmwareResponse,
            expect: {
              device: restoredExpectation.device,
              alerts: [
                { code: 'N29', recipient: 'ResponsibleImportSupplier', recipientUserId: null },
                { code: 'N29', recipient: 'ResponsibleNetworkOperator' }
              ]
            }
          }
        ])
      )
      const m = s.failure?.mismatches[0]
      expect(m?.items).toEqual({
        expected: ['N29 to RIS with recipientUserId absent (not emitted)', 'N29 to RNO'],
        actual: ['N29 to RIS with recipientUserId "90-B3-D5-1F-30-01-00-01" (not expected)', 'N29 to RNO']
      })
      expect(describeFailure(s.failure!, 1).match(/00-DB-12-34-56-78-90-A0/g)).toBeNull()
    })
  })

  it('stops a scenario at its first failing step', () => {
    const s = only(oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected', responseCode: 'E5' } }, { request: readFirmware }]))
    expect(s.steps).toHaveLength(1)
    expect(s.failure?.index).toBe(0)
    expect(s.failure?.path).toBe('scenarios[0].steps[0]')
    expect(s.notRun).toEqual([{ index: 1, path: 'scenarios[0].steps[1]', kind: 'request', label: 'SR11.2 request (CV 1)' }])
  })

  it('leaves device and CPL untouched after an error step', () => {
    const file = oneScenario([
      { cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00' }, expect: { error: true } },
      { response: { serviceReferenceVariant: '11.2', firmwareVersion: 'far too long' }, expect: { error: true } },
      { response: readFirmwareResponse, expect: restoredExpectation }
    ])
    expect(failureOf(file)).toBe('passed')
  })

  it('threads the CPL a removal returns into later steps', () => {
    const device = { ...suspendedEsme, status: 'Commissioned', statusBeforeSuspension: undefined, firmwareVersion: '0102AB00' }
    const file = {
      scenarios: [
        {
          id: 'x',
          description: '',
          given: { device: JSON.parse(JSON.stringify(device)), cpl },
          steps: [
            {
              cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00' },
              expect: { device: { status: 'Suspended' } }
            },
            // the firmware is now Removed: the SR11.2 response no longer restores
            { response: readFirmwareResponse },
            { cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00' }, expect: { error: true } }
          ]
        }
      ]
    }
    expect(failureOf(file)).toBe('passed')
  })
})

describe('matchAlerts', () => {
  const ris = { code: 'N29', recipient: 'ResponsibleImportSupplier', deviceId: 'd' }
  const rno = { code: 'N29', recipient: 'ResponsibleNetworkOperator', deviceId: 'd' }

  it('matches each emitted alert exactly once: one pattern cannot stand for two alerts', () => {
    expect(matchAlerts([{ code: 'N29' }], [ris, rno]).unmatchedEmitted).toEqual([rno])
  })

  it('does not depend on the order of the patterns (a general pattern listed before a specific one)', () => {
    expect(matchAlerts([{ code: 'N29' }, { code: 'N29', recipient: 'ResponsibleImportSupplier' }], [ris, rno])).toEqual({
      unmatchedExpected: [],
      unmatchedEmitted: []
    })
  })

  it('reports a pattern with no alert left to match', () => {
    expect(matchAlerts([{ code: 'N29' }, { code: 'N29' }, { code: 'N29' }], [ris, rno]).unmatchedExpected).toHaveLength(1)
  })

  it('treats null as "the field is absent"', () => {
    expect(matchAlerts([{ recipientUserId: null }], [ris]).unmatchedExpected).toEqual([])
    expect(matchAlerts([{ deviceId: null }], [ris]).unmatchedExpected).toHaveLength(1)
  })
})
