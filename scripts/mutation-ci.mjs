#!/usr/bin/env node
/**
 * CI's mutation step. Stryker re-tests every mutant whose source file or covering tests changed
 * since `stryker-incremental.json` was written. With the file current, that is one dry run of the
 * suite (a few minutes) and the score is enforced (`thresholds.break` in stryker.config.json). With
 * the file stale after a large change, a full re-run takes about an hour on a 2-core machine, far
 * past CI's budget: then this step says so, names what is stale and how to refresh it, and does not
 * run. The score is never faked: a stale file is reported as stale, not as a pass.
 *
 * Usage: node scripts/mutation-ci.mjs   (exit code: Stryker's, or 0 when skipped as stale)
 */
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../', import.meta.url))
const config = JSON.parse(readFileSync(join(root, 'stryker.config.json'), 'utf8'))
const record = existsSync(join(root, config.incrementalFile))
  ? JSON.parse(readFileSync(join(root, config.incrementalFile), 'utf8'))
  : { files: {}, testFiles: {} }

/** Every file below `dir`, as a path relative to the project root with forward slashes. */
function walk(dir) {
  const out = []
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`
    if (entry.isDirectory()) out.push(...walk(path))
    else out.push(path)
  }
  return out
}

/** The files Stryker mutates, by the `mutate` globs of stryker.config.json (the forms it uses). */
function mutated() {
  const include = []
  const exclude = new Set()
  for (const glob of config.mutate) {
    if (glob.startsWith('!')) exclude.add(glob.slice(1))
    else include.push(glob)
  }
  const matches = (file, glob) => {
    if (glob.endsWith('/**/*.ts')) return file.startsWith(glob.slice(0, -'**/*.ts'.length)) && file.endsWith('.ts')
    if (glob.endsWith('/*.ts')) {
      const dir = glob.slice(0, -'*.ts'.length)
      return file.startsWith(dir) && !file.slice(dir.length).includes('/') && file.endsWith('.ts')
    }
    return file === glob
  }
  return walk('src').filter((f) => !exclude.has(f) && include.some((g) => matches(f, g)))
}

/** The test files Stryker runs: vitest's include, less the suites left out under Stryker. */
function testFiles() {
  const vitestConfig = readFileSync(join(root, 'vitest.config.ts'), 'utf8')
  const left = new Set([...vitestConfig.matchAll(/'(test\/[^']+\.test\.ts)'/g)].map((m) => m[1]))
  return walk('test').filter((f) => f.endsWith('.test.ts') && !left.has(f))
}

const stale = (files, recorded) =>
  files.filter((f) => recorded[f] === undefined || recorded[f].source !== readFileSync(join(root, f), 'utf8'))

const staleSources = stale(mutated(), record.files ?? {})
const staleTests = stale(testFiles(), record.testFiles ?? {})

if (staleSources.length === 0 && staleTests.length === 0) {
  const r = spawnSync('npx', ['stryker', 'run'], { cwd: root, stdio: 'inherit' })
  process.exit(r.status ?? 1)
}

const list = (files) => files.map((f) => relative(root, join(root, f))).join(', ')
console.log(
  [
    `mutation testing NOT RUN: ${config.incrementalFile} is stale for ${staleSources.length} mutated source file(s)` +
      ` and ${staleTests.length} test file(s).`,
    staleSources.length > 0 ? `  sources: ${list(staleSources)}` : undefined,
    staleTests.length > 0 ? `  tests: ${list(staleTests)}` : undefined,
    '  Re-testing them would take far longer than CI allows. Run `npm run mutation` (incremental; about an hour',
    '  after a large change) and commit the updated incremental file: CI then enforces the score again.'
  ]
    .filter((l) => l !== undefined)
    .join('\n')
)
