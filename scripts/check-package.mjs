#!/usr/bin/env node
// `npm run check:package`: checks the package as its users get it. Run after `npm run build`.
//
// 1. package.json: an exports map with types first, sideEffects false, engines.
// 2. `npm pack`: the tarball holds the build, the JSON Schemas, the bundled specification, the
//    documents decisions cite (docs/specification.md, docs/assumptions.md, docs/traceability.md,
//    docs/decision-tables.md and the sources in docs/reference/), README, CHANGELOG and LICENSE,
//    and nothing else.
// 3. A throwaway consumer installs the tarball (with typescript and @types/node from the registry)
//    and runs the README's examples as written: every ```ts block is type-checked under
//    moduleResolution "nodenext" (as native ESM and as CommonJS) and "bundler", then compiled and
//    run in both module systems; every ```js block runs as it is (CommonJS when it calls require).
//    A block fails when it does not compile or throws (the README's examples assert what they show).
// 4. publint and @arethetypeswrong/cli on the tarball.
//
// Options: --readme <file> (default README.md),
// --keep (leave the consumer directory for inspection).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const args = process.argv.slice(2)
const keep = args.includes('--keep')
const readmeArg = args[args.indexOf('--readme') + 1]
const readmePath = args.includes('--readme') ? resolve(readmeArg) : join(root, 'README.md')

const failures = []
const ok = (what) => console.log(`  ok  ${what}`)
const fail = (what) => {
  failures.push(what)
  console.log(`  FAIL ${what}`)
}
const check = (cond, what) => (cond ? ok(what) : fail(what))
const bin = (name) => join(root, 'node_modules/.bin', name)

/** Runs a command; returns its output, or records a failure (with the output) and returns undefined. */
function run(what, cmd, cmdArgs, options = {}) {
  try {
    const out = execFileSync(cmd, cmdArgs, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options })
    ok(what)
    return out
  } catch (e) {
    fail(`${what}\n${[e.stdout, e.stderr].filter(Boolean).join('\n').trim().replace(/^/gm, '       ')}`)
    return undefined
  }
}

// 1. package.json
console.log('package.json')
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const dot = pkg.exports?.['.']
check(
  Object.keys(dot?.import ?? {})[0] === 'types' && dot.import.types === './dist/index.d.ts',
  'exports["."].import lists types first (./dist/index.d.ts)'
)
check(
  Object.keys(dot?.require ?? {})[0] === 'types' && dot.require.types === './dist/index.d.cts',
  'exports["."].require lists types first (./dist/index.d.cts)'
)
// every other code subpath (./scenario, ./campaign, …) is built alike: dist/<name>.{js,cjs,d.ts,d.cts}
const subpaths = Object.keys(pkg.exports ?? {}).filter((k) => k !== '.' && !k.includes('*') && k !== './package.json')
for (const sub of subpaths) {
  const name = sub.slice(2)
  const e = pkg.exports[sub]
  check(
    Object.keys(e?.import ?? {})[0] === 'types' &&
      e.import.types === `./dist/${name}.d.ts` &&
      e.import.default === `./dist/${name}.js` &&
      Object.keys(e?.require ?? {})[0] === 'types' &&
      e.require.types === `./dist/${name}.d.cts` &&
      e.require.default === `./dist/${name}.cjs`,
    `exports["${sub}"]: import and require, types first (./dist/${name}.*)`
  )
}
check(pkg.sideEffects === false, 'sideEffects: false')
check(typeof pkg.engines?.node === 'string', `engines.node (${pkg.engines?.node})`)
check(
  typeof pkg.repository?.url === 'string' && typeof pkg.homepage === 'string' && typeof pkg.bugs?.url === 'string',
  `repository, homepage and bugs (${pkg.repository?.url})`
)

// 2. the tarball
console.log('npm pack')
const work = mkdtempSync(join(tmpdir(), 'sdr-package-'))
const [packed] = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root, encoding: 'utf8' }))
const tarball = join(work, packed.filename)
const shipped = packed.files.map((f) => f.path).sort()
console.log(
  `  ${packed.filename}: ${shipped.length} files, ${(packed.size / 1024).toFixed(0)} kB packed, ${(packed.unpackedSize / 1024).toFixed(0)} kB unpacked`
)
/** The documents that decisions, error messages and help texts cite, shipped so that the citations resolve. */
const citedDocs = [
  'docs/specification.md',
  'docs/assumptions.md',
  'docs/traceability.md',
  'docs/decision-tables.md',
  'docs/conformance.md',
  'docs/reference/SECMP0105-PIA.md',
  'docs/reference/DUIS-FACTS.md'
]
const allowed = [
  /^dist\//,
  /^schemas\//,
  /^spec\//,
  ...citedDocs.map((f) => new RegExp(`^${f.replace(/\./g, '\\.')}$`)),
  /^README\.md$/,
  /^CHANGELOG\.md$/,
  /^LICENSE$/,
  /^package\.json$/
]
const extra = shipped.filter((f) => !allowed.some((r) => r.test(f)))
check(
  extra.length === 0,
  `ships only dist/, schemas/, spec/, the cited docs, README.md, CHANGELOG.md, LICENSE${extra.length ? `; also: ${extra.join(', ')}` : ''}`
)
const required = [
  'dist/index.js',
  'dist/index.cjs',
  'dist/index.d.ts',
  'dist/index.d.cts',
  ...subpaths.flatMap((sub) => ['js', 'cjs', 'd.ts', 'd.cts'].map((ext) => `dist/${sub.slice(2)}.${ext}`)),
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  'package.json',
  ...citedDocs
]
for (const dir of ['schemas', 'spec']) {
  if (existsSync(join(root, dir))) {
    const want = execFileSync('git', ['ls-files', dir], { cwd: root, encoding: 'utf8' }).split('\n').filter(Boolean)
    required.push(...want)
  }
}
const missing = required.filter((f) => !shipped.includes(f))
check(
  missing.length === 0,
  `ships the build, the cited docs, README, CHANGELOG, LICENSE and every committed file of schemas/ and spec/${missing.length ? `; missing: ${missing.join(', ')}` : ''}`
)
if (pkg.bin !== undefined) {
  for (const [name, file] of Object.entries(typeof pkg.bin === 'string' ? { [pkg.name]: pkg.bin } : pkg.bin)) {
    check(shipped.includes(file.replace(/^\.\//, '')), `ships the "${name}" command (${file})`)
  }
}

// 3. a consumer written from the README
console.log(`a consumer written from ${readmePath.slice(root.length)}`)
const readme = readFileSync(readmePath, 'utf8')
const blocks = [...readme.matchAll(/^```(ts|js)\n([\s\S]*?)^```$/gm)]
  .map((m) => ({ lang: m[1], code: m[2] }))
  .filter((b) => b.code.includes("'suspended-device-rules"))
const tsBlocks = blocks.filter((b) => b.lang === 'ts')
const jsBlocks = blocks.filter((b) => b.lang === 'js')
check(tsBlocks.length >= 4, `the README has TypeScript examples that use the package (${tsBlocks.length})`)

const consumer = join(work, 'consumer')
mkdirSync(consumer)
writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'readme-consumer', private: true, type: 'module' }, null, 2))
const devVersion = (name) => `${name}@${pkg.devDependencies[name]}`
run(
  'npm install <tarball> typescript @types/node ajv',
  'npm',
  [
    'install',
    '--no-audit',
    '--no-fund',
    '--loglevel=error',
    tarball,
    devVersion('typescript'),
    devVersion('@types/node'),
    devVersion('ajv')
  ],
  { cwd: consumer }
)
const tsc = join(consumer, 'node_modules/.bin/tsc')
const strict = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, skipLibCheck: false, types: ['node'] }
const tsconfig = (dir, compilerOptions) =>
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { target: 'ES2022', ...strict, ...compilerOptions }, include: ['*.ts'] }, null, 2)
  )

// the same TypeScript, as native ESM, as CommonJS (a "type": "commonjs" package), and for a bundler
const variants = [
  { dir: 'esm', type: 'module', options: { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out' }, runs: true },
  {
    dir: 'cjs',
    type: 'commonjs',
    options: { module: 'nodenext', moduleResolution: 'nodenext', outDir: 'out', esModuleInterop: true },
    runs: true
  },
  { dir: 'bundler', type: 'module', options: { module: 'preserve', moduleResolution: 'bundler', noEmit: true }, runs: false }
]
for (const v of variants) {
  const dir = join(consumer, v.dir)
  mkdirSync(dir)
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: v.type }))
  tsconfig(dir, v.options)
  tsBlocks.forEach((b, i) => writeFileSync(join(dir, `readme-${i + 1}.ts`), b.code))
  const compiled = run(
    `type-check${v.runs ? ' and compile' : ''} the README's TypeScript (${v.dir}, moduleResolution ${v.options.moduleResolution})`,
    tsc,
    ['-p', dir],
    {
      cwd: dir
    }
  )
  if (compiled === undefined || !v.runs) continue
  tsBlocks.forEach((_, i) =>
    run(
      `run README example ${i + 1} as ${v.dir === 'esm' ? 'native ESM' : 'CommonJS'}`,
      process.execPath,
      [join(dir, 'out', `readme-${i + 1}.js`)],
      { cwd: dir }
    )
  )
  if (v.dir === 'cjs') {
    const emitted = readFileSync(join(dir, 'out', 'readme-1.js'), 'utf8')
    check(emitted.includes('require("suspended-device-rules")'), 'the CommonJS build loads the package with require()')
  }
}
jsBlocks.forEach((b, i) => {
  const cjs = /\brequire\(/.test(b.code)
  const file = join(consumer, `readme-js-${i + 1}.${cjs ? 'cjs' : 'mjs'}`)
  writeFileSync(file, b.code)
  run(`run README JavaScript example ${i + 1} as ${cjs ? 'CommonJS' : 'native ESM'}`, process.execPath, [file], { cwd: consumer })
})

// only the exported entry points are reachable
const probe = join(consumer, 'probe.cjs')
writeFileSync(
  probe,
  `try { require('suspended-device-rules/dist/index.cjs'); process.exit(1) } catch (e) { if (e.code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') throw e }\n` +
    `const main = require.resolve('suspended-device-rules'); if (!main.endsWith('index.cjs')) throw new Error(main)\n` +
    `const schema = require('suspended-device-rules/schemas/device.schema.json'); if (!schema.$id.endsWith('device.schema.json')) throw new Error(schema.$id)\n` +
    `const spec = require('node:fs').readFileSync(require.resolve('suspended-device-rules/docs/specification.md'), 'utf8'); if (!spec.includes('## §2 Rules')) throw new Error('docs/specification.md')\n` +
    `const kit = require('suspended-device-rules/conformance'); if (typeof kit.runConformance !== 'function' || typeof kit.startProgram !== 'function') throw new Error('conformance')\n` +
    subpaths
      .map(
        (sub) =>
          `if (Object.keys(require('suspended-device-rules${sub.slice(1)}')).length === 0) throw new Error('${sub} exports nothing')\n`
      )
      .join('')
)
run(`deep imports of dist/ are refused; schemas/*, docs/* and ${subpaths.join(', ')} are exported`, process.execPath, [probe], {
  cwd: consumer
})

// 4. publint and arethetypeswrong, on the tarball itself
console.log('lint the package')
const unpacked = join(consumer, 'node_modules/suspended-device-rules')
run('publint --strict', bin('publint'), ['--strict', unpacked])
run('attw (@arethetypeswrong/cli), every module resolution', bin('attw'), [tarball, '--format', 'table-flipped', '--no-color'])

if (keep) console.log(`consumer kept in ${work}`)
else rmSync(work, { recursive: true, force: true })
console.log(failures.length === 0 ? 'package: all checks passed' : `package: ${failures.length} check(s) failed`)
process.exit(failures.length === 0 ? 0 : 1)
