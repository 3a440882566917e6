/**
 * The bundled specification (spec/): it runs green, covers every rule in every edition it belongs to,
 * is traced to the PIA in docs/traceability.md, and matches the JSON Schema of the format.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { decodeScenarioFile, rules, runScenarioFile, type Edition, type Scenario, type ScenarioFileResult } from '../../src/index.js'
import { contractExample, oneScenario, readFirmware } from './fixtures.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const specDir = join(root, 'spec')
const specFiles = readdirSync(specDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
const json = (f: string): unknown => JSON.parse(readFileSync(join(specDir, f), 'utf8'))

const results: ScenarioFileResult[] = specFiles.map((f) => {
  const r = runScenarioFile(json(f), `spec/${f}`)
  if (r._tag === 'Left') throw new Error(r.left.message)
  return r.right
})
const scenarios: Scenario[] = specFiles.flatMap((f) => {
  const r = decodeScenarioFile(json(f), f)
  return r._tag === 'Right' ? [...r.right.scenarios] : []
})
const allResults = results.flatMap((r) => r.scenarios)

describe('the bundled specification', () => {
  it('has scenario files', () => {
    expect(specFiles.length).toBeGreaterThan(5)
  })

  it('passes, every scenario of every file', () => {
    const failed = allResults.filter((s) => !s.passed).map((s) => `${s.file} ${s.id}`)
    expect(failed).toEqual([])
    expect(allResults.length).toBe(scenarios.length)
  })

  it('has ids unique across files', () => {
    const ids = scenarios.map((s) => s.id)
    expect(new Set(ids).size).toBe(ids.length)
  })

  it('writes every journey in both editions, the id ending in its edition', () => {
    const byBase = new Map<string, Edition[]>()
    for (const s of scenarios) {
      const m = /^(.+)@(baseline|SECMP0105)$/.exec(s.id)
      expect(m, s.id).not.toBeNull()
      expect(s.edition, s.id).toBe(m?.[2])
      byBase.set(m![1]!, [...(byBase.get(m![1]!) ?? []), s.edition!])
    }
    for (const [base, editions] of byBase) expect(editions.sort(), base).toEqual(['SECMP0105', 'baseline'])
  })

  it('names in each description the source it demonstrates (PIA section, DUIS, assumption or specification)', () => {
    for (const s of scenarios)
      expect(s.description, s.id).toMatch(/\((?:[^()]*(?:PIA §\d|DUIS|docs\/assumptions\.md#|docs\/specification\.md §\d))[^()]*\)$/)
  })

  it('has every rule decide some step, in every edition the rule belongs to', () => {
    const decided = new Set(allResults.flatMap((s) => s.steps.flatMap((st) => st.rules.map((id) => `${id}@${s.edition}`))))
    const missing: string[] = []
    for (const r of rules)
      for (const e of ['baseline', 'SECMP0105'] as const)
        if (r.effect[e] !== undefined && !decided.has(`${r.id}@${e}`)) missing.push(`${r.id}@${e}`)
    expect(missing).toEqual([])
  })

  it('has an error step for every kind of step', () => {
    const kinds = new Set(allResults.flatMap((s) => s.steps.filter((st) => st.error !== undefined).map((st) => st.kind)))
    expect([...kinds].sort()).toEqual(['cplRemoval', 'request', 'response'])
  })
})

describe('docs/traceability.md', () => {
  const doc = readFileSync(join(root, 'docs/traceability.md'), 'utf8')
  const rows = doc.split('\n').filter((l) => /^\| (§|specification §)/.test(l))
  const ids = new Set(scenarios.map((s) => s.id))
  const named = rows.flatMap((r) =>
    [...(r.split('|')[4] ?? '').matchAll(/`([A-Za-z0-9.-]+(?:@(?:baseline|SECMP0105))?)`/g)].map((m) => m[1]!)
  )
  const resolve = (ref: string): string[] =>
    ref.includes('@') ? [ref].filter((r) => ids.has(r)) : [`${ref}@baseline`, `${ref}@SECMP0105`].filter((r) => ids.has(r))

  it('names only scenarios that exist', () => {
    expect(named.filter((ref) => resolve(ref).length === 0)).toEqual([])
  })

  it('names every bundled scenario', () => {
    const covered = new Set(named.flatMap(resolve))
    expect(scenarios.map((s) => s.id).filter((id) => !covered.has(id))).toEqual([])
  })

  it('traces every rule id to a requirement sentence', () => {
    const ruleCells = rows.map((r) => r.split('|')[3] ?? '')
    expect(rules.map((r) => r.id).filter((id) => !ruleCells.some((c) => new RegExp(`\\b${id}\\b`).test(c)))).toEqual([])
  })

  it('covers every PIA section with requirements: §2.1, §2.2, §3 (the objective), §3 Req 1, §3 Req 2, §3.1, §3.2', () => {
    const sections = rows.map((r) => r.split('|')[1]?.trim())
    for (const s of ['§2.1', '§2.2, §2.3', '§3', '§3 Req 1', '§3 Req 2', '§3.1', '§3.2']) expect(sections).toContain(s)
  })
})

describe('schemas/scenario.schema.json', () => {
  const schema = JSON.parse(readFileSync(join(root, 'schemas/scenario.schema.json'), 'utf8')) as object
  // ajv is CommonJS: its class is the module's `default` export under NodeNext
  const Ajv = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as typeof Ajv2020.default
  const validate = new Ajv({ allErrors: true, strict: true, strictRequired: false, strictTypes: false }).compile(schema)

  it.each(specFiles)('accepts the bundled %s', (f) => {
    expect(validate(json(f)), JSON.stringify(validate.errors)).toBe(true)
  })

  it("accepts the contract's example", () => {
    expect(validate(contractExample)).toBe(true)
  })

  it.each([
    ['an unknown field in a step', oneScenario([{ request: readFirmware, expected: {} }])],
    ['an unknown field in a request', oneScenario([{ request: { ...readFirmware, srv: '11.2' } }])],
    ['an unknown field in an expected alert', oneScenario([{ response: {}, expect: { alerts: [{ kode: 'N29' }] } }])],
    ['a step with two inputs', oneScenario([{ request: readFirmware, response: {} }])],
    ['"Rejected" without a response code', oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected' } }])],
    ['an outcome on a response step', oneScenario([{ response: {}, expect: { outcome: 'Authorised' } }])],
    ['"error": true with a device expectation', oneScenario([{ response: {}, expect: { error: true, device: {} } }])],
    ['an unknown edition', oneScenario([{ request: readFirmware }], { edition: 'SECMP105' })],
    ['no scenarios', { scenarios: [] }]
  ])('refuses %s, as the scenario codec does', (_, file) => {
    expect(validate(file)).toBe(false)
    expect(decodeScenarioFile(file, 'f.json')._tag).toBe('Left')
  })
})
