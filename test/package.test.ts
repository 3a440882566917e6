/**
 * What the published package promises about itself: it is built before it is packed, and every
 * runtime dependency is one the README accounts for.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  scripts: Record<string, string>
  dependencies: Record<string, string>
  files: string[]
}
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

describe('the package', () => {
  it('builds before it is packed, so that `npm pack` on a fresh clone holds dist/', () => {
    expect(pkg.files).toContain('dist')
    // the build itself, quietly (so that `npm pack --json` still prints only JSON)
    expect(pkg.scripts.build).toBe('tsup')
    expect(pkg.scripts.prepack).toBe('tsup --silent')
  })

  it("names every runtime dependency in the README's table, with what it is for and what uses it", () => {
    const table = readme.slice(readme.indexOf('| dependency | what for | used by |'))
    const rows = table.slice(0, table.indexOf('\n\n')).split('\n').slice(2)
    const named = rows.map((r) => /^\| \[`([^`]+)`\]/.exec(r)?.[1])
    expect(named.sort()).toEqual(Object.keys(pkg.dependencies).sort())
    for (const r of rows) expect(r.split('|').filter((c) => c.trim() !== '')).toHaveLength(3)
  })
})
