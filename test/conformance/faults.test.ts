/**
 * `verify --implementation` against planted-fault implementations (test/fixtures/implementations):
 * whatever the program does wrong, the step that asked fails saying what happened, the program is
 * started afresh for the next scenario, the run ends with its summary, and no process it started
 * outlives the run. A program that cannot be started or is not ready is exit 2, naming the command.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli, folder } from '../cli/fakeIO.js'

const fixture = (fault: string): string => `node ${join(process.cwd(), 'test/fixtures/implementations/faulty.mjs')} ${fault}`

const device = (manufacturer: string): Record<string, string> => ({
  deviceId: '00-DB-12-34-56-78-90-A0',
  deviceType: 'ESME',
  smetsGeneration: 'SMETS2',
  status: 'Suspended',
  statusBeforeSuspension: 'Commissioned',
  manufacturer,
  model: 'E-200',
  firmwareVersion: '0101AA00'
})

const readStep = { request: { serviceReferenceVariant: '11.2', commandVariant: 1 }, expect: { outcome: 'Authorised', rules: ['A6'] } }
const scenario = (id: string, manufacturer: string, edition?: string): object => ({
  id,
  description: `scenario ${id}`,
  ...(edition === undefined ? {} : { edition }),
  given: { device: device(manufacturer) },
  steps: [readStep]
})

/** Three scenarios; the fixture's fault strikes in the middle one (its device's manufacturer is FAULT). */
const three = { scenarios: [scenario('before', 'ACME'), scenario('faulty', 'FAULT'), scenario('after', 'ACME')] }

/** Runs verify against the fixture with `fault`, recording the pids it starts. */
async function verifyAgainst(fault: string, extra: string[] = [], files: Record<string, unknown> = { 'three.json': three }) {
  const dir = folder(files)
  const pids = join(mkdtempSync(join(tmpdir(), 'sdr-pids-')), 'pids')
  writeFileSync(pids, '')
  process.env.SDR_PIDS = pids
  try {
    const r = await cli(['verify', ...Object.keys(files), '--implementation', fixture(fault), '--timeout', '2000', ...extra], { cwd: dir })
    return { ...r, pids: readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number) }
  } finally {
    delete process.env.SDR_PIDS
  }
}

/** Whether a process still runs (a zombie, dead and waiting to be reaped by whoever adopted it, does not). */
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return false
  }
}

/** Checks that none of `pids` runs, allowing a grandchild's adopter a moment to see it end. */
async function noneRunning(pids: readonly number[]): Promise<void> {
  for (let i = 0; i < 20 && pids.some(running); i++) await new Promise((r) => setTimeout(r, 50))
  for (const pid of pids) expect(running(pid), `pid ${pid} still runs`).toBe(false)
}

const line = (stdout: string, id: string): string => stdout.split('\n').find((l) => l.includes(`  ${id}  `)) ?? ''

/** A scenario's line and the lines of its failure indented under it, joined by newlines. */
function block(stdout: string, id: string): string {
  const lines = stdout.split('\n')
  const i = lines.findIndex((l) => l.includes(`  ${id}  `))
  if (i === -1) return ''
  let j = i + 1
  while (j < lines.length && (lines[j] as string).startsWith('        ')) j++
  return lines.slice(i, j).join('\n')
}

afterEach(() => {
  delete process.env.SDR_PIDS
})

describe('verify --implementation, when the implementation misbehaves', () => {
  it.each([
    ['crash', 'the implementation exited with code 3 before answering authorise'],
    ['hang', 'the implementation gave no answer to authorise within 2000 ms'],
    ['garbage', 'the implementation answered authorise with a line that is not JSON: "this is not JSON"'],
    [
      'partial',
      'the implementation exited with code 0 before answering authorise, leaving a partial line without its newline: "{\\"id\\":3,\\"decis"'
    ],
    ['wrong-id', "answered id 103 to message 3 (authorise); expected the message's id"]
  ])(
    '%s: the step fails saying so, the next scenario runs on a fresh start, the summary is printed, no process is left',
    async (fault, problem) => {
      const r = await verifyAgainst(fault)
      expect(line(r.stdout, 'before')).toMatch(/^ {2}PASS/)
      expect(block(r.stdout, 'faulty')).toBe(
        [
          '  FAIL  faulty  scenario faulty',
          '        step 1 of 1, SR11.2 request (CV 1), at scenarios[1].steps[0]',
          `          ${problem}`
        ].join('\n')
      )
      expect(line(r.stdout, 'after')).toMatch(/^ {2}PASS/)
      expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed')
      expect(r.code).toBe(1)
      // started twice: once at first, once afresh after the fault
      expect(r.pids.length).toBeGreaterThanOrEqual(2)
      await noneRunning(r.pids)
    }
  )

  it('ends the whole process group: a grandchild of a hung implementation does not outlive the run', async () => {
    const r = await verifyAgainst('hang')
    // the hung program, its sleeping grandchild, the restarted program and its grandchild
    expect(r.pids).toHaveLength(4)
    await noneRunning(r.pids)
  })

  it('shows what the implementation wrote on standard error under the failed step', async () => {
    const r = await verifyAgainst('crash')
    expect(r.stdout).toContain('      its standard error:\n      faulty: cannot decide this one\n')
  })

  it('keeps only the end of a flood of standard error, saying how much it left out, and still finishes', async () => {
    const r = await verifyAgainst('stderr-flood')
    expect(block(r.stdout, 'faulty')).toContain('expected outcome Authorised, got Rejected E5')
    const shown = r.stdout.slice(r.stdout.indexOf('its standard error:'), r.stdout.indexOf('  PASS  after'))
    expect(shown).toMatch(/… \(\d+ earlier characters not shown\)/)
    expect(shown.length).toBeLessThan(6000)
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('2 passed, 1 failed')
  })

  it('fails the next step when the implementation wrote a line no message asked for', async () => {
    const r = await verifyAgainst('two-answers')
    expect(line(r.stdout, 'faulty')).toMatch(/^ {2}PASS/)
    // the extra line is seen before the next message is sent, or read as the answer to it: either way that step fails
    expect(block(r.stdout, 'after')).toMatch(
      /step 1 of 1, SR11\.2 request \(CV 1\), at scenarios\[2\]\.steps\[0\]\n {10}(the implementation wrote a line no message asked for: "\{\\"id\\":3,|answered id 3 to message 4 \(authorise\))/
    )
  })

  it("names the field of an answer whose shape is wrong, with the library codec's words", async () => {
    const response = { serviceReferenceVariant: '11.2', firmwareVersion: '0101AA00' }
    const file = { scenarios: [{ ...(scenario('faulty', 'FAULT') as object), steps: [{ response }] }] }
    const r = await verifyAgainst('bad-alert', [], { 'a.json': file })
    expect(block(r.stdout, 'faulty')).toContain('answer to process: decision.alerts[0].code: expected "N29" | "N52", got "N30"')
    expect(r.code).toBe(1)
  })

  it('kills an implementation that does not exit after stop, and says so in the report', async () => {
    const r = await verifyAgainst('no-exit-after-stop')
    expect(r.stdout).toContain('note: the implementation did not exit within 2000 ms of stop, and was killed\n3 passed, 0 failed\n')
    expect(r.code).toBe(0)
    await noneRunning(r.pids)
  })
})

describe('verify --implementation, when the implementation cannot be used', () => {
  it.each([
    ['writes before start', 'before-start', 'it wrote "{\\"listening\\":true}" where its answer to start was expected'],
    ['is not ready', 'not-ready', 'it did not answer start with "ready": true (answered {"id":1,"ready":false})']
  ])('exits 2 when it %s, naming the command', async (_, fault, problem) => {
    const r = await verifyAgainst(fault)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`--implementation: could not start ${JSON.stringify(fixture(fault))}: ${problem}`)
    expect(r.stdout).toBe('')
    await noneRunning(r.pids)
  })

  it('exits 2 when the command cannot be started, with what the shell said', async () => {
    const r = await cli(['verify', 'a.json', '--implementation', 'sdr-no-such-command-here'], { cwd: folder({ 'a.json': three }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /^--implementation: could not start "sdr-no-such-command-here": it exited with code 127 before answering start; its standard error: .*not found/
    )
  })

  it('exits 2 for a --timeout that is not a whole number of milliseconds', async () => {
    const r = await cli(['verify', '--implementation', fixture('none'), '--timeout', '1.5s'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('--timeout: expected a whole number of milliseconds (at least 1), got "1.5s"\n')
  })

  it('exits 2 for --timeout without --implementation', async () => {
    const r = await cli(['verify', '--timeout', '100'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('--timeout: is an option of --implementation')
  })
})

describe('verify --implementation, what it reports', () => {
  it('names the implementation and its version in the text, JSON and JUnit reports', async () => {
    const text = await verifyAgainst('none')
    expect(text.stdout.split('\n')[0]).toBe(
      `implementation: faulty-none 0.0.1 (command: ${JSON.stringify(fixture('none'))}; editions: baseline, SECMP0105)`
    )
    expect(text.code).toBe(0)
    const json = JSON.parse((await verifyAgainst('none', ['--reporter', 'json'])).stdout)
    expect(json.implementation).toEqual({
      name: 'faulty-none',
      version: '0.0.1',
      command: fixture('none'),
      editions: ['baseline', 'SECMP0105'],
      rules: true
    })
    const junit = (await verifyAgainst('crash', ['--reporter', 'junit'])).stdout
    expect(junit).toContain('<testsuites name="suspended-device-rules verify: faulty-crash 0.0.1"')
    expect(junit).toContain('<property name="implementation" value="faulty-crash 0.0.1"/>')
    expect(junit).toContain('<system-err>faulty: cannot decide this one\n</system-err>')
  })

  it('puts the standard error of a failed step in the JSON report', async () => {
    const json = JSON.parse((await verifyAgainst('crash', ['--reporter', 'json'])).stdout)
    const faulty = json.files[0].scenarios[1]
    expect(faulty.verdict).toBe('failed')
    expect(faulty.steps[0].stderr).toBe('faulty: cannot decide this one\n')
  })

  it('skips the scenarios of an edition the implementation does not support, and counts them', async () => {
    const file = { scenarios: [scenario('now', 'ACME'), scenario('then', 'ACME', 'baseline')] }
    const r = await verifyAgainst('secmp0105-only', [], { 'a.json': file })
    expect(line(r.stdout, 'then')).toBe('  SKIP  then  scenario then  —  skipped: the implementation does not support the baseline edition')
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 0 failed, 1 skipped')
    expect(r.code).toBe(0)
  })

  it('exits 2 when no scenario ran because every one is of an edition the implementation does not support', async () => {
    const r = await verifyAgainst('secmp0105-only', [], { 'a.json': { scenarios: [scenario('then', 'ACME', 'baseline')] } })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('no scenario ran against faulty-secmp0105-only (1 skipped: editions it does not support)')
  })

  it('does not check expect.rules when the implementation does not report rule ids, and says so', async () => {
    const r = await verifyAgainst('no-rules')
    expect(r.stdout.split('\n')[1]).toBe('  it does not report rule ids: expect.rules is not checked')
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('3 passed, 0 failed')
  })

  it('reports a listed failure as expected (not failed), and a listed scenario that passes as an unexpected pass (failed)', async () => {
    const dir = folder({ 'three.json': three, 'known.json': { faulty: 'crashes on FAULT devices (issue 7)', after: 'thought to fail' } })
    const r = await cli(['verify', 'three.json', '--implementation', fixture('crash'), '--expected-failures', 'known.json'], { cwd: dir })
    expect(block(r.stdout, 'faulty')).toMatch(
      /^ {2}XFAIL {2}faulty {2}scenario faulty {2}— {2}expected failure \(crashes on FAULT devices \(issue 7\)\)\n {8}step 1 of 1/
    )
    expect(line(r.stdout, 'after')).toBe(
      '  XPASS  after  scenario after  —  unexpected pass: listed as known to fail (thought to fail), yet it passed; remove it from the expected failures'
    )
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed, 1 expected failure')
    expect(r.code).toBe(1)
  })

  it('exits 0 when the only failures are expected', async () => {
    const dir = folder({ 'three.json': three, 'known.json': { faulty: 'crashes' } })
    const r = await cli(['verify', 'three.json', '--implementation', fixture('crash'), '--expected-failures', 'known.json'], { cwd: dir })
    expect(r.code).toBe(0)
  })

  it('exits 2 for an expected-failures file that is not an object of strings, naming the file and the id', async () => {
    const dir = folder({ 'three.json': three, 'known.json': { faulty: 7 } })
    const r = await cli(['verify', 'three.json', '--implementation', fixture('none'), '--expected-failures', 'known.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('known.json: "faulty": expected a string (why the scenario is known to fail), got 7\n')
  })
})
