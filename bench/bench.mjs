// `npm run bench`: calls/s of the rule functions and decoders of the BUILT package (dist/), each
// against a hand-written floor timed in the same run (bench/baseline.mjs), so that the ratios hold
// on a noisy machine: on raw JSON against a floor that makes the same full checks, and on inputs
// validated once (frozen, decoded; a prepared CPL) against a bare floor that checks nothing. Then
// a campaign replay against a plain JSON.parse + JSON.stringify pass over the same lines. Prints a
// Markdown table.
//
//   BENCH_DEVICES=100000   devices in the replayed campaign (0 skips the replay)
//   BENCH_TIME=1000        milliseconds per micro-benchmark task
//   BENCH_LIB=path         the built library to measure (default dist/index.js)
//   BENCH_CONFORMANCE=0    skips the conformance runs (the bundled specification in-process and through `serve`)
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir, totalmem } from 'node:os'
import { join } from 'node:path'
import { Bench } from 'tinybench'
import * as base from './baseline.mjs'

const lib = await import(
  process.env.BENCH_LIB === undefined ? '../dist/index.js' : new URL(process.env.BENCH_LIB, `file://${process.cwd()}/`).href
)

const BATCH = 1000 // calls per timed iteration: the timer's own cost stays out of the figure
const time = Number(process.env.BENCH_TIME ?? 1000)
const devicesInReplay = Number(process.env.BENCH_DEVICES ?? 100000)

// ---- inputs: a realistic mix, the same for the library and the baseline
const id = (n) => `00-DB-12-34-56-78-90-${n.toString(16).toUpperCase().padStart(2, '0')}`
const ris = '90-B3-D5-1F-30-01-00-01'
const rno = '90-B3-D5-1F-30-02-00-01'
const devices = [
  {
    deviceId: id(1),
    deviceType: 'ESME',
    smetsGeneration: 'SMETS2',
    status: 'Suspended',
    statusBeforeSuspension: 'Commissioned',
    manufacturer: 'ACME',
    model: 'E-200',
    firmwareVersion: '01010000',
    responsibleImportSupplier: ris,
    responsibleNetworkOperator: rno
  },
  {
    deviceId: id(2),
    deviceType: 'GSME',
    smetsGeneration: 'SMETS2',
    status: 'Commissioned',
    manufacturer: 'ACME',
    model: 'G-100',
    firmwareVersion: '01020000',
    responsibleImportSupplier: ris,
    responsibleNetworkOperator: rno
  },
  {
    deviceId: id(3),
    deviceType: 'ESME',
    smetsGeneration: 'SMETS1',
    status: 'Suspended',
    statusBeforeSuspension: 'InstalledNotCommissioned',
    manufacturer: 'LEGACY',
    model: 'S1-E',
    firmwareVersion: '01010000',
    responsibleImportSupplier: ris
  },
  {
    deviceId: id(4),
    deviceType: 'GSME',
    smetsGeneration: 'SMETS2',
    status: 'Suspended',
    statusBeforeSuspension: 'Commissioned',
    manufacturer: 'ACME',
    model: 'G-100',
    firmwareVersion: '01010000',
    responsibleImportSupplier: ris,
    responsibleNetworkOperator: rno
  }
]
const requests = [
  { serviceReferenceVariant: '11.2', commandVariant: 1 },
  { serviceReferenceVariant: '2.2', commandVariant: 1 },
  { serviceReferenceVariant: '2.2', commandVariant: 2 },
  { serviceReferenceVariant: '11.3', commandVariant: 5 },
  { serviceReferenceVariant: '4.1.1', commandVariant: 1, deviceId: id(1) },
  { serviceReferenceVariant: '11.1', commandVariant: 8 },
  { serviceReferenceVariant: '6.23', commandVariant: 1 },
  { serviceReferenceVariant: '4.1.1', commandVariant: 5 },
  { serviceReferenceVariant: '8.2', commandVariant: 8 }
]
// a CPL of 5,000 entries, passed on every call
const cpl = []
for (const [m, model] of [
  ['ACME', 'E-200'],
  ['ACME', 'G-100'],
  ['LEGACY', 'S1-E']
]) {
  cpl.push(
    { manufacturer: m, model, firmwareVersion: '01010000', status: 'Removed' },
    { manufacturer: m, model, firmwareVersion: '01020000', status: 'Current' }
  )
}
for (let k = 0; cpl.length < 5000; k++)
  cpl.push({
    manufacturer: `MFR-${Math.floor(k / 200)}`,
    model: `M-${Math.floor(k / 8) % 25}`,
    firmwareVersion: `0${k % 8}000000`,
    status: k % 8 < 2 ? 'Removed' : 'Current'
  })
const responses = [
  { serviceReferenceVariant: '11.2', firmwareVersion: '01020000' },
  { serviceReferenceVariant: '11.2' },
  { serviceReferenceVariant: '11.3', activateImageResponseCode: 'hashMismatch', firmwareVersion: '01020000' },
  { serviceReferenceVariant: '11.3', activateImageResponseCode: 'success', firmwareVersion: '01020000' },
  { serviceReferenceVariant: '11.3' },
  { serviceReferenceVariant: '11.3', activateImageResponseCode: 'activationFailure', firmwareVersion: '01010000' },
  { serviceReferenceVariant: '11.2', firmwareVersion: '01030000', deviceId: id(2), respondent: 'GPF' }
]
const pairs = []
for (const d of devices) for (const r of requests) pairs.push([r.deviceId === undefined ? r : { ...r, deviceId: d.deviceId }, d])
const responsePairs = []
for (const d of devices)
  for (const r of responses)
    if (r.respondent !== 'GPF' || d.deviceType === 'GSME')
      responsePairs.push([r.deviceId === undefined || r.deviceId === d.deviceId ? r : { ...r, deviceId: d.deviceId }, d])
const alert = {
  code: 'N52',
  recipient: 'ResponsibleImportSupplier',
  recipientUserId: ris,
  deviceId: id(2),
  deviceType: 'GSME',
  firmwareVersionSmi: '01020000',
  firmwareVersionDevice: '01030000'
}

// ---- the inputs as a service receives them: raw JSON, parsed
const parsed = (x) => JSON.parse(JSON.stringify(x))
const rawPairs = pairs.map(([r, d]) => [parsed(r), parsed(d)])
const rawResponsePairs = responsePairs.map(([r, d]) => [parsed(r), parsed(d)])
// ... and as a service holds them after decoding once at its boundary: frozen, decoded, a prepared CPL
const frozen = (x) => Object.freeze(parsed(x))
const fastPairs = pairs.map(([r, d]) => [frozen(r), frozen(d)])
const fastResponsePairs = responsePairs.map(([r, d]) => [frozen(r), frozen(d)])
for (const [r, d] of fastPairs) assert.equal(lib.decodeServiceRequest(r)._tag === 'Right' && lib.decodeDevice(d)._tag, 'Right')
for (const [r, d] of fastResponsePairs) assert.equal(lib.decodeServiceResponse(r)._tag === 'Right' && lib.decodeDevice(d)._tag, 'Right')
const prepared = lib.prepareCpl(cpl).right
const floorIndex = base.prepareCpl(cpl)
assert.ok(prepared !== undefined && floorIndex !== undefined)

// ---- every floor must decide exactly as the library does
for (const edition of ['baseline', 'SECMP0105']) {
  const options = { edition }
  for (let i = 0; i < pairs.length; i++) {
    const [r, d] = rawPairs[i]
    const a = lib.authoriseRequest(r, d, options)
    assert.equal(a._tag, 'Right')
    const expected = [a.right.outcome, a.right.responseCode, a.right.rules]
    const [fr, fd] = fastPairs[i]
    for (const b of [base.full.authoriseRequest(r, d, options), base.bare.authoriseRequest(fr, fd, options)]) {
      assert.deepEqual([b.right.outcome, b.right.responseCode, b.right.rules], expected, JSON.stringify([r, d, edition]))
    }
    assert.deepEqual(lib.authoriseRequest(fr, fd, options), a)
  }
  for (let i = 0; i < responsePairs.length; i++) {
    const [r, d] = rawResponsePairs[i]
    const a = lib.processResponse(r, d, prepared, options)
    assert.equal(a._tag, 'Right', JSON.stringify(a.left))
    const expected = [a.right.device, a.right.alerts, a.right.rules]
    const [fr, fd] = fastResponsePairs[i]
    for (const b of [base.full.processResponse(r, d, floorIndex, options), base.bare.processResponse(fr, fd, floorIndex, options)]) {
      assert.deepEqual([b.right.device, b.right.alerts, b.right.rules], expected, JSON.stringify([r, d, edition]))
    }
    assert.deepEqual(lib.processResponse(fr, fd, prepared, options).right, a.right)
    assert.deepEqual(lib.processResponse(r, d, cpl, options).right, a.right)
  }
}
// ... and the full floor refuses what the library refuses: the device is checked whole
for (const bad of [
  [{ serviceReferenceVariant: '99.9', commandVariant: 1 }, devices[0]],
  [{ serviceReferenceVariant: '2.2', commandVariant: 9 }, devices[0]],
  [requests[0], { ...devices[0], statusBeforeSuspension: undefined }],
  [requests[0], { ...devices[1], deviceType: 'IHD' }],
  [{ ...requests[0], deviceId: id(9) }, devices[0]],
  [requests[0], { ...devices[0], deviceId: 'x' }],
  [requests[0], { ...devices[0], firmwareVersion: '0102AB000' }],
  [requests[0], { ...devices[0], model: null }],
  [requests[0], { ...devices[0], responsibleNetworkOperator: '' }],
  [requests[0], Object.create(devices[0])]
]) {
  assert.equal(lib.authoriseRequest(...bad)._tag, 'Left')
  assert.equal(base.full.authoriseRequest(...bad)._tag, 'Left')
}

// ---- micro-benchmarks
const bench = new Bench({ time, warmupTime: Math.min(300, time) })
let sink = 0
const rotate = (xs, f) => {
  let i = 0
  return () => {
    for (let k = 0; k < BATCH; k++) {
      const x = xs[i]
      i = i + 1 === xs.length ? 0 : i + 1
      if (f(x)._tag === 'Right') sink++
    }
  }
}
// [name, library, floor, target, what the floor is]
const tasks = [
  [
    'authoriseRequest, raw JSON',
    rotate(rawPairs, ([r, d]) => lib.authoriseRequest(r, d)),
    rotate(rawPairs, ([r, d]) => base.full.authoriseRequest(r, d)),
    0.5,
    'same full checks'
  ],
  [
    'processResponse, raw JSON, prepared CPL (5,000 entries)',
    rotate(rawResponsePairs, ([r, d]) => lib.processResponse(r, d, prepared)),
    rotate(rawResponsePairs, ([r, d]) => base.full.processResponse(r, d, floorIndex)),
    0.5,
    'same full checks'
  ],
  [
    'authoriseRequest, validated once (frozen, decoded)',
    rotate(fastPairs, ([r, d]) => lib.authoriseRequest(r, d)),
    rotate(fastPairs, ([r, d]) => base.bare.authoriseRequest(r, d)),
    0.5,
    'bare: no checks'
  ],
  [
    'processResponse, validated once, prepared CPL',
    rotate(fastResponsePairs, ([r, d]) => lib.processResponse(r, d, prepared)),
    rotate(fastResponsePairs, ([r, d]) => base.bare.processResponse(r, d, floorIndex)),
    0.5,
    'bare: no checks'
  ],
  [
    'decode-then-authorise, raw JSON (decodeServiceRequest + decodeDevice + authoriseRequest)',
    rotate(rawPairs, ([r, d]) => {
      const req = lib.decodeServiceRequest(r)
      const dev = lib.decodeDevice(d)
      return req._tag === 'Right' && dev._tag === 'Right' ? lib.authoriseRequest(req.right, dev.right) : req
    })
  ],
  ['decodeServiceRequest', rotate(requests.map(parsed), (r) => lib.decodeServiceRequest(r))],
  ['decodeServiceResponse', rotate(responses.map(parsed), (r) => lib.decodeServiceResponse(r))],
  ['decodeDevice', rotate(devices.map(parsed), (d) => lib.decodeDevice(d))],
  ['decodeAlert', rotate([alert], (a) => lib.decodeAlert(a))]
]
for (const [name, f, g] of tasks) {
  bench.add(name, f)
  if (g !== undefined) bench.add(`${name} [floor]`, g)
}
// the O(n) calls: one per iteration
const single = [
  ['decodeCpl (5,000 entries)', () => lib.decodeCpl(cpl)],
  ['prepareCpl (5,000 entries, a mutable array)', () => lib.prepareCpl(cpl)],
  [
    'processResponse with a mutable 5,000-entry CPL array (read in full on each call)',
    () => lib.processResponse(rawResponsePairs[0][0], rawResponsePairs[0][1], cpl)
  ]
]
for (const [name, f] of single)
  bench.add(name, () => {
    if (f()._tag === 'Right') sink++
  })

const loadBefore = loadavg()[0]
await bench.run()
const singles = new Set(single.map(([name]) => name))
const hz = (name) => {
  const t = bench.tasks.find((x) => x.name === name)
  const r = t?.result
  const mean = r?.latency?.mean ?? r?.mean // milliseconds per iteration
  return mean === undefined ? NaN : (singles.has(name) ? 1 : BATCH) * (1000 / mean)
}
const fmt = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-GB') : '—')
const rows = []
for (const [name, , g, target, floor] of tasks) {
  const mine = hz(name)
  const theirs = g === undefined ? NaN : hz(`${name} [floor]`)
  const ratio = mine / theirs
  let verdict = ''
  if (target !== undefined) verdict = ratio >= target ? `≥ ${target}× ✔` : `≥ ${target}× ✘`
  if (name.startsWith('decode-then-authorise')) verdict = mine >= 1e6 ? '≥ 1,000,000/s ✔' : '≥ 1,000,000/s ✘'
  rows.push([
    name,
    fmt(mine),
    g === undefined ? '—' : `${fmt(theirs)} (${floor})`,
    Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : '—',
    verdict
  ])
}
for (const [name] of single) {
  const n = hz(name)
  rows.push([
    name,
    name.includes('5,000') && !name.startsWith('processResponse') ? `${fmt(n)} (${fmt(n * 5000)} entries/s)` : fmt(n),
    '—',
    '—',
    'O(n)'
  ])
}

// ---- the bundled specification: in-process, and through `serve` (the conformance protocol, one child process)
if (process.env.BENCH_CONFORMANCE !== '0') {
  const kit = await import('../dist/conformance.js')
  const scenario = await import('../dist/scenario.js')
  const specDir = new URL('../spec/', import.meta.url)
  const files = readdirSync(specDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const d = scenario.decodeScenarioFile(JSON.parse(readFileSync(new URL(f, specDir), 'utf8')), f)
      assert.equal(d._tag, 'Right', f)
      return { file: f, content: d.right }
    })
  const scenarios = files.reduce((n, f) => n + f.content.scenarios.length, 0)
  /** Mean seconds of one run of the whole specification against `impl`, over `time` ms (at least 3 runs). */
  const timeRuns = async (impl) => {
    let runs = 0
    const t0 = performance.now()
    while (runs < 3 || performance.now() - t0 < time) {
      const r = await kit.runConformance(impl, files)
      assert.equal(r.failed, 0, 'the bundled specification passes')
      runs++
    }
    return (performance.now() - t0) / 1000 / runs
  }
  await timeRuns(kit.libraryImplementation) // warm-up
  const inProcess = await timeRuns(kit.libraryImplementation)
  const t0 = performance.now()
  const started = await kit.startProgram(
    `${JSON.stringify(process.execPath)} ${JSON.stringify(new URL('../dist/cli.js', import.meta.url).pathname)} serve`
  )
  const startSeconds = (performance.now() - t0) / 1000
  assert.ok(started.ok, started.problem)
  let served
  try {
    served = await timeRuns(started.program)
  } finally {
    await started.program.stop()
  }
  // the commands as a user runs them, wall clock, median of 3: `verify` and `verify --implementation "… serve"`
  const cli = new URL('../dist/cli.js', import.meta.url).pathname
  const wall = (args) => {
    const times = []
    for (let i = 0; i < 3; i++) {
      const t = performance.now()
      execFileSync(process.execPath, [cli, 'verify', ...args], { stdio: 'ignore' })
      times.push((performance.now() - t) / 1000)
    }
    return times.sort((a, b) => a - b)[1]
  }
  const verifyWall = wall([])
  const serveWall = wall(['--implementation', `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} serve`])
  const ms = (x) => `${(x * 1000).toFixed(0)} ms`
  rows.push([
    `verify, the bundled specification (${scenarios} scenarios), in-process`,
    `${fmt(scenarios / inProcess)} scenarios/s (${ms(inProcess)} a run)`,
    '—',
    '—',
    ''
  ])
  rows.push([
    `the same through \`serve\` (one process, started in ${ms(startSeconds)})`,
    `${fmt(scenarios / served)} scenarios/s (${ms(served)} a run)`,
    `${fmt(scenarios / inProcess)} scenarios/s (in-process)`,
    `${(inProcess / served).toFixed(2)}×`,
    ''
  ])
  const budget = 2 * verifyWall + startSeconds
  rows.push([
    'the commands, wall clock: `verify --implementation "… serve"` against `verify`',
    ms(serveWall),
    ms(verifyWall),
    `${(verifyWall / serveWall).toFixed(2)}×`,
    `< 2 × verify + one start (${ms(budget)}) ${serveWall < budget ? '✔' : '✘'}`
  ])
}

// ---- replay of a generated campaign, against a plain JSON pass over the same lines
if (devicesInReplay > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'sdr-bench-'))
  try {
    const bin = new URL('../dist/cli.js', import.meta.url).pathname
    execFileSync(process.execPath, [bin, 'generate', '--devices', String(devicesInReplay), '--seed', '1', '--out', join(dir, 'c')], {
      stdio: 'ignore'
    })
    for (const workers of ['0', '2']) {
      const out = join(dir, `r${workers}`)
      execFileSync(
        process.execPath,
        [
          bin,
          'replay',
          '--inventory',
          join(dir, 'c/inventory.ndjson'),
          '--cpl',
          join(dir, 'c/cpl.json'),
          '--events',
          join(dir, 'c/events.ndjson'),
          '--out',
          out,
          '--workers',
          workers,
          '--calibrate',
          // the generated campaign holds malformed lines on purpose
          '--allow-rejected',
          String(devicesInReplay)
        ],
        { stdio: 'ignore' }
      )
      const s = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))
      const c = s.run.calibration
      rows.push([
        `replay, ${fmt(devicesInReplay)} devices + ${fmt(s.events.lines)} events (${workers === '0' ? 'one thread' : `${workers} workers`}; peak RSS ${fmt(s.run.peakRssBytes / 2 ** 20)} MB)`,
        `${fmt(c.lines / s.run.seconds)} lines/s`,
        `${fmt(c.lines / c.plainPassSeconds)} lines/s (plain JSON pass)`,
        `${c.speedRatio.toFixed(2)}×`,
        c.speedRatio >= 1 / 3 ? '≥ 0.33× ✔' : '≥ 0.33× ✘'
      ])
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const cpu = cpus()
console.log(
  `\nsuspended-device-rules benchmarks (built package) — Node ${process.version}, ${cpu[0]?.model ?? 'unknown CPU'} × ${cpu.length}, ${fmt(totalmem() / 2 ** 30)} GB; load average ${loadBefore.toFixed(2)} → ${loadavg()[0].toFixed(2)}\n`
)
console.log('| benchmark | library (calls/s) | hand-written floor (calls/s) | ratio | target |')
console.log('|---|--:|--:|--:|---|')
for (const r of rows) console.log(`| ${r.join(' | ')} |`)
if (sink < 0) console.log(sink)
