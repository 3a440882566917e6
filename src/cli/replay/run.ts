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
import { availableParallelism } from 'node:os'
import { resourceUsage } from 'node:process'
import { Worker } from 'node:worker_threads'
import {
  addCounters,
  emptyCounters,
  FleetReplay,
  isBlank,
  summarise,
  type RejectedLine,
  type ReplayCounters,
  type ReplaySummary
} from '../../campaign/replay.js'
import { addSeries, SuspendedSeries, type SuspendedSeriesData } from '../../campaign/series.js'
import type { Edition } from '../../Edition.js'
import { lineReader, NotUtf8, readByteLineBatches, readLineBatches, type LineWriter } from './lines.js'
import { createOutDir, lockOutDir, ReplayOutput } from './output.js'
import { createPartition, EVENTS_BASE, position, type FromPartition, type ToPartition } from './partition.js'
import { campaignOrigin, describeFile, LIBRARY, type CampaignOrigin, type InputFile } from './provenance.js'

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
  /** The file the CPL was read from, for summary.json's `inputs` (left out when not given). */
  readonly cplFile?: string
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
  /** What summary.json holds, once the replay has run (default: the summary). */
  readonly summaryFile?: (result: ReplayRunResult) => unknown
}

export interface ReplayRunResult {
  readonly summary: ReplaySummary
  readonly seconds: number
  readonly partitions: number
  /** The number of Suspended devices along the event sequence (series.ts). */
  readonly series: SuspendedSeriesData
  /** The input files replayed: path, size and SHA-256. */
  readonly inputs: Readonly<Record<string, InputFile>>
  /** The generated campaign the inputs are, when its campaign.json says so (provenance.ts). */
  readonly campaign: CampaignOrigin | undefined
  /** When the replay started and ended (ISO 8601, UTC). */
  readonly startedAt: string
  readonly endedAt: string
}

/**
 * summary.json's content but for the "run" block: the edition, what it is a summary of (the library,
 * the input files, the generated campaign when known), then the summary. The same for every
 * number of workers.
 */
export function summaryDocument(r: ReplayRunResult): Record<string, unknown> {
  const { edition, rejected, ...rest } = r.summary
  return {
    edition,
    library: LIBRARY,
    inputs: r.inputs,
    ...(r.campaign === undefined ? {} : { campaign: r.campaign }),
    ...rest,
    suspendedOverEvents: r.series,
    rejected
  }
}

/** Peak resident memory of the process so far, worker threads included, in bytes. */
export function peakRssBytes(): number {
  return resourceUsage().maxRSS * 1024
}

/**
 * How many partitions to use by default: worker threads pay only with cores to spare. Each
 * partition reads both files and keeps its own lines, so partitioning costs about half as much
 * CPU again as one thread (measured: docs/performance.md); with 2 cores, shared with other work,
 * one thread was faster. So: this thread for small event files or fewer than 4 cores, otherwise
 * one partition per core but one (the main thread merges the output), at most 8.
 */
export function defaultPartitions(eventBytes: number): number {
  const cores = availableParallelism()
  return eventBytes < 16 * 1024 * 1024 || cores < 4 ? 0 : Math.min(cores - 1, 8)
}

/** The main thread's end of a partition. */
export interface PartitionPort {
  send(msg: ToPartition): void
  onMessage(f: (m: FromPartition) => void): void
  onError(f: (e: Error) => void): void
  close(): Promise<void>
}

/** A partition in a worker thread. */
export function workerPartition(url: URL): PartitionPort {
  const worker = new Worker(url)
  let closing = false
  return {
    send: (msg) => worker.postMessage(msg),
    onMessage: (f) => worker.on('message', f),
    onError: (f) => {
      worker.on('error', f)
      worker.on('exit', (code) => {
        if (!closing) f(new Error(`replay worker stopped with exit code ${code}`))
      })
    },
    close: async () => {
      closing = true
      await worker.terminate()
    }
  }
}

/** A partition in this thread, answering asynchronously as a worker would (for tests). */
export function inThreadPartition(): PartitionPort {
  let receive: (m: FromPartition) => void = () => undefined
  const partition = createPartition((m) => {
    // a worker's messages arrive on a later turn of the event loop
    setImmediate(() => receive(m))
  })
  return {
    send: (msg) => void setImmediate(() => void partition.handle(msg)),
    onMessage: (f) => {
      receive = f
    },
    onError: () => undefined,
    close: async () => undefined
  }
}

/**
 * Replays the files into the output folder (see output.ts: one replay at a time, the files
 * renamed into place when complete, summary.json last); rejects with a message naming the file
 * when a file cannot be read or written, the folder is in use, or the CPL is invalid.
 */
export async function runReplay(o: ReplayRunOptions): Promise<ReplayRunResult> {
  const start = performance.now()
  const startedAt = new Date().toISOString()
  await createOutDir(o.outDir)
  const lock = await lockOutDir(o.outDir)
  try {
    const out = await ReplayOutput.open(o.outDir)
    try {
      // the inputs are hashed while they are replayed (each read once more, by the thread pool and this thread)
      const hashing = Promise.all([
        describeFile(o.inventory),
        ...(o.cplFile === undefined ? [] : [describeFile(o.cplFile)]),
        describeFile(o.events)
      ])
      hashing.catch(() => undefined)
      const ran = o.partitions <= 0 ? await runInThread(o, out) : await runPartitioned(o, out)
      const described = await hashing
      const inputs: Record<string, InputFile> = { inventory: described[0] as InputFile }
      if (o.cplFile !== undefined) inputs.cpl = described[1] as InputFile
      inputs.events = described[described.length - 1] as InputFile
      const campaign = await campaignOrigin(inputs, o.events)
      const result = { ...ran, inputs, campaign, startedAt, endedAt: new Date().toISOString(), seconds: (performance.now() - start) / 1000 }
      const file = o.summaryFile === undefined ? summaryDocument(result) : await o.summaryFile(result)
      await out.commit(JSON.stringify(file, null, 2) + '\n')
      return result
    } catch (e) {
      await out.abort()
      throw e
    }
  } finally {
    await lock.release()
  }
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
    // a failure to write is kept by the writer and thrown by its next flush or close
    this.writer.write(JSON.stringify(r) + '\n')?.catch(() => undefined)
  }
}

async function runInThread(o: ReplayRunOptions, out: ReplayOutput): Promise<Pick<ReplayRunResult, 'summary' | 'partitions' | 'series'>> {
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
  for await (const batch of readByteLineBatches(o.inventory)) {
    const line = lineReader(batch)
    for (let k = 0; k < batch.count; k++) {
      const text = line(k)
      if (text instanceof NotUtf8) replay.rejectLine('inventory', batch.first + k, text.reason)
      else replay.addInventoryLine(text, batch.first + k)
    }
    o.onProgress?.({ phase: 'inventory', done: batch.bytesRead, total: total?.inventory ?? 0 })
  }
  await out.rejected.flush()
  const series = new SuspendedSeries()
  series.start(replay.suspendedCount())
  let lines = 0
  for await (const batch of readByteLineBatches(o.events)) {
    const line = lineReader(batch)
    for (let k = 0; k < batch.count; k++) {
      const num = batch.first + k
      const text = line(k)
      if (text instanceof NotUtf8) replay.rejectLine('events', num, text.reason)
      else replay.applyEventLine(text, num)
      if (num === series.next) series.sample(num, replay.suspendedCount())
      lines = num
    }
    if (alertText.length > 0) {
      await out.alerts.write(alertText)
      alertText = ''
    }
    await out.rejected.flush()
    o.onProgress?.({ phase: 'events', done: batch.bytesRead, total: total?.events ?? 0 })
  }
  const suspendedSeries = series.finish(lines, replay.suspendedCount())
  const counters = replay.finish()
  let n = 0
  let text = ''
  for (const line of replay.fleetLines()) {
    text += line + '\n'
    if (++n % 8192 === 0) {
      await out.inventory.write(text)
      text = ''
      o.onProgress?.({ phase: 'output', done: n, total: counters.devices })
    }
  }
  await out.inventory.write(text)
  return { summary: summarise(o.edition, counters, rejections.listed, rejections.count), partitions: 0, series: suspendedSeries }
}

/** Merges lists, each sorted by its numbers, into one list in number order. */
function mergeByNumber<T>(lists: ReadonlyArray<{ readonly items: readonly T[]; readonly nums: ArrayLike<number> }>): T[] {
  const nonEmpty = lists.filter((l) => l.items.length > 0)
  if (nonEmpty.length === 0) return []
  if (nonEmpty.length === 1) return (nonEmpty[0] as { readonly items: readonly T[] }).items.slice()
  const out: T[] = []
  const at = nonEmpty.map(() => 0)
  for (;;) {
    let best = -1
    let bestNum = Infinity
    for (let k = 0; k < nonEmpty.length; k++) {
      const l = nonEmpty[k] as { items: readonly T[]; nums: ArrayLike<number> }
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

/** What the main thread holds of one partition's reports until every partition has passed them. */
interface Held {
  upTo: number
  alerts: string[]
  alertNums: number[]
  rejects: RejectedLine[]
  rejectNums: number[]
}

/** Takes the items whose number is at most `upTo` off the front of a held list. */
function takeUpTo<T>(items: T[], nums: number[], upTo: number): { items: T[]; nums: number[] } {
  let k = 0
  while (k < nums.length && (nums[k] as number) <= upTo) k++
  return { items: items.splice(0, k), nums: nums.splice(0, k) }
}

async function runPartitioned(o: ReplayRunOptions, out: ReplayOutput): Promise<Pick<ReplayRunResult, 'summary' | 'partitions' | 'series'>> {
  const n = o.partitions
  const spawn = o.spawn ?? (() => workerPartition(new URL('./replay-worker.js', import.meta.url)))
  const ports = Array.from({ length: n }, (_, i) => spawn(i))
  const rejections = new Rejections(out.rejected, o.listRejected ?? 1000)
  const held: Held[] = ports.map(() => ({ upTo: -1, alerts: [], alertNums: [], rejects: [], rejectNums: [] }))
  const counted: Array<ReplayCounters | undefined> = ports.map(() => undefined)
  const sampled: SuspendedSeriesData[] = []
  /** The dumps asked of each partition and not yet answered. */
  const dumps: Array<Array<{ resolve: (m: FromPartition & { t: 'dump' }) => void; reject: (e: Error) => void }>> = ports.map(() => [])
  const bytes = ports.map(() => ({ inventory: 0, events: 0 }))
  let failure: Error | undefined
  let wake: (() => void) | undefined
  const notify = (): void => {
    const w = wake
    wake = undefined
    w?.()
    // a failed partition answers no dump: fail the waiting ones
    if (failure !== undefined) for (const waiting of dumps) for (const d of waiting.splice(0)) d.reject(failure)
  }
  const until = async (done: () => boolean): Promise<void> => {
    while (!done()) {
      if (failure !== undefined) throw failure
      await new Promise<void>((resolve) => (wake = resolve))
    }
    if (failure !== undefined) throw failure
  }

  /** Writes what every partition has passed: alerts in event order, rejected lines in line order. */
  let writing = Promise.resolve()
  const release = (): void => {
    const upTo = Math.min(...held.map((h) => h.upTo))
    const alerts = mergeByNumber(held.map((h) => takeUpTo(h.alerts, h.alertNums, upTo - EVENTS_BASE)))
    const rejects = mergeByNumber(held.map((h) => takeUpTo(h.rejects, h.rejectNums, upTo)))
    for (const r of rejects) rejections.add(r)
    if (alerts.length > 0) {
      writing = writing.then(() => out.alerts.write(alerts.join('\n') + '\n'))
      // awaited at the end; until then a failure must not count as unhandled
      writing.catch(() => undefined)
    }
  }

  ports.forEach((port, p) => {
    port.onError((e) => {
      failure ??= e
      notify()
    })
    port.onMessage((m) => {
      const h = held[p] as Held
      switch (m.t) {
        case 'progress':
          h.upTo = m.upTo
          for (let i = 0; i < m.alerts.length; i++) {
            h.alerts.push(m.alerts[i] as string)
            h.alertNums.push(m.alertNums[i] as number)
          }
          for (const r of m.rejects) {
            h.rejects.push(r)
            h.rejectNums.push(position(r))
          }
          ;(bytes[p] as { inventory: number; events: number })[m.phase] = m.bytes
          release()
          if (o.onProgress !== undefined) {
            const done = Math.min(...bytes.map((b) => b[m.phase]))
            o.onProgress({ phase: m.phase, done, total: (m.phase === 'inventory' ? o.sizes?.inventory : o.sizes?.events) ?? 0 })
          }
          break
        case 'counted':
          counted[p] = m.counters
          sampled[p] = m.series
          break
        case 'dump':
          dumps[p]?.shift()?.resolve(m)
          break
        case 'error':
          failure ??= new Error(m.message)
          break
      }
      notify()
    })
  })

  try {
    ports.forEach((port, p) =>
      port.send({ t: 'run', inventory: o.inventory, events: o.events, cpl: o.cpl, edition: o.edition, partition: p, partitions: n })
    )
    await until(() => counted.every((c) => c !== undefined))
    for (const h of held) h.upTo = Infinity
    release()
    await writing
    const counters = emptyCounters()
    for (const c of counted) addCounters(counters, c as ReplayCounters)

    // the final inventory, merged back into inventory order
    const dump = (p: number): Promise<FromPartition & { t: 'dump' }> =>
      new Promise((resolve, reject) => {
        if (failure !== undefined) return reject(failure)
        dumps[p]?.push({ resolve, reject })
        ;(ports[p] as PartitionPort).send({ t: 'dump', max: 32768 })
      })
    const queues = await Promise.all(ports.map(async (_, p) => ({ ...(await dump(p)), lines: [] as string[], at: 0 })))
    for (const q of queues) q.lines = q.text.length === 0 ? [] : q.text.split('\n')
    let written = 0
    let text: string[] = []
    for (;;) {
      let best = -1
      let bestNum = Infinity
      for (let p = 0; p < n; p++) {
        let q = queues[p] as (typeof queues)[number]
        if (q.at === q.lines.length && !q.done) {
          q = queues[p] = { ...(await dump(p)), lines: [], at: 0 }
          q.lines = q.text.length === 0 ? [] : q.text.split('\n')
        }
        if (q.at < q.lines.length && (q.nums[q.at] as number) < bestNum) {
          best = p
          bestNum = q.nums[q.at] as number
        }
      }
      if (best < 0) break
      const q = queues[best] as (typeof queues)[number]
      text.push(q.lines[q.at++] as string)
      if (++written % 8192 === 0) {
        await out.inventory.write(text.join('\n') + '\n')
        text = []
        o.onProgress?.({ phase: 'output', done: written, total: counters.devices })
      }
    }
    if (text.length > 0) await out.inventory.write(text.join('\n') + '\n')
    return { summary: summarise(o.edition, counters, rejections.listed, rejections.count), partitions: n, series: addSeries(sampled) }
  } finally {
    await Promise.all(ports.map((p) => p.close()))
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
