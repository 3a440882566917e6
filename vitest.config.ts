import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    // fast-check's run count and seed (fixed under Stryker): see the file
    setupFiles: ['test/setup/fast-check.ts']
  }
})
