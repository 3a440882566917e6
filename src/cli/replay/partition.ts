/**
 * One partition of a partitioned replay: the messages a worker thread answers. Kept apart from the
 * thread itself so the same handler runs in a worker (`worker.ts`) or, for tests, in-thread.
 *
 * @internal
 */
import { FleetReplay, type ReplayCounters, type RejectedLine } from '../../campaign/replay.js'
import type { Edition } from '../../Edition.js'

export type ToPartition =
  | { readonly t: 'init'; readonly cpl: unknown; readonly edition: Edition; readonly reportsShared: boolean }
  /** Lines joined by "\n", with their line numbers. */
  | { readonly t: 'inventory'; readonly seq: number; readonly text: string; readonly nums: Int32Array }
  | { readonly t: 'events'; readonly seq: number; readonly text: string; readonly nums: Int32Array }
  | { readonly t: 'finish' }
  | { readonly t: 'dump'; readonly max: number }

export type FromPartition =
  | { readonly t: 'ready' }
  | { readonly t: 'inventory'; readonly seq: number; readonly rejects: RejectedLine[] }
  /** Alerts as JSON, each with the line number of the event that raised it, in line order. */
  | { readonly t: 'events'; readonly seq: number; readonly alerts: string[]; readonly alertNums: number[]; readonly rejects: RejectedLine[] }
  | { readonly t: 'finish'; readonly counters: ReplayCounters }
  /** Devices as JSON, each with its inventory line number, in inventory order. */
  | { readonly t: 'dump'; readonly devices: string[]; readonly nums: number[]; readonly done: boolean }
  | { readonly t: 'error'; readonly message: string }

/** Makes a partition; `handle` answers each message with exactly one reply. */
export function createPartition(): { handle(msg: ToPartition): FromPartition } {
  let replay: FleetReplay | undefined
  let alerts: string[] = []
  let alertNums: number[] = []
  let rejects: RejectedLine[] = []
  let dumping: { devices: Iterator<unknown>; lines: Iterator<number> } | undefined
  const lineOf: number[] = []

  const need = (): FleetReplay => {
    if (replay === undefined) throw new Error('partition used before init')
    return replay
  }
  const each = (text: string, nums: Int32Array, f: (line: string, num: number) => void): void => {
    if (nums.length === 0) return
    let start = 0
    for (let i = 0; i < nums.length; i++) {
      const end = i === nums.length - 1 ? text.length : text.indexOf('\n', start)
      f(text.slice(start, end), nums[i] as number)
      start = end + 1
    }
  }

  return {
    handle(msg) {
      try {
        switch (msg.t) {
          case 'init':
            replay = new FleetReplay(msg.cpl, {
              edition: msg.edition,
              reportsSharedLines: msg.reportsShared,
              onAlert: (a, line) => {
                alerts.push(JSON.stringify(a))
                alertNums.push(line)
              },
              onReject: (r) => rejects.push(r)
            })
            return { t: 'ready' }
          case 'inventory': {
            const r = need()
            each(msg.text, msg.nums, (line, num) => {
              const before = r.deviceCount
              r.addInventoryLine(line, num)
              if (r.deviceCount > before) lineOf.push(num)
            })
            const out = rejects
            rejects = []
            return { t: 'inventory', seq: msg.seq, rejects: out }
          }
          case 'events': {
            const r = need()
            each(msg.text, msg.nums, (line, num) => r.applyEventLine(line, num))
            const out = { t: 'events' as const, seq: msg.seq, alerts, alertNums, rejects }
            alerts = []
            alertNums = []
            rejects = []
            return out
          }
          case 'finish':
            return { t: 'finish', counters: need().finish() }
          case 'dump': {
            const r = need()
            dumping ??= { devices: r.fleet(), lines: lineOf[Symbol.iterator]() }
            const devices: string[] = []
            const nums: number[] = []
            while (devices.length < msg.max) {
              const d = dumping.devices.next()
              if (d.done === true) return { t: 'dump', devices, nums, done: true }
              devices.push(JSON.stringify(d.value))
              nums.push(dumping.lines.next().value as number)
            }
            return { t: 'dump', devices, nums, done: false }
          }
        }
      } catch (e) {
        return { t: 'error', message: e instanceof Error ? e.message : String(e) }
      }
    }
  }
}
