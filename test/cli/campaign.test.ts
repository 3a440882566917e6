import type { ReplaySummary } from '../../src/campaign/index.js'
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Command } from 'commander'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { register as registerGenerate } from '../../src/cli/commands/generate.js'
import { register as registerReplay } from '../../src/cli/commands/replay.js'
import type { CliIO } from '../../src/cli/io.js'
import { inThreadPartition, runReplay, summaryDocument } from '../../src/cli/replay/run.js'
import { MALFORMED_KINDS } from '../../src/campaign/generate.js'
import pkg from '../../package.json' with { type: 'json' }

interface Run {
  code: number | undefined
  stdout: string
  stderr: string
}

async function cli(args: string[], cwd: string, stderrIsTTY = false): Promise<Run> {
  const out: Run = { code: undefined, stdout: '', stderr: '' }
  const io: CliIO = {
    stdout: (t) => void (out.stdout += t),
    stderr: (t) => void (out.stderr += t),
    readStdin: async () => new Uint8Array(),
    cwd,
    stderrIsTTY
  }
  const ctx = { io, setExitCode: (c: number) => void (out.code = c) }
  const program = new Command().exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
  registerGenerate(program, ctx)
  registerReplay(program, ctx)
  await program.parseAsync(args, { from: 'user' })
  return out
}

const lines = async (path: string): Promise<string[]> => (await readFile(path, 'utf8')).split('\n').filter((l) => l.length > 0)
/** summary.json: the replay's summary and how it ran. */
type SummaryFile = ReplaySummary & { readonly run: { readonly workers: number } }
const summary = async (dir: string): Promise<SummaryFile> => JSON.parse(await readFile(join(dir, 'summary.json'), 'utf8')) as SummaryFile

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdr-campaign-'))
  const g = await cli(['generate', '--devices', '2000', '--seed', '5', '--out', 'camp'], dir)
  expect(g.code).toBe(0)
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})
const replayArgs = (out: string, ...more: string[]) => [
  'replay',
  '--inventory',
  'camp/inventory.ndjson',
  '--cpl',
  'camp/cpl.json',
  '--events',
  'camp/events.ndjson',
  '--out',
  out,
  ...more
]

describe('generate', () => {
  it('writes inventory.ndjson, cpl.json and events.ndjson and says how much', async () => {
    expect(await lines(join(dir, 'camp/inventory.ndjson'))).toHaveLength(2000)
    expect(JSON.parse(await readFile(join(dir, 'camp/cpl.json'), 'utf8'))).toHaveLength(5000)
    expect((await lines(join(dir, 'camp/events.ndjson'))).length).toBeGreaterThan(2000)
  })

  it('refuses a bad option with exit 2, naming it', async () => {
    const r = await cli(['generate', '--devices', 'many', '--seed', '1', '--out', 'x'], dir)
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--devices: expected a positive integer, got "many"/)
  })
})

describe('replay', () => {
  let secmp: SummaryFile
  let baseline: SummaryFile
  beforeAll(async () => {
    const allow = ['--allow-rejected', String(MALFORMED_KINDS.length)]
    const a = await cli(replayArgs('r-secmp', '--workers', '0', ...allow), dir)
    const b = await cli(replayArgs('r-base', '--workers', '0', '--edition', 'baseline', ...allow), dir)
    expect([a.code, b.code]).toEqual([0, 0])
    secmp = await summary(join(dir, 'r-secmp'))
    baseline = await summary(join(dir, 'r-base'))
  })

  it('accounts for every event line: applied, blank or rejected', async () => {
    const total = (await readFile(join(dir, 'camp/events.ndjson'), 'utf8')).split('\n').length - 1
    for (const s of [secmp, baseline]) {
      expect(s.events.lines).toBe(total)
      expect(s.events.requests + s.events.responses + s.events.cplRemovals + s.events.blank + s.events.rejected).toBe(total)
    }
  })

  it('reports each malformed line with its number and skips it', async () => {
    const events = await lines(join(dir, 'camp/events.ndjson'))
    expect(secmp.rejected.count).toBe(MALFORMED_KINDS.length)
    expect(secmp.responses.unsolicited).toBe(0)
    for (const r of secmp.rejected.listed) {
      expect(r.file).toBe('events')
      const line = events[r.line - 1] as string
      expect(line).toMatch(/commandVar$|99\.9|FF-FF-FF|0102AB00FF|"command"|"01000000"|^\[1,2,3\]$|"GPF"/)
    }
    const rejected = await lines(join(dir, 'r-secmp/rejected.ndjson'))
    expect(rejected.map((l) => JSON.parse(l))).toEqual(secmp.rejected.listed)
  })

  it('leaves more devices stuck before SECMP0105 than under it, restoring none by SR11.2', () => {
    expect(baseline.devices.stillSuspended).toBeGreaterThan(secmp.devices.stillSuspended)
    expect(baseline.devices.restoredBySr112).toBe(0)
    expect(secmp.devices.restoredBySr112).toBeGreaterThan(0)
    expect(baseline.requests.refusedE5).toBeGreaterThan(secmp.requests.refusedE5)
    for (const s of [secmp, baseline]) {
      expect(s.devices.suspendedAtStart + s.devices.suspendedByRemoval - s.devices.restored).toBe(s.devices.stillSuspended)
      expect(s.alerts.N29).toBeGreaterThan(0)
    }
    expect(secmp.alerts.N52).toBeGreaterThan(0)
  })

  it("counts each applied event under one outcome, and says how many of each rule's decisions changed the device", () => {
    for (const s of [secmp, baseline]) {
      const o = s.outcomes
      expect(o.authorised + o.refusedE5 + o.refusedE12).toBe(s.events.requests)
      expect(
        o.restoredBySr112 + o.restoredBySr113 + o.firmwareUpdatedNotSuspended + o.responseChangedNothing + o.responseNeverDelivered
      ).toBe(s.events.responses)
      const responseRules = Object.entries(s.decisionsByRule).filter(([rule]) => rule.startsWith('R'))
      expect(responseRules.reduce((sum, [, n]) => sum + n, 0)).toBe(s.responses.applied)
      expect(s.deviceChangesByRule.R2 ?? 0).toBe(o.restoredBySr112)
      expect(s.deviceChangesByRule.R4 ?? 0).toBe(o.restoredBySr113)
      expect(s.deviceChangesByRule.R5 ?? 0).toBe(o.firmwareUpdatedNotSuspended)
      expect(s.deviceChangesByRule.S1 ?? 0).toBe(o.suspendedByCplRemoval)
      expect(o.notSuspendedByCplRemoval).toBe(s.decisionsByRule.S2 ?? 0)
      expect([o.n29Alerts, o.n52Alerts]).toEqual([s.alerts.N29, s.alerts.N52])
    }
    // the ambiguity this removes: in baseline, R4 decides more often than it restores
    expect(baseline.decisionsByRule.R4).toBeGreaterThan(baseline.outcomes.restoredBySr113)
  })

  it('samples the Suspended devices along the events: the suspended at start after line 0, the stuck after the last line', async () => {
    const total = (await readFile(join(dir, 'camp/events.ndjson'), 'utf8')).split('\n').length - 1
    for (const file of [join(dir, 'r-secmp/summary.json'), join(dir, 'r-base/summary.json')]) {
      const s = JSON.parse(await readFile(file, 'utf8'))
      const series = s.suspendedOverEvents
      expect(series.lines[0]).toBe(0)
      expect(series.suspended[0]).toBe(s.devices.suspendedAtStart)
      expect(series.lines.at(-1)).toBe(total)
      expect(series.suspended.at(-1)).toBe(s.devices.stillSuspended)
      expect(Math.max(...series.suspended)).toBeGreaterThan(s.devices.stillSuspended)
    }
  })

  it('writes the final inventory in input order, one line per device, and an alert per N29/N52', async () => {
    const before = (await lines(join(dir, 'camp/inventory.ndjson'))).map((l) => JSON.parse(l).deviceId)
    const after = (await lines(join(dir, 'r-secmp/inventory.ndjson'))).map((l) => JSON.parse(l))
    expect(after.map((d) => d.deviceId)).toEqual(before)
    expect(after.filter((d) => d.status === 'Suspended')).toHaveLength(secmp.devices.stillSuspended)
    const alerts = (await lines(join(dir, 'r-secmp/alerts.ndjson'))).map((l) => JSON.parse(l))
    expect(alerts.filter((a) => a.code === 'N29')).toHaveLength(secmp.alerts.N29)
    expect(alerts.filter((a) => a.code === 'N52')).toHaveLength(secmp.alerts.N52)
  })

  it('prints the summary, and one line on standard error when it is not a terminal', async () => {
    const r = await cli(replayArgs('r-print', '--workers', '0', '--allow-rejected', '1000'), dir)
    expect(r.stdout).toMatch(/still suspended \(stuck\)\s+[\d,]+/)
    expect(r.stdout).toMatch(/responses that changed nothing\s+[\d,]+/)
    expect(r.stdout).toMatch(/decisions by rule \(how many of them changed the device\):\n.* R4 [\d,]+ \([\d,]+\)/)
    expect(r.stdout).toMatch(/events line \d+: not valid JSON/)
    expect(r.stderr.trim().split('\n')).toHaveLength(1)
    expect(r.stderr).toMatch(/^replay: SECMP0105: [\d,]+ still suspended/)
  })

  it('draws a progress bar on standard error when it is a terminal', async () => {
    const r = await cli(replayArgs('r-tty', '--workers', '0'), dir, true)
    expect(r.stderr).toMatch(/\[[#.]+\]/)
  })

  it('exits 1 when any line was rejected, saying how many and where they are, and writes the outputs all the same', async () => {
    const r = await cli(replayArgs('r-rejecting', '--workers', '0'), dir)
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(
      new RegExp(
        `${MALFORMED_KINDS.length} lines rejected \\(0 in the inventory, ${MALFORMED_KINDS.length} in the events\\), more than the 0 allowed`
      )
    )
    expect(r.stderr).toMatch(/r-rejecting\/rejected\.ndjson/)
    expect((await summary(join(dir, 'r-rejecting'))).rejected.count).toBe(MALFORMED_KINDS.length)
  })

  it('exits 0 with --allow-rejected N when at most N lines were rejected, and 1 when more were', async () => {
    const n = MALFORMED_KINDS.length
    expect((await cli(replayArgs('r-allow-n', '--workers', '0', '--allow-rejected', String(n)), dir)).code).toBe(0)
    expect((await cli(replayArgs('r-allow-less', '--workers', '0', '--allow-rejected', String(n - 1)), dir)).code).toBe(1)
  })

  it('keeps --strict as --allow-rejected 0, and refuses the two together or a bad N with exit 2', async () => {
    expect((await cli(replayArgs('r-strict', '--workers', '0', '--strict'), dir)).code).toBe(1)
    const both = await cli(replayArgs('r-strict-both', '--strict', '--allow-rejected', '5'), dir)
    expect(both.code).toBe(2)
    expect(both.stderr).toMatch(/--strict means --allow-rejected 0; give one of them/)
    const bad = await cli(replayArgs('r-allow-bad', '--allow-rejected', 'some'), dir)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/--allow-rejected: expected a non-negative integer, got "some"/)
  })

  it('given the CPL as the inventory, exits 1 and says that no line was a device', async () => {
    const r = await cli(
      ['replay', '--inventory', 'camp/cpl.json', '--cpl', 'camp/cpl.json', '--events', 'camp/events.ndjson', '--out', 'r-cpl-as-inventory'],
      dir
    )
    expect(r.code).toBe(1)
    expect(r.stderr).toMatch(/no line of --inventory camp\/cpl\.json is a device: is it the inventory\?/)
  })

  it('says in summary.json what it summarises: the library, each input file with its size and SHA-256, and the seed of the generated campaign', async () => {
    const file = JSON.parse(await readFile(join(dir, 'r-secmp/summary.json'), 'utf8'))
    expect(Object.keys(file).slice(0, 4)).toEqual(['edition', 'library', 'inputs', 'campaign'])
    expect(file.library).toEqual({ name: pkg.name, version: pkg.version })
    for (const [key, name] of [
      ['inventory', 'inventory.ndjson'],
      ['cpl', 'cpl.json'],
      ['events', 'events.ndjson']
    ]) {
      const bytes = await readFile(join(dir, 'camp', name as string))
      expect(file.inputs[key as string]).toEqual({
        path: join(dir, 'camp', name as string),
        bytes: bytes.length,
        sha256: createHash('sha256').update(bytes).digest('hex')
      })
    }
    expect(file.campaign).toMatchObject({
      seed: 5,
      devices: 2000,
      malformedLines: MALFORMED_KINDS.length,
      generatedBy: { version: pkg.version }
    })
    expect(Date.parse(file.run.endedAt)).toBeGreaterThanOrEqual(Date.parse(file.run.startedAt))
  })

  it('gives no seed when the files beside campaign.json are not the ones it describes', async () => {
    await mkdir(join(dir, 'edited'), { recursive: true })
    for (const name of ['inventory.ndjson', 'cpl.json', 'campaign.json']) await copyFile(join(dir, 'camp', name), join(dir, 'edited', name))
    const events = await readFile(join(dir, 'camp/events.ndjson'), 'utf8')
    await writeFile(join(dir, 'edited/events.ndjson'), events.split('\n').slice(0, 100).join('\n') + '\n')
    const r = await cli(
      [
        'replay',
        '--inventory',
        'edited/inventory.ndjson',
        '--cpl',
        'edited/cpl.json',
        '--events',
        'edited/events.ndjson',
        '--out',
        'r-edited',
        '--allow-rejected',
        '100'
      ],
      dir
    )
    expect(r.code).toBe(0)
    const file = JSON.parse(await readFile(join(dir, 'r-edited/summary.json'), 'utf8'))
    expect(file.campaign).toBeUndefined()
    expect(file.inputs.events.bytes).toBeLessThan(events.length)
  })

  it("with --edition both, writes each edition's results and their difference, device by device, and prints it as a table", async () => {
    const r = await cli(replayArgs('r-both', '--workers', '0', '--edition', 'both', '--allow-rejected', '100'), dir)
    expect(r.code).toBe(0)
    for (const [edition, single] of [
      ['baseline', 'r-base'],
      ['SECMP0105', 'r-secmp']
    ] as const) {
      for (const f of ['inventory.ndjson', 'alerts.ndjson', 'rejected.ndjson'])
        expect(await readFile(join(dir, 'r-both', edition, f), 'utf8')).toBe(await readFile(join(dir, single, f), 'utf8'))
    }
    const c = JSON.parse(await readFile(join(dir, 'r-both/comparison.json'), 'utf8'))
    expect(c.editions.baseline).toMatchObject({ stillSuspended: baseline.devices.stillSuspended, refusedE5: baseline.requests.refusedE5 })
    expect(c.editions.SECMP0105).toMatchObject({ restoredBySr112: secmp.devices.restoredBySr112, n29Alerts: secmp.alerts.N29 })
    expect(c.difference.stillSuspended).toBe(secmp.devices.stillSuspended - baseline.devices.stillSuspended)
    // device by device: counted from the two final inventories
    const finalStatus = async (out: string) =>
      new Map((await lines(join(dir, out, 'inventory.ndjson'))).map((l) => [JSON.parse(l).deviceId, JSON.parse(l).status]))
    const [b, s] = [await finalStatus('r-base'), await finalStatus('r-secmp')]
    const onlySecmp = [...b].filter(([id, status]) => status === 'Suspended' && s.get(id) !== 'Suspended').map(([id]) => id)
    expect(onlySecmp.length).toBeGreaterThan(0)
    expect(c.devices.restoredOnlyUnderSECMP0105).toBe(onlySecmp.length)
    expect(c.devices.restoredOnlyUnderSECMP0105Examples).toEqual(onlySecmp.slice(0, 20))
    expect(c.devices.stuckUnderBoth).toBe([...b].filter(([id, status]) => status === 'Suspended' && s.get(id) === 'Suspended').length)
    expect(c.devices.stuckUnderBoth + c.devices.restoredOnlyUnderSECMP0105).toBe(baseline.devices.stillSuspended)
    expect(r.stdout).toMatch(/^replay: baseline and SECMP0105 compared\n\s+baseline\s+SECMP0105\s+difference\n/)
    expect(r.stdout).toMatch(new RegExp(`still suspended \\(stuck\\)\\s+${baseline.devices.stillSuspended.toLocaleString('en-GB')}\\s+`))
    expect(r.stdout).toMatch(
      new RegExp(`devices restored only under SECMP0105: ${onlySecmp.length.toLocaleString('en-GB')}; stuck under both`)
    )
  })

  it('writes report.html beside its outputs: three charts as inline SVG, no script, nothing fetched', async () => {
    for (const out of ['r-both', 'r-secmp']) {
      const html = await readFile(join(dir, out, 'report.html'), 'utf8')
      expect(html).toMatch(/^<!doctype html>/)
      for (const id of ['funnel', 'suspended-over-events', 'e5-refusals'])
        expect(html).toMatch(new RegExp(`<figure id="${id}" data-chart="${id}">[^]*?<svg [^]*?</svg>\\n</figure>`))
      expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i)
      expect(html.match(/https?:\/\/[^"]+/g)?.every((u) => u.startsWith('http://www.w3.org/'))).toBe(true)
    }
    const both = await readFile(join(dir, 'r-both/report.html'), 'utf8')
    expect(both).toMatch(/<title>replay: baseline and SECMP0105<\/title>/)
    expect(both.match(/aria-roledescription="line mark"/g)).toHaveLength(2)
  })

  it('exits 2 naming the file and the entry when the CPL is invalid, or a file cannot be read', async () => {
    await writeFile(join(dir, 'bad-cpl.json'), JSON.stringify([{ manufacturer: 'A', model: 'B', firmwareVersion: '1', status: 'Gone' }]))
    const r = await cli(
      ['replay', '--inventory', 'camp/inventory.ndjson', '--cpl', 'bad-cpl.json', '--events', 'camp/events.ndjson', '--out', 'r-bad'],
      dir
    )
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/bad-cpl\.json: cpl\[0\]\.status: expected "Current" \| "Removed"/)
    const m = await cli(
      ['replay', '--inventory', 'nope.ndjson', '--cpl', 'camp/cpl.json', '--events', 'camp/events.ndjson', '--out', 'r-bad'],
      dir
    )
    expect(m.code).toBe(2)
    expect(m.stderr).toMatch(/--inventory nope\.ndjson: cannot read \(ENOENT\)/)
  })

  it('gives the same files whatever the number of partitions', async () => {
    const cpl = JSON.parse(await readFile(join(dir, 'camp/cpl.json'), 'utf8'))
    const files = { inventory: join(dir, 'camp/inventory.ndjson'), events: join(dir, 'camp/events.ndjson') }
    expect((await readFile(files.events, 'utf8')).includes('"cplRemoval"')).toBe(true)
    const r = await runReplay({
      ...files,
      outDir: join(dir, 'r-parts'),
      cpl,
      cplFile: join(dir, 'camp/cpl.json'),
      edition: 'SECMP0105',
      partitions: 3,
      spawn: () => inThreadPartition()
    })
    expect(r.partitions).toBe(3)
    const { run: _run, ...single } = secmp
    expect(JSON.parse(JSON.stringify(summaryDocument(r)))).toEqual(single)
    expect(await summary(join(dir, 'r-parts'))).toEqual(single)
    for (const f of ['inventory.ndjson', 'alerts.ndjson', 'rejected.ndjson']) {
      expect(await readFile(join(dir, 'r-parts', f), 'utf8')).toBe(await readFile(join(dir, 'r-secmp', f), 'utf8'))
    }
  })

  it('rejects a line that only looks like a CPL removal once, however many partitions see it', async () => {
    const cpl = JSON.parse(await readFile(join(dir, 'camp/cpl.json'), 'utf8'))
    const events = join(dir, 'odd-events.ndjson')
    const removal = '{"manufacturer":"ACME","model":"E-200","firmwareVersion":"01020000"}'
    await writeFile(
      events,
      (await readFile(join(dir, 'camp/events.ndjson'), 'utf8')) +
        `{"cplRemoval":${removal},"extra":1}\n{"cplRemoval":${removal},"deviceId":5}\n {"cplRemoval":${removal}}\n`
    )
    const files = { inventory: join(dir, 'camp/inventory.ndjson'), events }
    const one = await runReplay({ ...files, outDir: join(dir, 'r-odd-1'), cpl, edition: 'SECMP0105', partitions: 0 })
    const three = await runReplay({
      ...files,
      outDir: join(dir, 'r-odd-3'),
      cpl,
      edition: 'SECMP0105',
      partitions: 3,
      spawn: () => inThreadPartition()
    })
    expect(three.summary).toEqual(one.summary)
    expect(one.summary.rejected.count).toBe(secmp.rejected.count + 2)
    expect(one.summary.events.cplRemovals).toBe(secmp.events.cplRemovals + 1)
  })

  // worker threads run the built worker (dist/replay-worker.js): CI builds before it tests
  it.skipIf(!existsSync('dist/cli.js'))('gives the same files with real worker threads (built package)', async () => {
    await promisify(execFile)(
      process.execPath,
      [join(process.cwd(), 'dist/cli.js'), ...replayArgs('r-workers', '--workers', '2', '--allow-rejected', '1000')],
      {
        cwd: dir
      }
    )
    const s = await summary(join(dir, 'r-workers'))
    expect(s.run.workers).toBe(2)
    const { run: _a, ...workers } = s
    const { run: _b, ...single } = secmp
    expect(workers).toEqual(single)
    for (const f of ['inventory.ndjson', 'alerts.ndjson', 'rejected.ndjson']) {
      expect(await readFile(join(dir, 'r-workers', f), 'utf8')).toBe(await readFile(join(dir, 'r-secmp', f), 'utf8'))
    }
  })
})
