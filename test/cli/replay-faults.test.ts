/**
 * Fault injection for `replay`: a corrupted campaign across worker counts, kill -9 half way, two
 * replays into one folder, and output that cannot be written (a read-only folder, a path blocked
 * by a file, a full disk). Real processes and worker threads run the built CLI (dist/, built by
 * CI before the tests); the rest runs the sources in this process.
 */
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { generateCampaign } from '../../src/campaign/generate.js'
import { inThreadPartition, runReplay, type PartitionPort, type ReplayRunOptions } from '../../src/cli/replay/run.js'
import { writeCorruptCampaign } from './corruptCampaign.js'
import { cli } from './fakeIO.js'

const CLI = join(process.cwd(), 'dist/cli.js')
const built = existsSync(CLI)
/** Worker modes run through the command line: without a build, only the one without workers. */
const MODES = built ? ['0', '1', '2'] : ['0']
const OUTPUTS = ['inventory.ndjson', 'alerts.ndjson', 'rejected.ndjson', 'summary.json']

interface Files {
  readonly inventory: string
  readonly events: string
  readonly cpl: string
}

let dir: string
let corrupt: Files
let small: Files
let big: Files
async function writeCampaign(name: string, devices: number): Promise<Files> {
  const campaign = generateCampaign({ devices, seed: 8 })
  await mkdir(join(dir, name))
  const f = { inventory: join(dir, name, 'inventory.ndjson'), events: join(dir, name, 'events.ndjson'), cpl: join(dir, name, 'cpl.json') }
  await writeFile(f.inventory, [...campaign.inventory()].map((d) => JSON.stringify(d) + '\n').join(''))
  await writeFile(f.events, [...campaign.events()].map((e) => e + '\n').join(''))
  await writeFile(f.cpl, JSON.stringify(campaign.cpl))
  return f
}
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdr-replay-faults-'))
  corrupt = await writeCorruptCampaign(join(dir, 'corrupt'))
  // its output (about 200 kB) overflows a 64 kB disk
  small = await writeCampaign('small', 600)
  // large enough that a replay runs for a while: long enough to be killed half way
  big = await writeCampaign('big', 10_000)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

const cplOf = async (f: Files): Promise<unknown> => JSON.parse(await readFile(f.cpl, 'utf8'))
const replayIn = async (f: Files, outDir: string, more: Partial<ReplayRunOptions> = {}) =>
  runReplay({
    inventory: f.inventory,
    events: f.events,
    outDir,
    cpl: await cplOf(f),
    cplFile: f.cpl,
    edition: 'SECMP0105',
    partitions: 0,
    ...more
  })
const args = (f: Files, out: string, ...more: string[]): string[] => [
  'replay',
  '--inventory',
  f.inventory,
  '--cpl',
  f.cpl,
  '--events',
  f.events,
  '--out',
  out,
  ...more
]

/** The output files of a folder, summary.json without its "run" (how long it took, how many workers). */
async function outputs(out: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of OUTPUTS) {
    const text = await readFile(join(out, name), 'utf8')
    if (name !== 'summary.json') files[name] = text
    else {
      const { run: _run, ...summary } = JSON.parse(text) as Record<string, unknown>
      files[name] = JSON.stringify(summary, null, 2)
    }
  }
  return files
}

/** The built CLI in a child process; resolves with its exit code and output. */
function runCli(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...argv], { timeout: 60_000 }, (e, stdout, stderr) =>
      resolve({ code: e === null ? 0 : typeof e.code === 'number' ? e.code : null, stdout, stderr })
    )
  })
}

/** Starts the built CLI and resolves once it has started writing into `out` (its lock is there). */
async function startedReplay(argv: string[], out: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, ...argv], { stdio: 'ignore' })
  for (let i = 0; i < 6000; i++) {
    const names = await readdir(out).catch(() => [] as string[])
    if (names.some((n) => n.startsWith(`.replay-${child.pid}.`))) return child
    if (child.exitCode !== null) break
    await new Promise((r) => setTimeout(r, 2))
  }
  child.kill('SIGKILL')
  throw new Error('the replay did not start writing')
}

async function killed(child: ChildProcess): Promise<void> {
  // the replay must still be running: a kill after it finished would test nothing
  expect(child.exitCode).toBe(null)
  const exited = new Promise((r) => child.once('exit', r))
  child.kill('SIGKILL')
  await exited
}

describe('replay of a corrupted campaign', () => {
  let single: Record<string, string>
  beforeAll(async () => {
    await replayIn(corrupt, join(dir, 'c0'))
    single = await outputs(join(dir, 'c0'))
  })

  it('accounts for every line once: applied, blank or rejected with its reason', async () => {
    const s = JSON.parse(single['summary.json'] as string)
    const lineCount = async (path: string): Promise<number> => (await readFile(path, 'utf8')).split('\n').length - 1
    expect(s.inventory.lines).toBe(await lineCount(corrupt.inventory))
    expect(s.inventory.lines).toBe(s.devices.inventory + s.inventory.blank + s.inventory.rejected)
    expect(s.events.lines).toBe(await lineCount(corrupt.events))
    expect(s.events.lines).toBe(s.events.requests + s.events.responses + s.events.cplRemovals + s.events.blank + s.events.rejected)
    const reasons = (single['rejected.ndjson'] as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).reason as string)
    expect(reasons.filter((r) => r.startsWith('starts with a byte order mark'))).toHaveLength(2)
    expect(reasons.filter((r) => /^deviceId: is given more than once/.test(r))).toHaveLength(4)
    expect(reasons.filter((r) => /^(x\.k|request\.serviceReferenceVariant|cplRemoval): is given more than once/.test(r))).toHaveLength(3)
    expect(reasons.filter((r) => r.startsWith('is nested deeper than 64 levels'))).toHaveLength(2)
    expect(reasons.filter((r) => / is not UTF-8 here; expected UTF-8 text$/.test(r))).toHaveLength(2)
    expect(reasons.filter((r) => / starts a character the line ends inside; expected UTF-8 text$/.test(r))).toHaveLength(1)
    // the two inventory lines shaped like CPL removals are rejected as devices, not dropped
    expect(reasons.filter((r) => r.startsWith('device.deviceId: is required'))).toHaveLength(2)
  })

  it('writes byte-identical files with 0, 1 and 2 partitions', async () => {
    for (const partitions of [1, 2]) {
      const out = join(dir, `c-parts-${partitions}`)
      await replayIn(corrupt, out, { partitions, spawn: () => inThreadPartition() })
      expect(await outputs(out)).toEqual(single)
    }
  })

  it.skipIf(!built)('writes byte-identical files with --workers 0, 1 and 2 (the built CLI, real worker threads)', async () => {
    const runs = await Promise.all(
      ['0', '1', '2'].map((workers) =>
        runCli(args(corrupt, join(dir, `c-cli-${workers}`), '--workers', workers, '--allow-rejected', '1000'))
      )
    )
    expect(runs.map((r) => r.code)).toEqual([0, 0, 0])
    for (const workers of ['0', '1', '2']) expect(await outputs(join(dir, `c-cli-${workers}`))).toEqual(single)
  })

  it('fails, rather than waits for ever, when a partition fails while the final inventory is merged', async () => {
    const failingDump = (): PartitionPort => {
      const port = inThreadPartition()
      let receive: Parameters<PartitionPort['onMessage']>[0] = () => undefined
      port.onMessage((m) => receive(m.t === 'dump' ? { t: 'error', message: 'partition failed' } : m))
      return { ...port, onMessage: (f) => void (receive = f) }
    }
    await expect(replayIn(small, join(dir, 'c-failing'), { partitions: 2, spawn: failingDump })).rejects.toThrow('partition failed')
    expect(existsSync(join(dir, 'c-failing/summary.json'))).toBe(false)
  })
})

describe.skipIf(!built)('a replay killed half way (kill -9)', () => {
  it("leaves the previous run's files as they were; the next replay takes the folder over and completes", async () => {
    const out = join(dir, 'k-rerun')
    await replayIn(big, out)
    const before = await readdir(out)
    const previous = await outputs(out)
    const child = await startedReplay(args(big, out, '--workers', '0', '--edition', 'baseline'), out)
    await killed(child)
    expect(await outputs(out)).toEqual(previous)
    // what the killed replay leaves: its lock and its temporary files, no file a reader takes for output
    const left = (await readdir(out)).filter((n) => !before.includes(n))
    expect(left.length).toBeGreaterThan(0)
    for (const name of left) expect(name).toMatch(new RegExp(`^\\.replay(-${child.pid}\\..+\\.tmp|\\.lock)$`))

    await replayIn(big, out, { edition: 'baseline' })
    expect((await readdir(out)).sort()).toEqual(before.sort())
    expect(JSON.parse((await outputs(out))['summary.json'] as string).edition).toBe('baseline')
  })

  it('into an empty folder, leaves no output file, and no summary.json', async () => {
    const out = join(dir, 'k-first')
    await mkdir(out)
    await killed(await startedReplay(args(big, out, '--workers', '2'), out))
    expect((await readdir(out)).filter((n) => !n.startsWith('.'))).toEqual([])
  })
})

describe('two replays into one folder at once', () => {
  it('runs one and refuses the other, whose output never mixes with it', async () => {
    const out = join(dir, 'two')
    const [a, b] = await Promise.allSettled([replayIn(small, out), replayIn(small, out, { edition: 'baseline' })])
    const statuses = [a.status, b.status].sort()
    expect(statuses).toEqual(['fulfilled', 'rejected'])
    const refused = (a.status === 'rejected' ? a : b) as PromiseRejectedResult
    expect(String(refused.reason)).toMatch(
      new RegExp(
        `${out} is in use by another replay \\(process ${process.pid} on ${hostname()}, started [^)]+\\); wait for it to finish or choose another --out`
      )
    )
    const ran = a.status === 'fulfilled' ? 'SECMP0105' : 'baseline'
    await replayIn(small, join(dir, 'two-alone'), { edition: ran })
    expect(await outputs(out)).toEqual(await outputs(join(dir, 'two-alone')))
  })

  it.skipIf(!built)('refuses a replay into a folder another process is replaying into, and exits 2 on the command line', async () => {
    const out = join(dir, 'two-processes')
    const child = await startedReplay(args(big, out, '--workers', '0', '--allow-rejected', '1000'), out)
    const exited = new Promise<number | null>((r) => child.once('exit', r))
    const r = await cli(args(big, out))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^replay: ${out} is in use by another replay \\(process ${child.pid} on `))
    expect(await exited).toBe(0)
    expect(await readdir(out)).toEqual(expect.arrayContaining(OUTPUTS))
  })

  it('takes over the lock of a replay whose process is gone, and refuses one from another host or one it cannot read', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid
    const out = join(dir, 'stale')
    await mkdir(out)
    await writeFile(join(out, '.replay.lock'), JSON.stringify({ pid: dead, hostname: hostname(), started: '2026-01-01T00:00:00.000Z' }))
    await replayIn(small, out)
    expect(await readdir(out)).not.toContain('.replay.lock')

    await writeFile(join(out, '.replay.lock'), JSON.stringify({ pid: dead, hostname: 'elsewhere', started: '2026-01-01T00:00:00.000Z' }))
    await expect(replayIn(small, out)).rejects.toThrow(
      `${out} is in use by another replay (process ${dead} on elsewhere, started 2026-01-01T00:00:00.000Z); wait for it to finish or choose another --out (if that replay is no longer running, remove ${join(out, '.replay.lock')})`
    )
    await writeFile(join(out, '.replay.lock'), 'garbage')
    await expect(replayIn(small, out)).rejects.toThrow(
      `${out} is locked by ${join(out, '.replay.lock')}, which does not say which replay holds it`
    )
  })
})

describe('the CPL file', () => {
  it('is read strictly, as every JSON the command line reads: a key given twice is refused with exit 2, naming the file', async () => {
    const cpl = join(dir, 'dup-cpl.json')
    await writeFile(cpl, '[{"manufacturer":"ACME","model":"E-200","firmwareVersion":"01010000","status":"Removed","status":"Current"}]')
    const r = await cli(args({ ...small, cpl }, join(dir, 'dup-cpl-out')))
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^replay: ${cpl}:1:\\d+: .*status`))
    expect(existsSync(join(dir, 'dup-cpl-out'))).toBe(false)
  })
})

describe('output that cannot be written', () => {
  it('exits 2 naming the file when --out is a file, passes through one, or an output name is a folder', async () => {
    const cwd = join(dir, 'blocked')
    await mkdir(join(cwd, 'out/alerts.ndjson'), { recursive: true })
    await writeFile(join(cwd, 'file'), 'x')
    const f = await cli(args(big, 'file'), { cwd })
    expect([f.code, f.stderr]).toEqual([
      2,
      `replay: cannot use ${join(cwd, 'file')} as the output folder: it is a file; expected a folder (or a path that can be created)\n`
    ])
    const sub = await cli(args(big, 'file/sub/dir'), { cwd })
    expect([sub.code, sub.stderr]).toEqual([
      2,
      `replay: cannot create the output folder ${join(cwd, 'file/sub/dir')}: ${join(cwd, 'file')} is a file, not a folder\n`
    ])
    const taken = await cli(args(big, 'out'), { cwd })
    expect([taken.code, taken.stderr]).toEqual([
      2,
      `replay: cannot write ${join(cwd, 'out/alerts.ndjson')}: it is a folder; expected a file replay can replace\n`
    ])
    expect(await readdir(join(cwd, 'out'))).toEqual(['alerts.ndjson'])
  })

  /** A folder no one can write to: mode 555, or (as root, who ignores modes) a read-only tmpfs. */
  async function readOnlyFolder(path: string): Promise<boolean> {
    await mkdir(path, { recursive: true })
    if (process.getuid?.() !== 0) {
      spawnSync('chmod', ['555', path])
      return true
    }
    return spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', path]).status === 0
  }

  /** Runs `replay` into a folder per worker mode, all at once (the built CLI, or without a build the sources in this process). */
  const inEveryMode = (outs: readonly string[]) =>
    Promise.all(
      MODES.map((workers, k) => {
        const argv = args(small, outs[k] as string, '--workers', workers)
        return built ? runCli(argv) : cli(argv)
      })
    )

  it('exits 2 naming the file in a read-only folder, in every worker mode', async (t) => {
    const outs = MODES.map((w) => join(dir, `read-only-${w}`))
    for (const out of outs) if (!(await readOnlyFolder(out))) return t.skip()
    try {
      const runs = await inEveryMode(outs)
      runs.forEach((r, k) => {
        expect(r.code).toBe(2)
        expect(r.stderr).toMatch(
          new RegExp(
            `^replay: cannot write the lock file ${outs[k]}/\\.replay\\.lock: (read-only file system \\(EROFS\\)|permission denied \\(EACCES\\))\\n$`
          )
        )
      })
    } finally {
      for (const out of outs) spawnSync('umount', [out])
    }
  })

  /** A folder on a 64 kB tmpfs (root only). */
  const fullDisk = (path: string): boolean =>
    spawnSync('mkdir', ['-p', path]).status === 0 && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', path]).status === 0

  it('exits 2 naming the file when the disk fills up, in every worker mode, and leaves no partial output', async (t) => {
    const outs = [...MODES, 'in-thread'].map((w) => join(dir, `full-${w}`))
    if (process.getuid?.() !== 0 || !outs.every(fullDisk)) return t.skip()
    try {
      const runs = await inEveryMode(outs)
      for (const [k, r] of runs.entries()) {
        expect(r.code).toBe(2)
        expect(r.stderr).toMatch(
          new RegExp(`^replay: cannot write ${outs[k]}/(inventory|alerts|rejected)\\.ndjson: no space left on the device \\(ENOSPC\\)\\n$`)
        )
        expect(await readdir(outs[k] as string)).toEqual([])
      }
      // the same with partitions in this thread (no build needed)
      const out = outs[outs.length - 1] as string
      await expect(replayIn(small, out, { partitions: 2, spawn: () => inThreadPartition() })).rejects.toThrow(
        /no space left on the device \(ENOSPC\)/
      )
      expect(await readdir(out)).toEqual([])
    } finally {
      for (const out of outs) spawnSync('umount', [out])
    }
  })
})
