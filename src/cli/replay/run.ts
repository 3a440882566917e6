/**
 * Runs a replay over files: streams the inventory and the events through the replay engine, in
 * this thread or partitioned by `deviceId` over worker threads, and writes the final inventory,
 * the alerts and the rejected lines. Node-only.
 *
 * Partitioned replay: the main thread reads the files and routes every line to the partition of
 * its device (a hash of the `deviceId`); a CPL removal goes to every partition, in its place in
 * the stream, so each partition sees the removals in order relative to its own devices' events.
 * Alerts, rejected lines and the final inventory come back tagged with line numbers and are
 * merged into line order, so the output files are the same whatever the number of partitions.
 *
 * @internal
 */
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { availableParallelism } from 'node:os'
import { resourceUsage } from 'node:process'
import { Worker } from 'node:worker_threads'
import {
  addCounters,
  compareRejected,
  emptyCounters,
  FleetReplay,
  isBlank,
  summarise,
  type RejectedLine,
  type ReplayCounters,
  type ReplaySummary
} from '../../campaign/replay.js'
import type { Edition } from '../../Edition.js'
import { LineWriter, readLineBatches } from './lines.js'
import { createPartition, type FromPartition, type ToPartition } from './partition.js'

export interface Progress {
  readonly phase: 'inventory' | 'events' | 'output'
  readonly done: number
  readonly total: number
}

export interface ReplayFiles {
  readonly inventory: string
  readonly events: string
  readonly outDir: string
}

export interface ReplayRunOptions extends ReplayFiles {
  /** The CPL before the first event, as parsed JSON (checked here). */
  readonly cpl: unknown
  readonly edition: Edition
  /** 0: replay in this thread; N ≥ 1: N partitions. */
  readonly partitions: number
  /** Starts partition `index` (default: a worker thread running worker.js next to this module). */
  readonly spawn?: (index: number) => PartitionPort
  readonly onProgress?: (p: Progress) => void
  /** How many rejected lines the summary lists (all of them go to rejected.ndjson). Default 1,000. */
  readonly listRejected?: number
  /** Sizes of the files, for progress. */
  readonly sizes?: { readonly inventory: number; readonly events: number }
}

export interface ReplayRunResult {
  readonly summary: ReplaySummary
  readonly seconds: number
  readonly partitions: number
}

/** The main thread's end of a partition: one reply per message, in order. */
export interface PartitionPort {
  send(msg: ToPartition, transfer?: readonly ArrayBuffer[]): void
  onMessage(f: (m: FromPartition) => void): void
  onError(f: (e: Error) => void): void
  close(): Promise<void>
}

/** Peak resident memory of the process so far, worker threads included, in bytes. */
export function peakRssBytes(): number {
  return resourceUsage().maxRSS * 1024
}

/**
 * How many partitions to use: none (this thread) for small event files, where starting workers
 * costs more than it saves; otherwise one per core, at most 4.
 */
export function defaultPartitions(eventBytes: number): number {
  const cores = availableParallelism()
  return eventBytes < 16 * 1024 * 1024 || cores < 2 ? 0 : Math.min(cores, 4)
}

/** A partition in a worker thread. */
export function workerPartition(url: URL): PartitionPort {
  const worker = new Worker(url)
  return {
    send: (msg, transfer) => worker.postMessage(msg, transfer as ArrayBuffer[] | undefined),
    onMessage: (f) => worker.on('message', f),
    onError: (f) => {
      worker.on('error', f)
      worker.on('exit', (code) => {
        if (code !== 0) f(new Error(`replay worker stopped with exit code ${code}`))
      })
    },
    close: async () => {
      await worker.terminate()
    }
  }
}

/** A partition in this thread, answering asynchronously as a worker would (for tests). */
export function inThreadPartition(): PartitionPort {
  const partition = createPartition()
  let reply: (m: FromPartition) => void = () => undefined
  return {
    send: (msg) => {
      const m = { ...msg } as ToPartition
      setImmediate(() => reply(partition.handle(m)))
    },
    onMessage: (f) => {
      reply = f
    },
    onError: () => undefined,
    close: async () => undefined
  }
}

/** Replays the files; rejects only when a file cannot be read or written, or the CPL is invalid. */
export async function runReplay(o: ReplayRunOptions): Promise<ReplayRunResult> {
  const start = performance.now()
  await mkdir(o.outDir, { recursive: true })
  const result = o.partitions <= 0 ? await runInThread(o) : await runPartitioned(o)
  return { ...result, seconds: (performance.now() - start) / 1000 }
}

/** Collects rejected lines: all to rejected.ndjson, the first few to the summary. */
class Rejections {
  readonly listed: RejectedLine[] = []
  count = 0
  constructor(
    private readonly writer: LineWriter,
    private readonly max: number
  ) {}
  add(r: RejectedLine): void {
    this.count++
    if (this.listed.length < this.max) this.listed.push(r)
    void this.writer.write(JSON.stringify(r) + '\n')
  }
}

interface Outputs {
  readonly inventory: LineWriter
  readonly alerts: LineWriter
  readonly rejected: LineWriter
}

function openOutputs(dir: string): Outputs {
  return {
    inventory: new LineWriter(join(dir, 'inventory.ndjson')),
    alerts: new LineWriter(join(dir, 'alerts.ndjson')),
    rejected: new LineWriter(join(dir, 'rejected.ndjson'))
  }
}

async function closeOutputs(out: Outputs): Promise<void> {
  await Promise.all([out.inventory.close(), out.alerts.close(), out.rejected.close()])
}

async function runInThread(o: ReplayRunOptions): Promise<Omit<ReplayRunResult, 'seconds'>> {
  const out = openOutputs(o.outDir)
  const rejections = new Rejections(out.rejected, o.listRejected ?? 1000)
  let alertText = ''
  const replay = new FleetReplay(o.cpl, {
    edition: o.edition,
    onAlert: (a) => {
      alertText += JSON.stringify(a) + '\n'
    },
    onReject: (r) => rejections.add(r)
  })
  const total = o.sizes
  for await (const batch of readLineBatches(o.inventory)) {
    for (let i = 0; i < batch.lines.length; i++) replay.addInventoryLine(batch.lines[i] as string, batch.first + i)
    o.onProgress?.({ phase: 'inventory', done: batch.bytesRead, total: total?.inventory ?? 0 })
  }
  await out.rejected.flush()
  for await (const batch of readLineBatches(o.events)) {
    for (let i = 0; i < batch.lines.length; i++) replay.applyEventLine(batch.lines[i] as string, batch.first + i)
    if (alertText.length > 0) {
      await out.alerts.write(alertText)
      alertText = ''
    }
    await out.rejected.flush()
    o.onProgress?.({ phase: 'events', done: batch.bytesRead, total: total?.events ?? 0 })
  }
  const counters = replay.finish()
  let n = 0
  let text = ''
  for (const device of replay.fleet()) {
    text += JSON.stringify(device) + '\n'
    if (++n % 8192 === 0) {
      await out.inventory.write(text)
      text = ''
      o.onProgress?.({ phase: 'output', done: n, total: counters.devices })
    }
  }
  await out.inventory.write(text)
  await closeOutputs(out)
  return { summary: summarise(o.edition, counters, rejections.listed, rejections.count), partitions: 0 }
}

/** FNV-1a of a device ID, for the partition. */
function partitionOf(id: string, partitions: number): number {
  let h = 0x811c9dc5
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193)
  return (h >>> 0) % partitions
}

const PREFIX = '{"deviceId":"'
const isHexOrDash = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || c === 45

/**
 * Where a line goes: a partition number, or -1 for every partition (a CPL removal). The usual
 * line, starting `{"deviceId":"<EUI-64>"`, is routed without parsing; any other is parsed, and a
 * line that is not an event of a device (bad JSON, an array...) goes to partition 0, which
 * rejects it with the engine's own reason.
 */
export function route(line: string, partitions: number): number {
  if (line.startsWith(PREFIX) && line.charCodeAt(PREFIX.length + 23) === 34) {
    let ok = true
    for (let i = PREFIX.length; i < PREFIX.length + 23; i++) if (!isHexOrDash(line.charCodeAt(i))) ok = false
    if (ok) return partitionOf(line.slice(PREFIX.length, PREFIX.length + 23), partitions)
  }
  if (line.startsWith('{"cplRemoval":')) return -1
  let u: unknown
  try {
    u = JSON.parse(line)
  } catch {
    return 0
  }
  if (typeof u !== 'object' || u === null || Array.isArray(u)) return 0
  const o = u as Record<string, unknown>
  if (typeof o.deviceId === 'string') return partitionOf(o.deviceId, partitions)
  return 'cplRemoval' in o ? -1 : 0
}

/** The main thread's side of the partitions: request/reply with flow control. */
class Partitions {
  private readonly waiting: Array<Array<(m: FromPartition) => void>>
  private failure: Error | undefined
  private readonly failed: Array<(e: Error) => void> = []

  constructor(readonly ports: readonly PartitionPort[]) {
    this.waiting = ports.map(() => [])
    ports.forEach((port, i) => {
      port.onMessage((m) => this.waiting[i]?.shift()?.(m))
      port.onError((e) => {
        this.failure ??= e
        for (const f of this.failed.splice(0)) f(e)
      })
    })
  }

  call(i: number, msg: ToPartition, transfer?: readonly ArrayBuffer[]): Promise<FromPartition> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    return new Promise((resolve, reject) => {
      this.failed.push(reject)
      ;(this.waiting[i] as Array<(m: FromPartition) => void>).push((m) => {
        if (m.t === 'error') reject(new Error(m.message))
        else resolve(m)
      })
      ;(this.ports[i] as PartitionPort).send(msg, transfer)
    })
  }

  async close(): Promise<void> {
    await Promise.all(this.ports.map((p) => p.close()))
  }
}

/** Per-partition line buffers for one batch. */
class Batch {
  texts: string[][]
  nums: number[][]
  constructor(readonly partitions: number) {
    this.texts = Array.from({ length: partitions }, () => [])
    this.nums = Array.from({ length: partitions }, () => [])
  }
  add(p: number, line: string, num: number): void {
    ;(this.texts[p] as string[]).push(line)
    ;(this.nums[p] as number[]).push(num)
  }
  message(p: number, t: 'inventory' | 'events', seq: number): { msg: ToPartition; transfer: ArrayBuffer[] } {
    const nums = Int32Array.from(this.nums[p] as number[])
    return { msg: { t, seq, text: (this.texts[p] as string[]).join('\n'), nums }, transfer: [nums.buffer as ArrayBuffer] }
  }
}

/** Merges per-partition lists, each sorted by its numbers, into one list in number order. */
function mergeByNumber<T>(lists: ReadonlyArray<{ readonly items: readonly T[]; readonly nums: readonly number[] }>): T[] {
  const nonEmpty = lists.filter((l) => l.items.length > 0)
  if (nonEmpty.length === 0) return []
  if (nonEmpty.length === 1) return (nonEmpty[0] as { readonly items: readonly T[] }).items.slice()
  const out: T[] = []
  const at = nonEmpty.map(() => 0)
  for (;;) {
    let best = -1
    let bestNum = Infinity
    for (let k = 0; k < nonEmpty.length; k++) {
      const l = nonEmpty[k] as { items: readonly T[]; nums: readonly number[] }
      const i = at[k] as number
      if (i < l.items.length && (l.nums[i] as number) < bestNum) {
        best = k
        bestNum = l.nums[i] as number
      }
    }
    if (best < 0) return out
    out.push((nonEmpty[best] as { items: readonly T[] }).items[at[best] as number] as T)
    at[best] = (at[best] as number) + 1
  }
}

const BATCH_LINES = 8192
const IN_FLIGHT = 4

async function runPartitioned(o: ReplayRunOptions): Promise<Omit<ReplayRunResult, 'seconds'>> {
  const n = o.partitions
  const spawn = o.spawn ?? (() => workerPartition(new URL('./replay-worker.js', import.meta.url)))
  const parts = new Partitions(Array.from({ length: n }, (_, i) => spawn(i)))
  const out = openOutputs(o.outDir)
  const rejections = new Rejections(out.rejected, o.listRejected ?? 1000)
  try {
    await Promise.all(parts.ports.map((_, i) => parts.call(i, { t: 'init', cpl: o.cpl, edition: o.edition, reportsShared: i === 0 })))
    const lineCounts = { inventoryLines: 0, inventoryBlankLines: 0, eventLines: 0, blankLines: 0 }

    // each batch goes to every partition (possibly empty), so replies can be merged batch by batch
    type Replies = Promise<FromPartition[]>
    const inFlight: Replies[] = []
    let seq = 0
    const send = (batch: Batch, t: 'inventory' | 'events'): void => {
      const s = seq++
      inFlight.push(
        Promise.all(
          parts.ports.map((_, p) => {
            const { msg, transfer } = batch.message(p, t, s)
            return parts.call(p, msg, transfer)
          })
        )
      )
    }
    const settle = async (all: boolean): Promise<void> => {
      while (inFlight.length > (all ? 0 : IN_FLIGHT)) {
        const replies = await (inFlight.shift() as Replies)
        const alerts: Array<{ items: string[]; nums: number[] }> = []
        const rejects: Array<{ items: RejectedLine[]; nums: number[] }> = []
        for (const r of replies) {
          if (r.t === 'events') alerts.push({ items: r.alerts, nums: r.alertNums })
          if (r.t === 'events' || r.t === 'inventory') rejects.push({ items: r.rejects, nums: r.rejects.map((x) => x.line) })
        }
        for (const r of mergeByNumber(rejects)) rejections.add(r)
        const merged = mergeByNumber(alerts)
        if (merged.length > 0) await out.alerts.write(merged.join('\n') + '\n')
        await out.rejected.flush()
      }
    }

    for (const [file, t] of [[o.inventory, 'inventory'], [o.events, 'events']] as const) {
      let batch = new Batch(n)
      let inBatch = 0
      for await (const chunk of readLineBatches(file)) {
        for (let i = 0; i < chunk.lines.length; i++) {
          const line = chunk.lines[i] as string
          const num = chunk.first + i
          if (t === 'inventory') lineCounts.inventoryLines++
          else lineCounts.eventLines++
          if (isBlank(line)) {
            if (t === 'inventory') lineCounts.inventoryBlankLines++
            else lineCounts.blankLines++
            continue
          }
          const p = route(line, n)
          if (p >= 0) batch.add(p, line, num)
          else for (let q = 0; q < n; q++) batch.add(q, line, num)
          if (++inBatch === BATCH_LINES) {
            send(batch, t)
            batch = new Batch(n)
            inBatch = 0
            await settle(false)
          }
        }
        o.onProgress?.({ phase: t, done: chunk.bytesRead, total: (t === 'inventory' ? o.sizes?.inventory : o.sizes?.events) ?? 0 })
      }
      if (inBatch > 0) send(batch, t)
      await settle(true)
    }

    const counters: ReplayCounters = emptyCounters()
    for (let p = 0; p < n; p++) {
      const r = await parts.call(p, { t: 'finish' })
      if (r.t === 'finish') addCounters(counters, r.counters)
    }
    Object.assign(counters, lineCounts)

    // the final inventory, merged back into inventory order
    const queues = parts.ports.map(() => ({ devices: [] as string[], nums: [] as number[], at: 0, done: false }))
    const refill = async (p: number): Promise<void> => {
      const q = queues[p] as (typeof queues)[number]
      const r = await parts.call(p, { t: 'dump', max: 16384 })
      if (r.t !== 'dump') throw new Error(`unexpected reply ${r.t} to dump`)
      q.devices = r.devices
      q.nums = r.nums
      q.at = 0
      q.done = r.done
    }
    await Promise.all(queues.map((_, p) => refill(p)))
    let written = 0
    let text: string[] = []
    for (;;) {
      let best = -1
      let bestNum = Infinity
      for (let p = 0; p < n; p++) {
        const q = queues[p] as (typeof queues)[number]
        if (q.at === q.devices.length && !q.done) await refill(p)
        if (q.at < q.devices.length && (q.nums[q.at] as number) < bestNum) {
          best = p
          bestNum = q.nums[q.at] as number
        }
      }
      if (best < 0) break
      const q = queues[best] as (typeof queues)[number]
      text.push(q.devices[q.at++] as string)
      if (++written % 8192 === 0) {
        await out.inventory.write(text.join('\n') + '\n')
        text = []
        o.onProgress?.({ phase: 'output', done: written, total: counters.devices })
      }
    }
    if (text.length > 0) await out.inventory.write(text.join('\n') + '\n')
    await closeOutputs(out)
    return { summary: summarise(o.edition, counters, rejections.listed.sort(compareRejected), rejections.count), partitions: n }
  } finally {
    await parts.close()
  }
}

/**
 * A plain `JSON.parse` + `JSON.stringify` of every line of the files, read the same way: the
 * yardstick the replay's speed is measured against. Returns the seconds it took and the lines.
 */
export async function plainPass(paths: readonly string[]): Promise<{ seconds: number; lines: number }> {
  const start = performance.now()
  let lines = 0
  let bytes = 0
  for (const path of paths) {
    for await (const batch of readLineBatches(path)) {
      for (const line of batch.lines) {
        lines++
        if (isBlank(line)) continue
        try {
          bytes += JSON.stringify(JSON.parse(line)).length
        } catch {
          // a malformed line costs the same to the replay
        }
      }
    }
  }
  if (bytes < 0) throw new Error('unreachable')
  return { seconds: (performance.now() - start) / 1000, lines }
}
