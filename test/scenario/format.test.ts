import { describe, expect, it } from 'vitest'
import { decodeScenarioFile } from '../../src/scenario/index.js'
import { contractExample, cpl, oneScenario, readFirmware, suspendedEsme } from './fixtures.js'

/** The issues of decoding `json` as `f.json`, as `path: message` strings. */
function problems(json: unknown): string[] {
  const r = decodeScenarioFile(json, 'f.json')
  return r._tag === 'Left' ? r.left.issues.map((i) => i.message) : []
}
const paths = (json: unknown): string[] => {
  const r = decodeScenarioFile(json, 'f.json')
  return r._tag === 'Left' ? r.left.issues.map((i) => i.path) : []
}

describe('decodeScenarioFile', () => {
  it("accepts the contract's example format and returns the file itself", () => {
    const r = decodeScenarioFile(contractExample, 'example.json')
    expect(r).toEqual({ _tag: 'Right', right: contractExample })
  })

  it('accepts a minimal file: no file description, no edition, no cpl, no expect', () => {
    expect(problems({ scenarios: [{ id: 'a', description: '', given: { device: {} }, steps: [{ request: {} }] }] })).toEqual([])
  })

  it('keeps fields beyond the contract in device records, given and expected', () => {
    const file = oneScenario([{ response: {}, expect: { device: { installationNote: 'rear', status: null } } }])
    ;(file.scenarios as Array<{ given: { device: object } }>)[0]!.given.device = { ...suspendedEsme, installationNote: 'rear' }
    expect(problems(file)).toEqual([])
  })

  it.each([
    [{ ...oneScenario([{ request: readFirmware }]), $schema: 'x', $id: 'y' }, '$id'],
    [oneScenario([{ request: readFirmware }], { pia: '§2.1' }), 'scenarios[0].pia'],
    [
      { scenarios: [{ id: 'a', description: '', given: { device: {}, devices: [] }, steps: [{ request: {} }] }] },
      'scenarios[0].given.devices'
    ],
    [oneScenario([{ request: readFirmware, expected: {} }]), 'scenarios[0].steps[0].expected'],
    [oneScenario([{ request: readFirmware, expect: { outcome: 'Authorised', status: 'x' } }]), 'scenarios[0].steps[0].expect.status'],
    [
      oneScenario([{ response: {}, expect: { alerts: [{ code: 'N29', recipent: 'x' }] } }]),
      'scenarios[0].steps[0].expect.alerts[0].recipent'
    ],
    [oneScenario([{ request: { ...readFirmware, device: 'x' } }]), 'scenarios[0].steps[0].request.device'],
    [oneScenario([{ response: { serviceReferenceVariant: '11.2', respondant: 'GPF' } }]), 'scenarios[0].steps[0].response.respondant'],
    [
      oneScenario([{ cplRemoval: { manufacturer: 'A', model: 'B', firmwareVersion: 'C', status: 'Removed' } }]),
      'scenarios[0].steps[0].cplRemoval.status'
    ],
    [
      {
        scenarios: [{ id: 'a', description: '', given: { device: {}, cpl: [{ ...cpl[0], hardwareVersion: 1 }] }, steps: [{ request: {} }] }]
      },
      'scenarios[0].given.cpl[0].hardwareVersion'
    ]
  ])('refuses an unknown field, naming its path (%#)', (file, path) => {
    expect(paths(file)).toEqual([path])
    expect(problems(file)[0]).toMatch(/is not a field of .*; expected only /)
  })

  it('reports every problem of a file at once, each with its path', () => {
    const file = {
      scenarios: [
        { id: '', description: 1, given: { device: [] }, steps: [] },
        { id: 'b', description: '', edition: 'SECMP105', given: {}, steps: [{ request: 'x' }] }
      ]
    }
    expect(paths(file)).toEqual([
      'scenarios[0].id',
      'scenarios[0].description',
      'scenarios[0].given.device',
      'scenarios[0].steps',
      'scenarios[1].given.device',
      'scenarios[1].steps[0].request',
      'scenarios[1].edition'
    ])
  })

  it('accepts a top-level "$schema" string for editors, and refuses one that is not a string', () => {
    expect(problems({ $schema: '../schemas/scenario.schema.json', ...oneScenario([{ request: readFirmware }]) })).toEqual([])
    expect(paths({ $schema: 1, ...oneScenario([{ request: readFirmware }]) })).toEqual(['$schema'])
  })

  it('accepts expect.rules, a non-empty list of rule ids of the table that decides the step', () => {
    expect(
      problems(
        oneScenario([
          { request: readFirmware, expect: { outcome: 'Authorised', rules: ['A6'] } },
          { response: {}, expect: { rules: ['R3', 'R2'] } },
          { cplRemoval: {}, expect: { rules: ['S1'] } }
        ])
      )
    ).toEqual([])
  })

  it.each([
    [{ request: readFirmware, expect: { rules: [] } }, 'scenarios[0].steps[0].expect.rules', 'is empty'],
    [{ request: readFirmware, expect: { rules: ['A9'] } }, 'scenarios[0].steps[0].expect.rules[0]', 'expected "A1"'],
    [{ request: readFirmware, expect: { rules: 'A6' } }, 'scenarios[0].steps[0].expect.rules', 'expected'],
    [
      { response: {}, expect: { rules: ['R2', 'A6'] } },
      'scenarios[0].steps[0].expect.rules[1]',
      'is a rule of authorisation (A1-A8), and this step is a response step'
    ],
    [
      { response: {}, expect: { error: true, rules: ['R2'] } },
      'scenarios[0].steps[0].expect.rules',
      'cannot be combined with "error": true'
    ]
  ])('refuses a malformed expect.rules (%#), naming its path', (step, path, words) => {
    const r = decodeScenarioFile(oneScenario([step]), 'f.json')
    expect(r._tag).toBe('Left')
    const issue = r._tag === 'Left' ? r.left.issues.find((i) => i.path === path) : undefined
    expect(issue?.message).toContain(words)
  })

  it('refuses a step with no input or with two', () => {
    expect(problems(oneScenario([{ expect: {} }]))).toEqual([
      'scenarios[0].steps[0]: has no input; expected exactly one of request, response, cplRemoval'
    ])
    expect(problems(oneScenario([{ request: readFirmware, response: {} }]))).toEqual([
      'scenarios[0].steps[0]: has request and response; expected exactly one of request, response, cplRemoval'
    ])
  })

  it('refuses "error": true alongside other expectations', () => {
    expect(paths(oneScenario([{ request: readFirmware, expect: { error: true, outcome: 'Authorised' } }]))).toEqual([
      'scenarios[0].steps[0].expect.outcome'
    ])
    expect(paths(oneScenario([{ response: {}, expect: { error: true, device: {} } }]))).toEqual(['scenarios[0].steps[0].expect.device'])
  })

  it('refuses an authorisation outcome on a response or CPL removal step', () => {
    expect(paths(oneScenario([{ response: {}, expect: { outcome: 'Authorised' } }]))).toEqual(['scenarios[0].steps[0].expect.outcome'])
    expect(paths(oneScenario([{ cplRemoval: {}, expect: { outcome: 'Rejected', responseCode: 'E5' } }]))).toEqual([
      'scenarios[0].steps[0].expect.outcome',
      'scenarios[0].steps[0].expect.responseCode'
    ])
  })

  it('requires a responseCode with "Rejected" and refuses one without it', () => {
    expect(problems(oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected' } }]))).toEqual([
      'scenarios[0].steps[0].expect.responseCode: is required when outcome is "Rejected" (expected "E5" | "E12")'
    ])
    expect(paths(oneScenario([{ request: readFirmware, expect: { outcome: 'Authorised', responseCode: 'E5' } }]))).toEqual([
      'scenarios[0].steps[0].expect.responseCode'
    ])
  })

  it('checks the values of expected alerts, allowing null for "absent"', () => {
    expect(problems(oneScenario([{ response: {}, expect: { alerts: [{ code: 'N29', recipientUserId: null }] } }]))).toEqual([])
    expect(paths(oneScenario([{ response: {}, expect: { alerts: [{ code: 'N30' }, { deviceId: 'x' }] } }]))).toEqual([
      'scenarios[0].steps[0].expect.alerts[0].code',
      'scenarios[0].steps[0].expect.alerts[1].deviceId'
    ])
  })

  it('refuses duplicate scenario ids, naming the first', () => {
    const s = (oneScenario([{ request: readFirmware }]).scenarios as unknown[])[0]
    expect(problems({ scenarios: [s, s] })).toEqual([
      'scenarios[1].id: "s1" is already the id of scenarios[0]; expected an id unique in the file'
    ])
  })

  it('refuses a file that is not an object, or has no scenarios', () => {
    expect(paths([])).toEqual([''])
    expect(problems({ scenarios: [] })).toEqual(['scenarios: is empty; expected a list of at least one scenario'])
  })

  it('leaves the values of step inputs to the library, so that error steps can exist', () => {
    expect(
      problems(oneScenario([{ request: { serviceReferenceVariant: '99.9', commandVariant: 'one' }, expect: { error: true } }]))
    ).toEqual([])
  })

  it('formats the error as "FILE: path: message", one line per issue', () => {
    const r = decodeScenarioFile(oneScenario([{ request: readFirmware, expect: { outcome: 'Maybe' } }]), 'spec/a.json')
    expect(r._tag === 'Left' && r.left).toMatchObject({
      _tag: 'ScenarioFileError',
      file: 'spec/a.json',
      message: 'spec/a.json: scenarios[0].steps[0].expect.outcome: expected "Authorised" | "Rejected", got "Maybe"'
    })
  })
})
