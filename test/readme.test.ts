/**
 * The README's TypeScript examples run as written (against the source entry point), so they
 * cannot drift from the library.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { runScenarioFile } from '../src/scenario/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string)
const entry = fileURLToPath(new URL('../src/index.ts', import.meta.url))
// one folder per process: Stryker runs two test processes in one sandbox at once
const dir = new URL(`./.generated/readme-${process.pid}/`, import.meta.url)
afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('the README', () => {
  it('has an example for each rule function and for decoding', () => {
    expect(blocks.length).toBeGreaterThanOrEqual(4)
    for (const name of ['authoriseRequest', 'processResponse', 'applyCplRemoval', 'decodeDevice', 'transition', 'createSmi']) {
      expect(blocks.some((b) => b.includes(name))).toBe(true)
    }
  })

  it.each(blocks.map((b, i) => [i + 1, b] as const))('runs example %i as written', async (i, block) => {
    mkdirSync(dir, { recursive: true })
    const file = new URL(`readme-${i}.ts`, dir)
    // the root entry point is src/index.ts; a subpath `suspended-device-rules/x` is src/x/index.ts
    const code = block.replace(
      /from 'suspended-device-rules(?:\/([a-z-]+))?'/g,
      (_, sub?: string) => `from ${JSON.stringify(sub === undefined ? entry : entry.replace(/index\.ts$/, `${sub}/index.ts`))}`
    )
    writeFileSync(file, code)
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined)
    try {
      await import(/* @vite-ignore */ `${fileURLToPath(file)}?t=${Date.now()}`)
    } finally {
      log.mockRestore()
    }
  })
})

describe("the README's scenario file", () => {
  const json = [...readme.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => m[1] as string)
  it('is a valid scenario file whose scenarios pass', () => {
    expect(json.length).toBeGreaterThanOrEqual(1)
    for (const text of json) {
      const result = runScenarioFile(JSON.parse(text), 'README.md')
      expect(result._tag === 'Right' && [result.right.passed, result.right.failed]).toEqual([1, 0])
    }
  })
})
