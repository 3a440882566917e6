import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { contractExample, oneScenario, readFirmware, suspendedEsme } from '../scenario/fixtures.js'
import { cli, folder } from './fakeIO.js'

const root = fileURLToPath(new URL('../..', import.meta.url))

const failing = oneScenario([{ request: { serviceReferenceVariant: '2.2', commandVariant: 1 }, expect: { outcome: 'Authorised' } }])
const malformed = oneScenario([{ request: readFirmware, expect: { outcome: 'Authorised', resonse: 1 } }])

describe('verify', () => {
  it('runs the bundled specification by default: one line per scenario, then "N passed, 0 failed", exit 0', async () => {
    const r = await cli(['verify'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    const scenarioLines = lines.filter((l) => /^ {2}(PASS|FAIL) {2}/.test(l))
    expect(scenarioLines.length).toBeGreaterThan(50)
    expect(lines.at(-1)).toBe(`${scenarioLines.length} passed, 0 failed`)
    expect(r.stderr).toBe('')
  })

  it('runs a file written in the contract format unchanged', async () => {
    const dir = folder({ 'theirs.json': contractExample })
    const r = await cli(['verify', 'theirs.json'], { cwd: dir })
    expect(r.stdout).toBe(
      'theirs.json — what this file covers\n  PASS  R1-gpf-never-restores  the example of docs/specification.md §4, filled in\n1 passed, 0 failed\n'
    )
    expect(r.code).toBe(0)
  })

  it('exits 1 when a scenario fails, naming the step, the expectation, what happened and the rules', async () => {
    const dir = folder({ 'a.json': failing })
    const r = await cli(['verify', dir])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      [
        '  FAIL  s1  a scenario',
        '        step 1 of 1, SR2.2 request (CV 1), at scenarios[0].steps[0]',
        '          expected outcome Authorised, got Rejected E5',
        '          decided by A7'
      ].join('\n')
    )
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('0 passed, 1 failed')
  })

  it('exits 2 for a malformed file, naming file, path and what was expected on standard error; the other files still run', async () => {
    const dir = folder({ 'bad.json': malformed, 'good.json': contractExample })
    const r = await cli(['verify', '.'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      'bad.json: scenarios[0].steps[0].expect.resonse: is not a field of the expectations of a step; expected only outcome, responseCode, device, alerts, error'
    )
    expect(r.stdout).toContain('PASS  R1-gpf-never-restores')
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed')
  })

  it.each([
    [
      'a file that is not JSON',
      { 'x.json': '{ "scenarios": [' },
      ['x.json'],
      /^x\.json:1:17: invalid JSON: the text ends too early; expected a JSON value .+$/m
    ],
    [
      'a path that does not exist',
      {},
      ['missing.json'],
      /^missing\.json: no such file or directory; expected a scenario file or a folder of them$/m
    ],
    ['a folder without JSON files', { 'notes.txt': 'x' }, ['.'], /holds no \.json file; expected a folder of scenario files/],
    [
      'a file that is not a scenario file',
      { 'x.json': [1] },
      ['x.json'],
      /^x\.json: \(input\): expected a scenario file \(\{ \$schema\?, description\?, scenarios \}\), got \[1\]$/m
    ]
  ])('exits 2 for %s', async (_, files, args, message) => {
    const r = await cli(['verify', ...args], { cwd: folder(files) })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(message)
  })

  it('reads a scenario file from standard input with "-"', async () => {
    const r = await cli(['verify', '-'], { stdin: JSON.stringify(failing) })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/^<stdin> — test file$/m)
  })

  it('runs only the scenarios written for one edition with --only-edition', async () => {
    const r = await cli(['verify', '--only-edition', 'baseline'])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('@SECMP0105')
    expect(r.stdout).toContain('@baseline')
  })

  it('refuses --edition, which elsewhere chooses the rules applied, naming --only-edition', async () => {
    const r = await cli(['verify', '--edition', 'baseline'])
    expect(r.code).toBe(2)
    expect(r.stdout).toBe('')
    expect(r.stderr).toContain('to run only the scenarios written for one edition, use --only-edition baseline')
  })

  it('lists the steps after a failed one as not run, and keeps every line of the failure short', async () => {
    const steps = [
      { request: readFirmware, expect: { outcome: 'Rejected', responseCode: 'E5' } },
      { response: { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' } },
      { request: readFirmware }
    ]
    const r = await cli(['verify', 'a.json'], { cwd: folder({ 'a.json': oneScenario(steps) }) })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      '        not run: step 2, SR11.2 response (firmware 0102AB00); step 3, SR11.2 request (CV 1) (they would start from a state the scenario did not mean)\n'
    )
    for (const line of r.stdout.split('\n')) expect(line.length, line).toBeLessThanOrEqual(160)
  })

  it('reports an N52 that differs from the one expected by the fields that differ, the payload never repeated', async () => {
    const dir = join(root, 'spec')
    const spec = JSON.parse(readFileSync(join(dir, 'pia-3.2-gpf-and-n52.json'), 'utf8')) as {
      scenarios: Array<{ id: string; given: { device: Record<string, unknown> } }>
    }
    const s = spec.scenarios.find((x) => x.id === 'pia-3.2-gpf-mismatch-for-commissioned-gsme@SECMP0105')!
    s.given.device.responsibleImportSupplier = '90-B3-D5-1F-30-01-00-01'
    const r = await cli(['verify', 'n52.json'], { cwd: folder({ 'n52.json': { scenarios: [s] } }) })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      [
        '          alerts:',
        '            expected N52 to RIS with recipientUserId absent (not emitted)',
        '            expected N52 to RNO',
        '            got      N52 to RIS with recipientUserId "90-B3-D5-1F-30-01-00-01" (not expected)',
        '            got      N52 to RNO'
      ].join('\n')
    )
    expect(r.stdout.match(/firmwareVersionDevice/g)).toBeNull()
  })

  it('reports a bad device in given at its place in the file, in plain words, as a failed scenario', async () => {
    const { smetsGeneration: _, ...device } = suspendedEsme
    const file = {
      scenarios: [{ id: 's1', description: 'd', given: { device: { ...device, status: 'suspended' } }, steps: [{ request: readFirmware }] }]
    }
    const r = await cli(['verify', 'a.json'], { cwd: folder({ 'a.json': file }) })
    expect(r.code).toBe(1)
    expect(r.stdout).toContain(
      [
        '          the input was refused as invalid (a step meant to show a refusal expects { "error": true }):',
        '            scenarios[0].given.device.smetsGeneration: is required (expected "SMETS1" | "SMETS2")',
        '            scenarios[0].given.device.status: expected'
      ].join('\n')
    )
  })

  it('prints only the failures and the counts, saying what is counted, with --summary', async () => {
    const r = await cli(['verify', '--summary', 'a.json', 'b.json'], { cwd: folder({ 'a.json': failing, 'b.json': contractExample }) })
    expect(r.code).toBe(1)
    expect(r.stdout).toBe(
      [
        'a.json',
        '  FAIL  s1  a scenario',
        '        step 1 of 1, SR2.2 request (CV 1), at scenarios[0].steps[0]',
        '          expected outcome Authorised, got Rejected E5',
        '          decided by A7',
        'verify ran 2 scenarios from 2 files, each one journey in the edition it names,',
        'and checked every step against what the scenario expects (one line per scenario: verify without --summary):',
        '1 passed, 1 failed',
        ''
      ].join('\n')
    )
  })

  it('goes on past a path that does not exist, reports it, and exits 2 at the end', async () => {
    const r = await cli(['verify', 'missing.json', 'b.json'], { cwd: folder({ 'b.json': contractExample }) })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('PASS  R1-gpf-never-restores')
    expect(r.stdout).toContain('missing.json: INVALID (see standard error)')
    expect(r.stderr).toContain('missing.json: no such file or directory; expected a scenario file or a folder of them')
  })

  it('writes JUnit XML with --reporter junit: a suite per file, a case per scenario, a failure per failed one', async () => {
    const dir = folder({ 'a.json': failing, 'b.json': contractExample })
    const r = await cli(['verify', '--reporter', 'junit', 'a.json', 'b.json'], { cwd: dir })
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(
      /^<\?xml version="1.0" encoding="UTF-8"\?>\n<testsuites name="suspended-device-rules verify" tests="2" failures="1" errors="0"/
    )
    expect(r.stdout).toContain('<testsuite name="a.json" tests="1" failures="1" errors="0" skipped="0">')
    expect(r.stdout).toContain('<testcase classname="a.json" name="s1: a scenario">')
    expect(r.stdout).toContain(
      '<failure message="step 1 of 1, SR2.2 request (CV 1): expected outcome Authorised, got Rejected E5 (decided by A7)" type="ScenarioFailed"/>'
    )
  })

  it('reports an invalid file as a JUnit error', async () => {
    const r = await cli(['verify', '--reporter', 'junit', 'bad.json'], { cwd: folder({ 'bad.json': malformed }) })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('<testsuites name="suspended-device-rules verify" tests="1" failures="0" errors="1"')
    expect(r.stdout).toContain('type="InvalidScenarioFile"')
  })

  it('writes a JSON report with --reporter json, with the rules of every step', async () => {
    const r = await cli(['verify', '--reporter', 'json', 'a.json'], { cwd: folder({ 'a.json': contractExample }) })
    const report = JSON.parse(r.stdout)
    expect(report).toMatchObject({ passed: 1, failed: 0, invalid: 0, files: [{ file: 'a.json', valid: true }] })
    expect(report.files[0].scenarios[0].steps.map((s: { rules: string[] }) => s.rules)).toEqual([['A7'], ['R2'], ['S1'], []])
  })

  it('writes the report to --output and still prints the text report', async () => {
    const dir = folder({ 'a.json': contractExample })
    const r = await cli(['verify', '--reporter', 'junit', '--output', 'report.xml', 'a.json'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'report.xml'), 'utf8')).toContain(
      '<testsuites name="suspended-device-rules verify" tests="1" failures="0"'
    )
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed')
  })

  it('names a JSON syntax error once, as FILE:LINE:COLUMN, with the line and a caret under the place', async () => {
    const r = await cli(['verify', 'bad.json'], { cwd: folder({ 'bad.json': '{\n  "scenarios": [\n    { "id": "x", }\n  ]\n}\n' }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      [
        'bad.json:3:18: invalid JSON: unexpected "}" in an object; expected a key (a string in double quotes)',
        '  3 |     { "id": "x", }',
        '    |                  ^',
        '1 scenario file is invalid',
        ''
      ].join('\n')
    )
  })

  it("creates the folders --output names (the README's CI example on a fresh checkout)", async () => {
    const dir = folder({ 'a.json': contractExample })
    const r = await cli(['verify', 'a.json', '--reporter', 'junit', '--output', 'reports/ci/scenarios.xml'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'reports/ci/scenarios.xml'), 'utf8')).toContain(
      '<testsuites name="suspended-device-rules verify" tests="1"'
    )
  })

  it('refuses an unknown reporter with exit 2', async () => {
    const r = await cli(['verify', '--reporter', 'tap'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("argument 'tap' is invalid")
  })
})
