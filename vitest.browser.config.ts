import { defineConfig } from 'vitest/config'

/**
 * The tests that need a real browser: `npm run test:browser` (CI runs it as its own step, after
 * installing Debian's `chromium` when it is missing). Kept out of `npm test`, which must pass on a
 * machine without a browser.
 */
export default defineConfig({
  test: {
    include: ['test/browser/**/*.browser.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000
  }
})
