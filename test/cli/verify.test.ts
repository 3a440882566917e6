import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contractExample, oneScenario, readFirmware } from '../scenario/fixtures.js'
import { cli, folder } from './fakeIO.js'

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
      'FAIL  s1  a scenario  —  step 1 of 1, SR2.2 request (CV 1): expected outcome Authorised, got Rejected E5 (decided by A7)'
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

  it('runs only the scenarios of one edition with --edition', async () => {
    const r = await cli(['verify', '--edition', 'baseline'])
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('@SECMP0105')
    expect(r.stdout).toContain('@baseline')
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

  it('creates the folders --output names (the README\'s CI example on a fresh checkout)', async () => {
    const dir = folder({ 'a.json': contractExample })
    const r = await cli(['verify', 'a.json', '--reporter', 'junit', '--output', 'reports/ci/scenarios.xml'], { cwd: dir })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'reports/ci/scenarios.xml'), 'utf8')).toContain('<testsuites name="suspended-device-rules verify" tests="1"')
  })

  it('refuses an unknown reporter with exit 2', async () => {
    const r = await cli(['verify', '--reporter', 'tap'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("argument 'tap' is invalid")
  })
})
