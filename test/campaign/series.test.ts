import { describe, expect, it } from 'vitest'
import { addSeries, MAX_POINTS, SuspendedSeries } from '../../src/campaign/series.js'

/** Samples `count(line)` over `lines` event lines, as the replay does. */
function sampled(lines: number, count: (line: number) => number) {
  const s = new SuspendedSeries()
  s.start(count(0))
  for (let line = 1; line <= lines; line++) if (line === s.next) s.sample(line, count(line))
  return s.finish(lines, count(lines))
}

describe('the Suspended devices along the event sequence', () => {
  it('starts after the inventory, ends after the last line, and samples every `every` lines in between', () => {
    const s = sampled(100, (line) => 1000 - line)
    expect(s.every).toBe(16)
    expect(s.lines).toEqual([0, 16, 32, 48, 64, 80, 96, 100])
    expect(s.suspended).toEqual([1000, 984, 968, 952, 936, 920, 904, 900])
  })

  it('stays small on a long campaign: the step doubles, keeping line 0, the multiples of the step and the last line', () => {
    const s = sampled(1_000_003, (line) => line % 7)
    expect(s.lines.length).toBeLessThanOrEqual(MAX_POINTS + 2)
    expect(s.lines.length).toBeGreaterThan(MAX_POINTS / 2)
    expect(s.lines[0]).toBe(0)
    expect(s.lines.at(-1)).toBe(1_000_003)
    for (const line of s.lines.slice(1, -1)) expect(line % s.every).toBe(0)
    s.lines.forEach((line, i) => expect(s.suspended[i]).toBe(line % 7))
  })

  it("adds partitions sampled at the same lines point by point, giving the fleet's series", () => {
    const whole = sampled(5000, (line) => (line * 3) % 11)
    const a = sampled(5000, (line) => ((line * 3) % 11) >> 1)
    const b = sampled(5000, (line) => ((line * 3) % 11) - (((line * 3) % 11) >> 1))
    expect(addSeries([a, b])).toEqual(whole)
  })

  it('refuses to add series sampled at different lines rather than add unlike points', () => {
    expect(() => addSeries([sampled(100, () => 1), sampled(5000, () => 1)])).toThrow(/different lines/)
  })
})
