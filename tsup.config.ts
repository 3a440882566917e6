import { defineConfig } from 'tsup'

// Two builds run side by side; each cleans only its own files.
export default defineConfig([
  {
    // the library: ESM and CommonJS, with types
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: ['!cli.js', '!cli.js.map'],
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    external: ['fp-ts', 'io-ts']
  },
  {
    // the command line `suspended-device-rules` (package.json "bin"): ESM only
    entry: { cli: 'src/cli/bin.ts' },
    format: ['esm'],
    dts: false,
    clean: ['!index.*'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' }
  }
])
