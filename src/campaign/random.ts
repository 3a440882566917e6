/**
 * Seeded, random-access pseudo-random numbers for the campaign generator: `roll(seed, i, k)` is
 * the k-th draw for item i, so any device's attributes and fate can be recomputed from its index
 * alone (no fleet-sized state), and the same seed always gives the same campaign. Pure: no clock,
 * no `Math.random`.
 *
 * @internal
 */

/** Mixes 32-bit words (the murmur3 finaliser, which passes avalanche tests). */
function fmix(h: number): number {
  h ^= h >>> 16
  h = Math.imul(h, 0x85ebca6b)
  h ^= h >>> 13
  h = Math.imul(h, 0xc2b2ae35)
  h ^= h >>> 16
  return h >>> 0
}

/** A 32-bit hash of (seed, i, k). */
export function hash3(seed: number, i: number, k: number): number {
  let h = fmix((seed ^ 0x9e3779b9) >>> 0)
  h = fmix((h ^ Math.imul(i >>> 0, 0xcc9e2d51)) >>> 0)
  h = fmix((h ^ Math.floor(i / 0x100000000) ^ Math.imul(k + 1, 0x1b873593)) >>> 0)
  return h
}

/** A number in [0, 1): the k-th draw for item i under `seed`. */
export function roll(seed: number, i: number, k: number): number {
  return hash3(seed, i, k) / 0x100000000
}

/** Picks from weighted choices with a draw `r` in [0, 1). The weights need not sum to 1. */
export function pick<T>(r: number, choices: ReadonlyArray<readonly [T, number]>): T {
  let total = 0
  for (const [, w] of choices) total += w
  let x = r * total
  for (const [v, w] of choices) {
    if (x < w) return v
    x -= w
  }
  return (choices[choices.length - 1] as readonly [T, number])[0]
}
