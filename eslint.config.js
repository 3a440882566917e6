// ESLint 9 flat config: typescript-eslint's recommended rules plus the project's import rules.
import { builtinModules } from 'node:module'
import js from '@eslint/js'
import globals from 'globals'
import tseslint from 'typescript-eslint'

/**
 * fp-ts and io-ts have no exports map: under native ESM only their package roots and
 * `<package>/lib/<Module>.js` resolve (`fp-ts/Either`, `fp-ts/lib/Either` fail at run time).
 */
const fpTsSubpaths = {
  regex: '^(fp-ts|io-ts)/(?!lib/[A-Za-z0-9_]+\\.js$)',
  message: 'fp-ts and io-ts have no exports map: import from the package root or from "fp-ts/lib/<Module>.js" / "io-ts/lib/<Module>.js".'
}
/**
 * The core (src/ outside src/cli/) imports no Node module: it does no I/O and runs anywhere. The one
 * other exception is the conformance kit's program runner (src/conformance/program.ts), which starts
 * another program: the rest of the kit, the protocol and its checks, is pure.
 */
const nodeModules = {
  group: ['node:*', ...builtinModules.flatMap((m) => [m, `${m}/*`])],
  message:
    'The core does no I/O and runs anywhere: Node modules belong under src/cli/ (layering: domain and codecs, rules, scenario runner, CLI).'
}

export default tseslint.config(
  { ignores: ['dist/', 'coverage/', 'reports/', 'docs/api/', '.stryker-tmp/', 'node_modules/', 'test/.generated/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-imports': ['error', { patterns: [fpTsSubpaths] }]
    }
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/conformance/program.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [fpTsSubpaths, nodeModules] }]
    }
  }
)
