/**
 * The test files that the sources, scripts, benchmarks, CI script and README name (in comments
 * such as "test/schemas/conformance.test.ts fails while …") exist, so a reader who follows the
 * pointer finds what it promises.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return []
  if (statSync(dir).isFile()) return [dir]
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => filesUnder(join(dir, e.name)))
}

const sources = ['src', 'scripts', 'bench', '.ci', 'README.md'].flatMap((d) => filesUnder(join(root, d)))
const pointers = sources.flatMap((file) =>
  [...readFileSync(file, 'utf8').matchAll(/\btest\/[A-Za-z0-9_/.-]+\.(?:ts|mjs|js)\b/g)].map((m) => [relative(root, file), m[0]] as const)
)

describe('pointers to test files', () => {
  it('are found in the sources and scripts', () => {
    expect(pointers.length).toBeGreaterThan(5)
  })
  it.each(pointers)('%s names %s, which exists', (_, path) => {
    expect(existsSync(join(root, path))).toBe(true)
  })
})
