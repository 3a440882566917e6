import { defineConfig } from 'tsup'

export default defineConfig([
  {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: true,
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    external: ['fp-ts', 'io-ts']
  },
  {
    // the campaign CLI and its replay worker (ESM only: the worker is found next to the module)
    entry: { 'campaign-bin': 'src/cli/campaign-bin.ts', 'replay-worker': 'src/cli/replay/worker.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    external: ['fp-ts', 'io-ts', 'commander']
  }
])
