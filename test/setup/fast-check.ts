/**
 * fast-check's global settings for every property in the suite.
 *
 * - `npm test`: 1,000 runs per property, a fresh random seed each time (printed in the test name
 *   and, on failure, with the shrunk counterexample and its path).
 * - `npm run test:deep`: `FC_NUM_RUNS=100000`.
 * - Stryker (`npm run mutation`): its workers run with `STRYKER_MUTATOR_WORKER` set. The seed is
 *   then fixed, because `@fast-check/vitest` writes the seed into each test's name and Stryker
 *   selects the tests that cover a mutant by name: a new seed per run would match no test and the
 *   properties would be silently skipped. Runs drop to 100 so mutation testing finishes.
 * - Replaying a failure: `FC_SEED=<seed> FC_PATH=<path> npx vitest run <file> -t '<test name>'`.
 */
// fast-check itself, not @fast-check/vitest: the latter takes seconds to import (it walks every
// chain of vitest's test modifiers), and this file runs before every test file
import * as fc from 'fast-check'

const env = process.env
const underStryker = env.STRYKER_MUTATOR_WORKER !== undefined

/** The seed used whenever a run must be reproducible and none is given. */
export const FIXED_SEED = 105

function intFrom(name: string): number | undefined {
  const raw = env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`)
  return n
}

const seed = intFrom('FC_SEED') ?? (underStryker ? FIXED_SEED : undefined)
const numRuns = intFrom('FC_NUM_RUNS') ?? (underStryker ? 100 : 1000)
const path = env.FC_PATH

fc.configureGlobal({
  numRuns,
  ...(seed === undefined ? {} : { seed }),
  ...(path === undefined || path === '' ? {} : { path })
})
