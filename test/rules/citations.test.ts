/**
 * Every rule cites its source, and every citation can be found: PIA quotes word for word in the
 * PIA, assumption anchors as headings of docs/assumptions.md.
 */
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { formatCitation, rules } from '../../src/index.js'

const normalise = (s: string): string => s.replace(/`/g, '').replace(/\s+/g, ' ').trim()
const pia = normalise(readFileSync(new URL('../../docs/reference/SECMP0105-PIA.md', import.meta.url), 'utf8'))
const assumptions = readFileSync(new URL('../../docs/assumptions.md', import.meta.url), 'utf8')
const anchors = new Set(
  [...assumptions.matchAll(/^#{2,3} (.+)$/gm)].map((m) =>
    (m[1] as string)
      .toLowerCase()
      .replace(/[^a-z0-9 -]/g, '')
      .trim()
      .replace(/ /g, '-')
  )
)

describe.each(rules.map((r) => [r.id, r] as const))('rule %s', (_, rule) => {
  it('has a condition, an effect in at least one edition, and at least one citation', () => {
    expect(rule.condition.length).toBeGreaterThan(0)
    expect(Object.keys(rule.effect).length).toBeGreaterThan(0)
    expect(rule.citations.length).toBeGreaterThan(0)
  })
  it.each(rule.citations.map((c) => [formatCitation(c), c] as const))('cites %s, which can be found', (_, c) => {
    if (c.source === 'PIA') {
      expect(c.reference).toMatch(/^§[23]/)
      for (const fragment of (c.quote ?? '').split(' … ')) expect(pia).toContain(normalise(fragment))
    }
    if (c.source === 'assumption') {
      const [file, anchor] = c.reference.split('#')
      expect(file).toBe('docs/assumptions.md')
      expect([...anchors]).toContain(anchor)
    }
  })
})

describe('the PIA sections the rules cite', () => {
  it('cover §2.1, §3 Req 1, §3 Req 2 and §3.2', () => {
    const cited = new Set(rules.flatMap((r) => r.citations.filter((c) => c.source === 'PIA').map((c) => c.reference)))
    expect([...cited].sort()).toEqual(expect.arrayContaining(['§2.1', '§2.2', '§3 Req 1', '§3 Req 2', '§3.2']))
  })
})

describe('the doc comment above each rule', () => {
  const sources = ['authorisation', 'response', 'suspension'].map((f) =>
    readFileSync(new URL(`../../src/rules/${f}.ts`, import.meta.url), 'utf8')
  )
  /** What the comment must say of the sources: the PIA sections in citation order, then DUIS, then assumption. */
  const header = (rule: (typeof rules)[number]): string => {
    const piaRefs = [...new Set(rule.citations.filter((c) => c.source === 'PIA').map((c) => c.reference))]
    const parts = piaRefs.length > 0 ? [`PIA ${piaRefs.join(', ')}`] : []
    if (rule.citations.some((c) => c.source === 'DUIS')) parts.push('DUIS')
    if (rule.citations.some((c) => c.source === 'assumption')) parts.push('assumption')
    return parts.join(' + ')
  }
  it.each(rules.map((r) => [r.id, r] as const))('%s names the sources its citations name, so the two cannot drift', (id, rule) => {
    const comments = sources.flatMap((s) => [...s.matchAll(new RegExp(`^/\\*\\* ${id} — ([^:]+):`, 'gm'))].map((m) => m[1]))
    expect(comments).toEqual([header(rule)])
  })
})
