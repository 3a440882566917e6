/**
 * Vitest global set-up: the tests that run the command line as a process (`dist/cli.js`, and the
 * replay's worker beside it) must run the code of this checkout, not an older build. When any file
 * under `src/` is newer than `dist/cli.js` (or there is none), the two command-line bundles are
 * rebuilt, as `npm run build` builds them (tsup.config.ts, its second entry, without the types),
 * in a second or two. The library's own bundles (`dist/index.*`) are not touched: the tests import `src/`.
 */
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { build } from 'tsup'
import { CLI_BUNDLED } from '../../tsup.config.js'

const root = fileURLToPath(new URL('../../', import.meta.url))

function newest(dir: string): number {
  let latest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs)
  }
  return latest
}

export default async function setup(): Promise<void> {
  const cli = join(root, 'dist/cli.js')
  if (existsSync(cli) && statSync(cli).mtimeMs >= newest(join(root, 'src'))) return
  await build({
    config: false,
    entry: { cli: join(root, 'src/cli/bin.ts'), 'replay-worker': join(root, 'src/cli/replay/worker.ts') },
    outDir: join(root, 'dist'),
    format: ['esm'],
    dts: false,
    splitting: false,
    clean: false,
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    noExternal: CLI_BUNDLED,
    silent: true
  })
}
