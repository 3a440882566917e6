/**
 * The bundled specification (spec/): it runs green, every step asserts the rules that decide it, it
 * covers every rule in every edition it belongs to, it is traced to the PIA in docs/traceability.md
 * (checked against what the steps assert), and it matches the JSON Schema of the format.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv2020 from 'ajv/dist/2020.js'
import { describe, expect, it } from 'vitest'
import { DeviceType, rules, serviceRequestVariants, UnsuspendedStatus, type Edition, type RuleId } from '../../src/index.js'
import { decodeScenarioFile, runScenarioFile, type Scenario, type ScenarioFileResult, type Step } from '../../src/scenario/index.js'
import { executeStep, initialState } from '../../src/scenario/runner.js'
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

/** Every step of the bundled specification, with its scenario, what it asserts, and the device before and after it. */
interface TracedStep {
  readonly scenario: Scenario
  readonly edition: Edition
  readonly index: number
  readonly step: Step
  readonly asserted: readonly RuleId[]
  readonly error: boolean
  readonly before: Record<string, unknown>
  readonly after: Record<string, unknown>
  /** The CPL as the step finds it. */
  readonly cpl: ReadonlyArray<Record<string, unknown>>
}
const steps: TracedStep[] = scenarios.flatMap((scenario) => {
  const edition = scenario.edition ?? 'SECMP0105'
  let state = initialState(scenario)
  return scenario.steps.map((step, index) => {
    const { outcome, next } = executeStep(step, state, edition)
    const traced = {
      scenario,
      edition,
      index,
      step,
      asserted: step.expect?.rules ?? [],
      error: outcome.tag === 'error',
      before: state.device as Record<string, unknown>,
      after: next.device as Record<string, unknown>,
      cpl: state.cpl as ReadonlyArray<Record<string, unknown>>
    }
    state = next
    return traced
  })
})
const where = (t: TracedStep): string => `${t.scenario.id} step ${t.index + 1}`
const responseOf = (t: TracedStep): Record<string, unknown> | undefined => (t.step as { response?: Record<string, unknown> }).response
const cplStatus = (cpl: TracedStep['cpl'], d: Record<string, unknown>, firmwareVersion: unknown): unknown =>
  cpl.find((e) => e.manufacturer === d.manufacturer && e.model === d.model && e.firmwareVersion === firmwareVersion)?.status
const assertedIn = (edition: Edition): Set<RuleId> => new Set(steps.filter((t) => t.edition === edition).flatMap((t) => t.asserted))

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

  it('asserts, in every step that is not an input error, the rules that decide it (expect.rules)', () => {
    expect(steps.filter((t) => !t.error && t.asserted.length === 0).map(where)).toEqual([])
  })

  it('has every rule asserted by some step, in every edition the rule belongs to', () => {
    const missing: string[] = []
    for (const r of rules)
      for (const e of ['baseline', 'SECMP0105'] as const)
        if (r.effect[e] !== undefined && !assertedIn(e).has(r.id)) missing.push(`${r.id}@${e}`)
    expect(missing).toEqual([])
  })

  it('points every file at the scenario JSON Schema, relative to the file, and ships both folders', () => {
    for (const f of specFiles) {
      const ref = (json(f) as { $schema?: unknown }).$schema
      expect(ref, f).toBe('../schemas/scenario.schema.json')
      expect(existsSync(resolve(dirname(join(specDir, f)), ref as string)), f).toBe(true)
    }
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { files: string[]; exports: Record<string, unknown> }
    expect(pkg.files).toEqual(expect.arrayContaining(['spec', 'schemas']))
    expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(['./spec/*', './schemas/*']))
  })

  it('checks, in every step that restores a device, every field: none but status, statusBeforeSuspension and firmwareVersion changes', () => {
    const restores = steps.filter((t) => !t.error && t.before.status === 'Suspended' && t.after.status !== 'Suspended')
    expect(restores.length).toBeGreaterThan(10)
    const shape = new Set([
      'deviceId',
      'deviceType',
      'smetsGeneration',
      'status',
      'statusBeforeSuspension',
      'manufacturer',
      'model',
      'firmwareVersion'
    ])
    const roles = ['responsibleImportSupplier', 'responsibleNetworkOperator']
    for (const t of restores) {
      const listed = Object.keys(t.step.expect?.device ?? {})
      const wanted = [...new Set([...Object.keys(t.before), ...Object.keys(t.after), ...roles])]
      expect(
        wanted.filter((k) => !listed.includes(k)),
        where(t)
      ).toEqual([])
      expect(
        Object.keys(t.before).some((k) => !shape.has(k) && !roles.includes(k)),
        `${where(t)}: a field beyond the shape`
      ).toBe(true)
    }
  })

  it('suspends, by S1, a device of every status a CPL removal suspends', () => {
    for (const e of ['baseline', 'SECMP0105'] as const) {
      const suspendedFrom = new Set(
        steps.filter((t) => t.edition === e && t.asserted.includes('S1')).map((t) => t.after.statusBeforeSuspension)
      )
      const expected = UnsuspendedStatus.values.filter((s) => s !== 'Decommissioned' && s !== 'Withdrawn')
      expect(
        expected.filter((s) => !suspendedFrom.has(s)),
        e
      ).toEqual([])
    }
  })

  it('has a device of every type, and a SMETS1 gas meter, decided by some step', () => {
    const decided = steps.filter((t) => !t.error).map((t) => t.before)
    expect(DeviceType.values.filter((type) => !decided.some((d) => d.deviceType === type))).toEqual([])
    expect(decided.some((d) => d.deviceType === 'GSME' && d.smetsGeneration === 'SMETS1')).toBe(true)
  })

  it('shows, in both editions, every Non-Device SRV on a Suspended device: A8 for sections 8 and 12, A4 for 11.1, A7 (E5) for the rest', () => {
    const nonDevice = serviceRequestVariants.filter((v) => v.nonDevice)
    const expected = (srv: string): RuleId => (/^(8|12)\./.test(srv) ? 'A8' : srv === '11.1' ? 'A4' : 'A7')
    for (const e of ['baseline', 'SECMP0105'] as const) {
      const shown = steps.filter((t) => t.edition === e && 'request' in t.step && t.before.status === 'Suspended')
      const missing = nonDevice.filter(
        (v) =>
          !shown.some(
            (t) =>
              (t.step as { request: { serviceReferenceVariant?: unknown } }).request.serviceReferenceVariant === v.srv &&
              t.asserted.includes(expected(v.srv))
          )
      )
      expect(
        missing.map((v) => v.srv),
        e
      ).toEqual([])
    }
  })

  it('starts no device outside Suspended, Decommissioned and Withdrawn on firmware its CPL holds as Removed', () => {
    const inconsistent = steps.filter(
      (t) =>
        t.index === 0 &&
        !t.error &&
        !['Suspended', 'Decommissioned', 'Withdrawn'].includes(t.before.status as string) &&
        cplStatus(t.cpl, t.before, t.before.firmwareVersion) === 'Removed'
    )
    expect(inconsistent.map((t) => t.scenario.id)).toEqual([])
  })

  it('shows the lost SR11.3 success response of PIA §2.2 as the absence of a step, not as an SR11.3 response', () => {
    const journey = steps.filter((t) => t.scenario.id.startsWith('pia-2.2-stuck-device-journey@'))
    expect(journey.length).toBeGreaterThan(0)
    expect(journey.filter((t) => responseOf(t)?.serviceReferenceVariant === '11.3').map(where)).toEqual([])
  })

  it('labels as hypothetical every response to a request the step before refused', () => {
    const unlabelled = steps.filter((t, i) => {
      const previous = steps[i - 1]
      const request = previous?.scenario === t.scenario ? (previous.step as { request?: Record<string, unknown> }).request : undefined
      return (
        request !== undefined &&
        request.serviceReferenceVariant === responseOf(t)?.serviceReferenceVariant &&
        previous?.step.expect?.outcome === 'Rejected' &&
        !/hypothetical/.test(t.scenario.description)
      )
    })
    expect(unlabelled.map(where)).toEqual([])
  })

  it('shows, in both editions, failed activations (hashMismatch, activationFailure) reporting the Removed version: no restore (R7)', () => {
    for (const e of ['baseline', 'SECMP0105'] as const) {
      const codes = steps
        .filter((t) => t.edition === e && t.before.status === 'Suspended' && t.asserted.includes('R7'))
        .filter((t) => cplStatus(t.cpl, t.before, responseOf(t)?.firmwareVersion) === 'Removed')
        .map((t) => responseOf(t)?.activateImageResponseCode)
      expect(codes, e).toEqual(expect.arrayContaining(['hashMismatch', 'activationFailure']))
    }
  })

  it('shows, in both editions, an SR11.2 read failure from the device (R3) and from the GPF (R1, no N52)', () => {
    for (const e of ['baseline', 'SECMP0105'] as const) {
      const readFailures = steps.filter((t) => {
        const r = responseOf(t)
        return t.edition === e && r?.serviceReferenceVariant === '11.2' && r.firmwareVersion === undefined && !t.error
      })
      expect(
        readFailures.some((t) => t.asserted.includes('R3')),
        `${e}: from the device`
      ).toBe(true)
      expect(
        readFailures.some((t) => t.asserted.includes('R1') && t.step.expect?.alerts === undefined),
        `${e}: from the GPF`
      ).toBe(true)
    }
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

  it('shows a rule by a scenario only where a step of it asserts the rule, in each edition the rule belongs to', () => {
    const unshown: string[] = []
    for (const row of rows) {
      const [, section, , ruleCell, scenarioCell] = row.split('|')
      const refs = [...(scenarioCell ?? '').matchAll(/`([A-Za-z0-9.-]+(?:@(?:baseline|SECMP0105))?)`/g)].flatMap((m) => resolve(m[1]!))
      for (const m of (ruleCell ?? '').matchAll(/\b([ARS]\d)\b(?: \(`(baseline|SECMP0105)`\))?/g)) {
        const rule = rules.find((r) => r.id === m[1])!
        const editions = (['baseline', 'SECMP0105'] as const).filter(
          (e) => rule.effect[e] !== undefined && (m[2] === undefined || m[2] === e)
        )
        for (const e of editions)
          if (!steps.some((t) => t.edition === e && refs.includes(t.scenario.id) && t.asserted.includes(rule.id)))
            unshown.push(`${section?.trim()} ${rule.id}@${e}`)
      }
    }
    expect(unshown).toEqual([])
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
