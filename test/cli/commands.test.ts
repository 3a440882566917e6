import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { formatCitation, rules } from '../../src/index.js'
import { cpl, readFirmware, readFirmwareResponse, suspendedEsme } from '../scenario/fixtures.js'
import { cli, folder } from './fakeIO.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const inputs = () =>
  folder({ 'device.json': suspendedEsme, 'request.json': readFirmware, 'response.json': readFirmwareResponse, 'cpl.json': cpl })

describe('authorise', () => {
  it('prints the decision as JSON', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', 'request.json'], { cwd: inputs() })
    expect(r.code).toBe(0)
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'Authorised', edition: 'SECMP0105', rules: ['A6'] })
  })

  it('decides in the edition given by --edition', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', 'request.json', '--edition', 'baseline'], { cwd: inputs() })
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', edition: 'baseline', rules: ['A7'] })
  })

  it('reads one input from standard input with "-"', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', '-'], {
      cwd: inputs(),
      stdin: '{"serviceReferenceVariant":"2.2","commandVariant":1}'
    })
    expect(JSON.parse(r.stdout)).toMatchObject({ outcome: 'Rejected', rules: ['A7'] })
  })

  it('carries the reason and the citations of the rules that decided, with their quotes', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', 'request.json', '--edition', 'baseline'], { cwd: inputs() })
    const out = JSON.parse(r.stdout)
    expect(out.reason).toEqual(expect.any(String))
    expect(out.citations[0]).toEqual({ rule: 'A7', source: 'PIA §2.1', quote: expect.stringContaining('E5') })
  })

  it('exits 2 for an invalid input, naming the file, the path and what was expected', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', '-'], {
      cwd: inputs(),
      stdin: '{"serviceReferenceVariant":"11.2","commandVariant":9}'
    })
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: '<stdin>: request.commandVariant: expected an integer from 1 to 8 (a DUIS Command Variant), got 9\n'
    })
  })

  it.each([
    [
      'a device file that does not exist',
      ['--device', 'nope.json', '--request', 'request.json'],
      'nope.json: no such file; expected a JSON file'
    ],
    [
      'a file that is not JSON',
      ['--device', 'device.json', '--request', '-'],
      '<stdin>:1:2: invalid JSON: the text ends too early in an object'
    ],
    [
      'standard input given twice',
      ['--device', '-', '--request', '-'],
      '--request: standard input ("-") is already read for --device; expected "-" at most once'
    ],
    ['a missing option', ['--device', 'device.json'], "error: required option '--request <file>' not specified"],
    [
      'an unknown edition',
      ['--device', 'device.json', '--request', 'request.json', '--edition', 'SECMP105'],
      "argument 'SECMP105' is invalid"
    ]
  ])('exits 2 for %s', async (_, args, message) => {
    const r = await cli(['authorise', ...args], { cwd: inputs(), stdin: '{' })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(message)
  })
})

describe('process', () => {
  it('prints { device, alerts, rules, edition, reason, citations } as JSON: what a reviewer reads', async () => {
    const r = await cli(['process', '--device', 'device.json', '--response', 'response.json', '--cpl', 'cpl.json'], { cwd: inputs() })
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(Object.keys(out)).toEqual(['device', 'alerts', 'rules', 'edition', 'reason', 'citations'])
    expect(out.reason).toEqual(expect.any(String))
    expect(out.reason.length).toBeGreaterThan(10)
    const r2 = rules.find((x) => x.id === 'R2')!
    expect(out.citations).toEqual(
      r2.citations.map((c) => ({ rule: 'R2', source: formatCitation(c), ...(c.quote === undefined ? {} : { quote: c.quote }) }))
    )
    expect(out.citations.some((c: { source: string; quote?: string }) => c.source.startsWith('PIA §') && c.quote !== undefined)).toBe(true)
    expect(out).toMatchObject({ device: { status: 'Commissioned', firmwareVersion: '0102AB00' }, rules: ['R2'], edition: 'SECMP0105' })
    expect(out.alerts.map((a: { code: string }) => a.code)).toEqual(['N29', 'N29'])
  })

  it('exits 2 naming the CPL file and the entry path of a bad CPL', async () => {
    const dir = inputs()
    const bad = folder({ 'cpl.json': [{ ...cpl[0], status: 'Active' }] })
    const r = await cli(['process', '--device', `${dir}/device.json`, '--response', `${dir}/response.json`, '--cpl', 'cpl.json'], {
      cwd: bad
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('cpl.json: cpl[0].status: expected "Current" | "Removed", got "Active"\n')
  })

  it('names the device file for an inconsistent device', async () => {
    const dir = folder({
      'd.json': { ...suspendedEsme, statusBeforeSuspension: 'Suspended' },
      'r.json': readFirmwareResponse,
      'c.json': cpl
    })
    const r = await cli(['process', '--device', 'd.json', '--response', 'r.json', '--cpl', 'c.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^d\.json: device\.statusBeforeSuspension: /)
  })
})

describe('table', () => {
  it('prints every rule as a Markdown table row, with both editions', async () => {
    const r = await cli(['table'])
    expect(r.code).toBe(0)
    for (const rule of rules) expect(r.stdout).toMatch(new RegExp(`^\\| ${rule.id} \\| `, 'm'))
    expect(r.stdout).toContain('| A6 | SRV 11.2 (Read Firmware Version) | — (not in this edition) | Authorised |')
  })

  it('prints only the rules of an edition with --edition', async () => {
    const r = await cli(['table', '--edition', 'baseline'])
    expect(r.stdout).not.toMatch(/^\| (A6|R2) \|/m)
    expect(r.stdout).toMatch(/^\| R4 \| .* \| restore \(N29\) only when activateImageResponseCode is success; otherwise no change \|/m)
  })

  it('is what docs/decision-tables.md holds (run `npm run docs:tables` when this fails)', async () => {
    const r = await cli(['table'])
    expect(readFileSync(`${root}docs/decision-tables.md`, 'utf8')).toBe(r.stdout)
  })
})

describe('diff', () => {
  it('lists the bundled steps whose outcome differs between the editions', async () => {
    const r = await cli(['diff'])
    expect(r.code).toBe(0)
    expect(r.stdout).toContain(
      'pia-2.2-stuck-device-journey (spec/pia-2.2-stuck-device.json)\n  step 4 of 6, SR11.2 request (CV 1)\n    baseline:  Rejected E5 [A7]\n    SECMP0105: Authorised [A6]'
    )
    expect(r.stdout).not.toContain('pia-2.1-critical-requests-authorised')
    expect(r.stdout.trimEnd().split('\n').slice(-3)).toEqual([
      expect.stringMatching(/^\d+ steps of \d+, in \d+ of \d+ journeys, decide differently$/),
      'A journey is a starting state and its steps, counted once however many editions it is written for.',
      'diff runs its inputs in both editions and does not check what the scenarios expect: verify does that.'
    ])
  })

  it('summarises the kinds of difference with --summary, in a few lines', async () => {
    const r = await cli(['diff', '--summary'])
    expect(r.code).toBe(0)
    const lines = r.stdout.trimEnd().split('\n')
    expect(lines[0]).toMatch(/^What SECMP0105 changes: \d+ steps of \d+, in \d+ of \d+ journeys, decide differently:$/)
    expect(lines).toContainEqual(
      expect.stringMatching(/^ +\d+ × SR11\.2 request: baseline Rejected E5 \(A7\); SECMP0105 Authorised \(A6\)$/)
    )
    expect(lines).toContainEqual(
      expect.stringMatching(/^ +\d+ × CPL removal: baseline leaves the device unchanged \(S2\); SECMP0105 suspends the device \(S1\)$/)
    )
    expect(lines.at(-1)).toBe('Every differing step, with what each edition did: diff without --summary.')
    expect(lines.length).toBeLessThan(15)
  })

  it('exits 2 for an invalid scenario file', async () => {
    const r = await cli(['diff', 'x.json'], { cwd: folder({ 'x.json': { scenarios: [] } }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'x.json: scenarios: is empty; expected a list of at least one scenario\n1 scenario file is invalid; the differences above leave it out\n'
    )
  })

  it('goes on past an invalid file and a missing path, comparing the others, and exits 2 at the end', async () => {
    const journey = {
      scenarios: [
        {
          id: 'read',
          description: 'SR11.2 to a Suspended device',
          given: { device: suspendedEsme },
          steps: [{ request: { serviceReferenceVariant: '11.2', commandVariant: 1 } }]
        }
      ]
    }
    const r = await cli(['diff', 'bad.json', 'missing.json', 'good.json'], { cwd: folder({ 'bad.json': '{', 'good.json': journey }) })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain(
      'read (good.json)\n  step 1 of 1, SR11.2 request (CV 1)\n    baseline:  Rejected E5 [A7]\n    SECMP0105: Authorised [A6]'
    )
    expect(r.stderr).toContain('bad.json:1:2: invalid JSON: the text ends too early')
    expect(r.stderr).toContain('missing.json: no such file or directory')
    expect(r.stderr).toContain('2 scenario files are invalid; the differences above leave them out')
  })
})

describe('the command line', () => {
  it.each(['verify', 'authorise', 'process', 'table', 'diff'])('has --help on %s', async (name) => {
    const r = await cli([name, '--help'])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(new RegExp(`^Usage: suspended-device-rules ${name} `))
  })

  it('exits 2 for an unknown command, or none', async () => {
    expect((await cli(['verfy'])).code).toBe(2)
    expect((await cli([])).code).toBe(2)
  })

  it('prints its version', async () => {
    const r = await cli(['--version'])
    expect(r).toMatchObject({ code: 0, stdout: `${JSON.parse(readFileSync(`${root}package.json`, 'utf8')).version}\n` })
  })

  it.skipIf(!existsSync(`${root}dist/cli.js`))(
    'runs as the built executable, finding the bundled specification (needs `npm run build`)',
    () => {
      const r = spawnSync(process.execPath, [`${root}dist/cli.js`, 'verify'], { cwd: folder({}), encoding: 'utf8' })
      expect(r.status).toBe(0)
      expect(r.stdout).toMatch(/\n\d+ passed, 0 failed\n$/)
    }
  )
})
