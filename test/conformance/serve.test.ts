/**
 * `serve` is the library speaking the conformance protocol: run through the protocol, the bundled
 * specification gives exactly what the in-process runner gives, scenario by scenario, step by step.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundledSpecDir } from '../../src/cli/files.js'
import { readScenarioFiles } from './support.js'
import {
  libraryImplementation,
  runConformance,
  serveLine,
  serveMessage,
  stepMessage,
  readStepAnswer,
  type Implementation
} from '../../src/conformance/index.js'
import { cli } from '../cli/fakeIO.js'

const identity = { name: 'suspended-device-rules', version: 'test' }

/** The library through the protocol, in-process: each question becomes a message, `serveLine` answers it, the answer is read back. */
const throughTheProtocol: Implementation = {
  decide: (q) => {
    const id = 7
    const answer = serveLine(JSON.stringify(stepMessage(id, q)), identity).answer
    if (answer === undefined) throw new Error('no answer')
    return readStepAnswer(q.kind, id, JSON.parse(answer) as Record<string, unknown>, true)
  }
}

const strip = (r: Awaited<ReturnType<typeof runConformance>>): unknown =>
  r.files.map((f) =>
    f.scenarios.map((s) => ({ id: s.id, passed: s.passed, steps: s.steps.map((st) => ({ ...st, error: st.error?.message })) }))
  )

describe('serve', () => {
  it('decides every step of the bundled specification as the library does: the same results, step by step', async () => {
    const files = readScenarioFiles(bundledSpecDir())
    const direct = await runConformance(libraryImplementation, files)
    const served = await runConformance(throughTheProtocol, files)
    expect(direct.failed).toBe(0)
    expect(served.passed).toBe(direct.passed)
    expect(strip(served)).toEqual(strip(direct))
  })

  it('answers start with its name, version, both editions and rules: true', () => {
    expect(serveMessage({ id: 1, cmd: 'start', protocol: 1 }, identity).answer).toEqual({
      id: 1,
      ready: true,
      implementation: identity,
      editions: ['baseline', 'SECMP0105'],
      rules: true
    })
  })

  it('refuses another protocol version without saying it is ready', () => {
    expect(serveMessage({ id: 1, cmd: 'start', protocol: 2 }, identity).answer).toEqual({
      id: 1,
      ready: false,
      error: { message: 'protocol: expected 1, got 2' }
    })
  })

  it('answers a message that is not one of the protocol with an error naming the field, echoing its id', () => {
    const { answer } = serveMessage({ id: 4, cmd: 'authorise', edition: 'SECMP0106', request: {}, device: {} }, identity)
    expect(answer).toMatchObject({ id: 4, error: { message: 'edition: expected "baseline" | "SECMP0105", got "SECMP0106"' } })
    expect(serveMessage({ id: 5, cmd: 'decide' }, identity).answer).toMatchObject({
      id: 5,
      error: { message: 'cmd: expected "start" | "authorise" | "process" | "cplRemoval" | "stop", got "decide"' }
    })
  })

  it('answers an invalid step input with an error, as the library refuses it', () => {
    const { answer } = serveMessage(
      { id: 2, cmd: 'authorise', edition: 'SECMP0105', request: { serviceReferenceVariant: '99.9', commandVariant: 1 }, device: {} },
      identity
    )
    expect(answer).toMatchObject({ id: 2, error: { message: expect.stringContaining('request.serviceReferenceVariant') } })
  })

  it('answers a line that is not JSON with an error whose id is null', () => {
    expect(JSON.parse(serveLine('{"id":', identity).answer ?? '')).toMatchObject({
      id: null,
      error: { message: expect.stringMatching(/^\(input\): is not valid JSON/) }
    })
  })

  it('runs as a command: one answer per line until stop, exit 0', async () => {
    const stdin = ['{"id":1,"cmd":"start","protocol":1}', '', '{"id":2,"cmd":"stop"}', '{"id":3,"cmd":"start","protocol":1}'].join('\n')
    const r = await cli(['serve'], { stdin })
    expect(r.code).toBe(0)
    expect(
      r.stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l).id)
    ).toEqual([1])
  })

  // the built executable, as a user runs it (CI builds before it tests)
  it.skipIf(!existsSync('dist/cli.js'))('passes through the protocol exactly what verify passes in-process (built package)', async () => {
    const inProcess = await cli(['verify'])
    const served = await cli(['verify', '--implementation', `node ${join(process.cwd(), 'dist/cli.js')} serve`])
    expect(served.code).toBe(0)
    const [first, ...rest] = served.stdout.split('\n')
    expect(first).toMatch(/^implementation: suspended-device-rules \d+\.\d+\.\d+ \(command: .*; editions: baseline, SECMP0105\)$/)
    expect(rest.join('\n')).toBe(inProcess.stdout)
  })
})

describe('Ctrl-C', () => {
  it.skipIf(!existsSync('dist/cli.js'))(
    'ends the implementation with verify: SIGINT and SIGTERM leave no process behind (built package)',
    async () => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        const pids = join(mkdtempSync(join(tmpdir(), 'sdr-pids-')), 'pids')
        writeFileSync(pids, '')
        const dir = mkdtempSync(join(tmpdir(), 'sdr-sig-'))
        const device = {
          deviceId: '00-DB-12-34-56-78-90-A0',
          deviceType: 'ESME',
          smetsGeneration: 'SMETS2',
          status: 'Commissioned',
          manufacturer: 'FAULT',
          model: 'E-200',
          firmwareVersion: '0101AA00'
        }
        writeFileSync(
          join(dir, 'a.json'),
          JSON.stringify({
            scenarios: [
              { id: 'a', description: 'a', given: { device }, steps: [{ request: { serviceReferenceVariant: '11.2', commandVariant: 1 } }] }
            ]
          })
        )
        const verify = spawn(
          process.execPath,
          [
            join(process.cwd(), 'dist/cli.js'),
            'verify',
            'a.json',
            '--implementation',
            `node ${join(process.cwd(), 'test/fixtures/implementations/faulty.mjs')} hang`
          ],
          { cwd: dir, env: { ...process.env, SDR_PIDS: pids }, stdio: 'ignore' }
        )
        // wait for the hung program and its grandchild to be up
        for (let i = 0; i < 100 && readFileSync(pids, 'utf8').split('\n').filter(Boolean).length < 2; i++)
          await new Promise((r) => setTimeout(r, 50))
        await new Promise((r) => setTimeout(r, 200))
        const exited = new Promise<number | null>((resolve) =>
          verify.on('exit', (code, sig) => resolve(code ?? (sig === null ? null : 128)))
        )
        verify.kill(signal)
        expect(await exited, signal).not.toBe(0)
        const started = readFileSync(pids, 'utf8').split('\n').filter(Boolean).map(Number)
        expect(started.length).toBeGreaterThanOrEqual(2)
        for (let i = 0; i < 20 && started.some(running); i++) await new Promise((r) => setTimeout(r, 50))
        for (const pid of started) expect(running(pid), `${signal}: pid ${pid} still runs`).toBe(false)
      }
    }
  )
})

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  return spawnSync('sh', ['-c', `grep -q '^[0-9]* (.*) Z' /proc/${pid}/stat`]).status !== 0
}
