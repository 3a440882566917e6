import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // a property runs 1,000 cases (100,000 under test:deep, which lifts this further); on a busy
    // 2-core machine the heaviest take several seconds
    testTimeout: 60_000,
    // fast-check's run count and seed (fixed under Stryker): see the file
    setupFiles: ['test/setup/fast-check.ts']
  }
})
