/**
 * The runner's seam: any Implementation is checked by the same code as the library, and what it
 * answers through the protocol is read with the library's codecs.
 */
import { describe, expect, it } from 'vitest'
import { decodeScenarioFile, type Scenario } from '../../src/scenario/index.js'
import { libraryImplementation, readStepAnswer, runConformance, runScenarioWith, type Implementation } from '../../src/conformance/index.js'
import { runScenario } from '../../src/scenario/runner.js'
import { contractExample } from '../scenario/fixtures.js'

const decoded = decodeScenarioFile(contractExample, 'contract.json')
if (decoded._tag === 'Left') throw new Error(decoded.left.message)
const scenario = decoded.right.scenarios[0] as Scenario

describe('runScenarioWith', () => {
  it('gives, for the library, exactly what the synchronous runner gives', async () => {
    expect(await runScenarioWith(libraryImplementation, scenario, 'contract.json', 0)).toEqual(runScenario(scenario, 'contract.json', 0))
  })

  it('fails the step whose implementation throws, saying what it threw, and runs no step after it', async () => {
    let asked = 0
    const throwing: Implementation = {
      decide: (q) => {
        if (++asked === 2) throw new Error('database unavailable')
        return libraryImplementation.decide(q)
      }
    }
    const r = await runScenarioWith(throwing, scenario, 'contract.json', 0)
    expect(r.passed).toBe(false)
    expect(r.steps).toHaveLength(2)
    expect(r.failure?.mismatches).toEqual([
      { subject: 'implementation', expected: 'an answer', actual: 'the implementation threw: database unavailable' }
    ])
  })

  it('attaches what the implementation wrote for diagnosis to the failed step only', async () => {
    const wrong: Implementation = {
      decide: (q) =>
        q.kind === 'request'
          ? { tag: 'decided', kind: 'request', decision: { outcome: 'Authorised', rules: ['A2'] } }
          : libraryImplementation.decide(q),
      diagnostics: () => 'it said something'
    }
    const r = await runScenarioWith(wrong, scenario, 'contract.json', 0)
    expect(r.failure?.diagnostics).toBe('it said something')
    expect(r.failure?.mismatches.map((m) => m.subject)).toEqual(['outcome', 'rules'])
  })

  it('does not check expect.rules when told the implementation reports none', async () => {
    const noRules: Implementation = {
      decide: (q) => {
        const a = libraryImplementation.decide(q)
        return a.tag === 'decided' ? ({ ...a, decision: { ...a.decision, rules: [] } } as typeof a) : a
      }
    }
    expect((await runScenarioWith(noRules, scenario, 'contract.json', 0)).passed).toBe(false)
    expect((await runScenarioWith(noRules, scenario, 'contract.json', 0, { checkRules: false })).passed).toBe(true)
  })
})

describe('runConformance', () => {
  it('skips the scenarios of an edition the implementation does not support, and runs the others', async () => {
    const r = await runConformance(libraryImplementation, [{ file: 'contract.json', content: decoded.right }], { editions: ['baseline'] })
    expect([r.passed, r.failed, r.skipped]).toEqual([0, 0, 1])
    expect(r.files[0]?.scenarios[0]?.skipped).toBe('the implementation does not support the SECMP0105 edition')
  })
})

describe('readStepAnswer', () => {
  it('reads an error answer as the input refused, with its message', () => {
    expect(readStepAnswer('response', 5, { id: 5, error: { message: 'response.firmwareVersion: too long' } }, true)).toEqual({
      tag: 'error',
      kind: 'response',
      error: { message: 'response.firmwareVersion: too long', issues: [] }
    })
  })

  it('requires rules of an implementation that reports them, and does not read them of one that does not', () => {
    const answer = { id: 2, decision: { outcome: 'Authorised', rules: 'A6' } }
    expect(readStepAnswer('request', 2, answer, true)).toEqual({
      tag: 'failed',
      kind: 'request',
      problem: 'answer to authorise: decision.rules: expected the ids of the rules that decided the step, got "A6"'
    })
    expect(readStepAnswer('request', 2, answer, false)).toEqual({
      tag: 'decided',
      kind: 'request',
      decision: { outcome: 'Authorised', rules: [] }
    })
  })

  it('names an answer without an id, and one with another id', () => {
    expect(readStepAnswer('cplRemoval', 4, { decision: {} }, true)).toMatchObject({
      problem: 'answer to cplRemoval: id: is required (expected 4, the id of the message)'
    })
    expect(readStepAnswer('cplRemoval', 4, { id: '4', decision: {} }, true)).toMatchObject({
      problem: 'answered id "4" to message 4 (cplRemoval); expected the message\'s id'
    })
  })
})
