/**
 * The project cites its own specification, docs/specification.md, and every citation can be
 * followed: its sections exist under the numbers the project uses, links and anchors into the
 * docs resolve, the files the docs name exist, and no text points at a document users cannot open.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { rules } from '../../src/index.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const read = (file: string): string => readFileSync(join(root, file), 'utf8')

/** Every file under `dir` (relative to the root), skipping generated and installed folders. */
function filesUnder(dir: string): string[] {
  const skip = new Set(['node_modules', 'dist', 'api', 'coverage', 'reports', 'reference'])
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name)
    if (e.isDirectory()) return skip.has(e.name) ? [] : filesUnder(path)
    return [path]
  })
}

/** The anchor GitHub gives a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string): string =>
  heading
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-')

/** The anchors of a Markdown file's headings (code blocks left out; a repeated heading gets -1, -2, …). */
function anchorsOf(file: string): Set<string> {
  const text = read(file).replace(/^```[\s\S]*?^```$/gm, '')
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const m of text.matchAll(/^#{1,6} (.+)$/gm)) {
    const base = slug(m[1]!.trim())
    const n = seen.get(base) ?? 0
    seen.set(base, n + 1)
    anchors.add(n === 0 ? base : `${base}-${n}`)
  }
  return anchors
}

const markdown = [
  'README.md',
  'CHANGELOG.md',
  'schemas/README.md',
  'test/fixtures/README.md',
  ...filesUnder('docs').filter((f) => f.endsWith('.md'))
]
/** The project's own text: what users read in the package, the help texts and the code. */
const ownText = [
  ...markdown,
  'package.json',
  ...['src', 'spec', 'schemas', 'scripts', 'test', 'bench'].flatMap(filesUnder).filter((f) => /\.(ts|mts|mjs|js|json)$/.test(f))
]

describe('docs/specification.md', () => {
  const spec = read('docs/specification.md')

  it('has the sections the project cites, §1 to §6, under stable anchors', () => {
    const sections = [...spec.matchAll(/^## (§\d) (.+)$/gm)].map((m) => `${m[1]} ${m[2]}`)
    expect(sections).toEqual([
      '§1 Editions',
      '§2 Rules',
      '§3 JSON shapes',
      '§4 Scenario files',
      '§5 Command line',
      '§6 Conformance protocol'
    ])
    const anchors = anchorsOf('docs/specification.md')
    for (const a of ['1-editions', '2-rules', 'authorisation', 'response-processing', 'cpl-removal', 'input-errors', '3-json-shapes'])
      expect(anchors).toContain(a)
  })

  it('gives each rule the sources its data cites, and no other', () => {
    for (const r of rules) {
      const source = spec.match(new RegExp(`^\\| ${r.id} \\|.*\\| ([^|]+) \\|$`, 'm'))?.[1] ?? ''
      const pia = r.citations.filter((c) => c.source === 'PIA').map((c) => c.reference)
      const anchors = r.citations.filter((c) => c.source === 'assumption').map((c) => c.reference.split('#')[1])
      expect([...new Set(source.match(/§\d(?:\.\d)?(?: Req \d)?/g))].sort(), r.id).toEqual([...new Set(pia)].sort())
      expect([...new Set([...source.matchAll(/assumptions\.md#([a-z0-9-]+)/g)].map((m) => m[1]))].sort(), r.id).toEqual(
        [...new Set(anchors)].sort()
      )
      expect(source.includes('DUIS'), r.id).toBe(r.citations.some((c) => c.source === 'DUIS'))
    }
  })

  it('names every rule of the library, in the order authorisation evaluates them', () => {
    for (const r of rules) expect(spec).toMatch(new RegExp(`^\\| ${r.id} \\|`, 'm'))
    expect(spec).toContain('**A1, A2, A3, A4, A5, A6, A8, A7**')
  })
})

describe('citations of the docs', () => {
  it('"docs/specification.md §n" names a section that exists', () => {
    const sections = new Set([...read('docs/specification.md').matchAll(/^## (§\d) /gm)].map((m) => m[1]))
    const bad = ownText.flatMap((f) =>
      [...read(f).matchAll(/docs\/specification\.md`? (§\d+)/g)].filter((m) => !sections.has(m[1])).map((m) => `${f}: ${m[0]}`)
    )
    expect(bad).toEqual([])
  })

  it('"docs/assumptions.md#anchor" names a heading of docs/assumptions.md', () => {
    const anchors = anchorsOf('docs/assumptions.md')
    const bad = ownText.flatMap((f) =>
      [...read(f).matchAll(/docs\/assumptions\.md#([a-z0-9-]+)/g)]
        .filter((m) => m[1] !== 'anchor' && !anchors.has(m[1]!)) // `#anchor` is how the docs write "an anchor"
        .map((m) => `${f}: ${m[0]}`)
    )
    expect(bad).toEqual([])
  })

  it.each(markdown)('%s links only to files and headings that exist', (file) => {
    const text = read(file).replace(/^```[\s\S]*?^```$/gm, '')
    const bad: string[] = []
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1]!
      if (/^[a-z]+:/.test(target)) continue
      const [path, anchor] = target.split('#') as [string, string | undefined]
      const linked = path === '' ? file : relative(root, resolve(root, dirname(file), path))
      if (!existsSync(join(root, linked))) bad.push(`${target}: no file ${linked}`)
      else if (anchor !== undefined && linked.endsWith('.md') && !anchorsOf(linked).has(anchor))
        bad.push(`${target}: no heading #${anchor}`)
    }
    expect(bad).toEqual([])
  })
})

describe('files named by the docs, scripts and code', () => {
  const named = (text: string): string[] =>
    [...text.replace(/https?:\/\/\S+/g, '').matchAll(/\b(?:src|test|docs|spec|schemas|scripts|bench|data)\/[\w.@/-]*\w/g)]
      .map((m) => m[0])
      .filter((p) => !p.startsWith('docs/api'))

  it('docs/traceability.md names only files that exist', () => {
    const paths = named(read('docs/traceability.md'))
    expect(paths.length).toBeGreaterThan(0)
    expect(paths.filter((p) => !existsSync(join(root, p)))).toEqual([])
  })

  it('the other docs, the scripts and the code name only files that exist', () => {
    // the CHANGELOG is history: it may name files that are gone
    const sources = [...markdown.filter((f) => f !== 'CHANGELOG.md'), ...['src', 'scripts'].flatMap(filesUnder)]
    const missing = sources.flatMap((f) =>
      named(read(f))
        .filter((p) => !existsSync(join(root, p)))
        .map((p) => `${f}: ${p}`)
    )
    expect(missing).toEqual([])
  })
})

describe('what users can open', () => {
  // spelt in two parts so that this file does not name it either
  const word = new RegExp(`\\b${['CON', 'TRACT'].join('')}\\b`)

  it('no text of the project cites a document outside it', () => {
    expect(ownText.filter((f) => statSync(join(root, f)).isFile() && word.test(read(f)))).toEqual([])
  })

  it('the package ships the documents that decisions cite', () => {
    const pkg = JSON.parse(read('package.json')) as { files: string[]; repository?: { url?: string }; homepage?: string }
    for (const doc of ['docs/specification.md', 'docs/assumptions.md', 'docs/traceability.md', 'docs/decision-tables.md'])
      expect(pkg.files).toContain(doc)
    expect(pkg.repository?.url).toMatch(/^git\+https:\/\//)
    expect(pkg.homepage).toMatch(/^https:\/\//)
  })
})
