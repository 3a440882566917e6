import { configDefaults, defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/**
 * Under Stryker each mutant runs only the tests that cover it, file by file, and stops at the
 * first failure. Vitest's own order runs the slowest files first (best for a full parallel run),
 * which makes every mutant wait for the slow property files before the quick rule tests get a
 * chance to kill it. This order runs the cheap, example-based files first and the costliest last.
 */
const COSTLIEST_LAST = [
  /^test\/properties\/totality\.test\.ts$/,
  /^test\/(docs\/examples|arbitraries|properties\/decisions)\.test\.ts$/,
  /^test\/(properties|cli|campaign)\//
]

function cost(spec: TestSpecification): number {
  const file = spec.moduleId.slice(spec.project.config.root.length + 1).replaceAll('\\', '/')
  const i = COSTLIEST_LAST.findIndex((pattern) => pattern.test(file))
  return i === -1 ? 0 : COSTLIEST_LAST.length - i
}

class CheapestFirst extends BaseSequencer {
  override sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return Promise.resolve([...files].sort((a, b) => cost(a) - cost(b) || a.moduleId.localeCompare(b.moduleId)))
  }
}

/**
 * The test files that exercise the command line as child processes (kill -9, FIFOs, /dev/zero,
 * planted-fault implementations, worker threads). Stryker switches mutants inside the test process,
 * never in a child, so these cannot kill a mutant: under Stryker they only cost minutes (the dry
 * run must finish in its time limit), and they are left out there. `npm test` runs them all.
 */
const CHILD_PROCESS_SUITES = [
  'test/cli/faults.test.ts',
  'test/cli/replay-faults.test.ts',
  'test/cli/campaign.test.ts',
  'test/conformance/faults.test.ts',
  'test/conformance/python.test.ts'
]

const underStryker = process.env.STRYKER_MUTATOR_WORKER !== undefined

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: underStryker ? [...configDefaults.exclude, ...CHILD_PROCESS_SUITES] : configDefaults.exclude,
    environment: 'node',
    // a property runs 1,000 cases (100,000 under test:deep, which lifts this further); on a busy
    // 2-core machine the heaviest take several seconds
    testTimeout: 60_000,
    // fast-check's run count and seed (fixed under Stryker): see the file
    setupFiles: ['test/setup/fast-check.ts'],
    // the command-line tests run dist/cli.js as a process: rebuilt first when src/ is newer
    ...(underStryker ? { sequence: { sequencer: CheapestFirst } } : { globalSetup: ['test/setup/build-cli.ts'] })
  }
})
