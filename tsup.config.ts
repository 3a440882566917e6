import { defineConfig } from 'tsup'

/** Packages the command line bundles (devDependencies): the library does not use them. */
export const CLI_BUNDLED = ['vega', 'vega-lite']

// Two builds run side by side; each cleans only its own files.
export default defineConfig([
  {
    // the library: ESM and CommonJS, with types; one entry per subpath of package.json "exports"
    entry: {
      index: 'src/index.ts',
      scenario: 'src/scenario/index.ts',
      campaign: 'src/campaign/index.ts',
      harness: 'src/harness/index.ts',
      conformance: 'src/conformance/index.ts'
    },
    format: ['esm', 'cjs'],
    // the entries share one copy of the core (in chunks), in both module systems: a CPL prepared
    // or a setting configured through one entry point is the same for the others
    splitting: true,
    // declarations without what is marked @internal (the rules' predicates and the contexts they read)
    dts: { compilerOptions: { stripInternal: true } },
    clean: ['!cli.js', '!cli.js.map', '!replay-worker.js', '!replay-worker.js.map'],
    sourcemap: true,
    target: 'node20',
    treeshake: true,
    external: ['fp-ts', 'io-ts']
  },
  {
    // the command line `suspended-device-rules` (package.json "bin") and the replay's worker thread,
    // which the replay finds next to the CLI: ESM only, one self-contained file each
    entry: { cli: 'src/cli/bin.ts', 'replay-worker': 'src/cli/replay/worker.ts' },
    format: ['esm'],
    dts: false,
    splitting: false,
    clean: ['!index.*', '!conformance.*', '!chunk-*'],
    sourcemap: true,
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
    // replay's report.html draws its charts with Vega-Lite and Vega: bundled here, so they are
    // devDependencies, and a library consumer never installs them
    noExternal: CLI_BUNDLED
  }
])
