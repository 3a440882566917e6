/**
 * The number of Suspended devices along the event sequence, sampled every `every` event lines:
 * after the inventory (line 0), after each line whose number is a multiple of `every`, and after
 * the last line. When more than {@link MAX_POINTS} samples have been taken, every other one is
 * dropped and `every` doubles, so the series stays small whatever the campaign's length.
 *
 * The sample points depend only on the line numbers, which every partition of a partitioned replay
 * meets (each reads the whole events file): the partitions sample at the same lines, each its own
 * devices, and the fleet's series is their sum, point by point. So the series is the same whatever
 * the number of workers. Pure: no Node module, no I/O.
 *
 * @internal
 */

/** At most this many samples between the first and the last. */
export const MAX_POINTS = 512

/** A series as summary.json holds it: parallel arrays of event line numbers and Suspended counts. */
export interface SuspendedSeriesData {
  /** Samples were taken every this many event lines (and after the last). */
  readonly every: number
  readonly lines: readonly number[]
  readonly suspended: readonly number[]
}

export class SuspendedSeries {
  every: number
  /** The next line to sample after. */
  next: number
  private lines: number[] = []
  private counts: number[] = []

  constructor(every = 16) {
    this.every = every
    this.next = every
  }

  /** The count after the inventory, before the first event. */
  start(suspended: number): void {
    this.lines = [0]
    this.counts = [suspended]
  }

  /** Call after line `line` is applied when `line === next`. */
  sample(line: number, suspended: number): void {
    this.lines.push(line)
    this.counts.push(suspended)
    if (this.lines.length > MAX_POINTS + 1) {
      // keep line 0 and the multiples of the doubled step
      const every = this.every * 2
      const keep = (_: number, i: number): boolean => i === 0 || (this.lines[i] as number) % every === 0
      this.counts = this.counts.filter(keep)
      this.lines = this.lines.filter((l, i) => i === 0 || l % every === 0)
      this.every = every
    }
    this.next = (Math.floor(line / this.every) + 1) * this.every
  }

  /** The count after the last line (`lines`, the number of event lines), then the data. */
  finish(lines: number, suspended: number): SuspendedSeriesData {
    if (this.lines[this.lines.length - 1] !== lines || this.lines.length === 0) {
      this.lines.push(lines)
      this.counts.push(suspended)
    }
    return { every: this.every, lines: this.lines, suspended: this.counts }
  }
}

/** The fleet's series from its partitions' (sampled at the same lines): the sum at each point. */
export function addSeries(parts: readonly SuspendedSeriesData[]): SuspendedSeriesData {
  const first = parts[0]
  if (first === undefined) return { every: 16, lines: [0], suspended: [0] }
  const suspended = first.suspended.slice()
  for (const p of parts.slice(1)) {
    if (p.every !== first.every || p.lines.length !== first.lines.length)
      throw new Error('replay: partitions sampled the Suspended devices at different lines')
    for (let i = 0; i < suspended.length; i++) suspended[i] = (suspended[i] as number) + (p.suspended[i] as number)
  }
  return { every: first.every, lines: first.lines.slice(), suspended }
}
