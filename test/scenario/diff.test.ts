import { describe, expect, it } from 'vitest'
import { decodeScenarioFile, diffEditions, type ScenarioFile } from '../../src/scenario/index.js'
import { oneScenario, readFirmware, readFirmwareResponse } from './fixtures.js'

const decode = (u: unknown): ScenarioFile => {
  const r = decodeScenarioFile(u, 'f.json')
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
}

describe('diffEditions', () => {
  it('lists the steps whose outcome differs, with what each edition decided', () => {
    const file = decode(
      oneScenario([
        { request: { serviceReferenceVariant: '2.2', commandVariant: 1 } },
        { request: readFirmware },
        { response: readFirmwareResponse }
      ])
    )
    const diff = diffEditions([{ file: 'f.json', content: file }])
    expect(diff.differences.map((d) => [d.step, d.baseline.rules, d.SECMP0105.rules])).toEqual([
      [1, ['A7'], ['A6']],
      [2, ['R3'], ['R2']]
    ])
    expect(diff.differences[0]).toMatchObject({ baseline: { happened: 'Rejected E5' }, SECMP0105: { happened: 'Authorised' } })
    expect(diff).toMatchObject({ journeys: 1, steps: 3 })
  })

  it('threads each edition its own state, so later steps show the consequences', () => {
    const file = decode(
      oneScenario([{ response: readFirmwareResponse }, { request: { serviceReferenceVariant: '2.2', commandVariant: 1 } }])
    )
    expect(diffEditions([{ file: 'f.json', content: file }]).differences.map((d) => d.SECMP0105.rules)).toEqual([['R2'], ['A2']])
  })

  it('compares a journey written once per edition only once, naming both scenarios', () => {
    const a = oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected', responseCode: 'E5' } }], {
      id: 'j@baseline',
      edition: 'baseline'
    })
    const b = oneScenario([{ request: readFirmware, expect: { outcome: 'Authorised' } }], { id: 'j@SECMP0105' })
    const file = decode({ scenarios: [...(a.scenarios as unknown[]), ...(b.scenarios as unknown[])] })
    const diff = diffEditions([{ file: 'f.json', content: file }])
    expect(diff.journeys).toBe(1)
    expect(diff.differences.map((d) => d.scenarios)).toEqual([['j@baseline', 'j@SECMP0105']])
  })

  it('lists nothing for steps both editions decide alike, errors included', () => {
    const file = decode(
      oneScenario([
        { request: { serviceReferenceVariant: '11.3', commandVariant: 5 } },
        { request: { serviceReferenceVariant: '99.9', commandVariant: 1 } }
      ])
    )
    expect(diffEditions([{ file: 'f.json', content: file }]).differences).toEqual([])
  })
})
