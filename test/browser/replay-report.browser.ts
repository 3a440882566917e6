/**
 * `replay --edition both`'s report.html, opened in a real browser: Debian's Chromium, headless,
 * driven by playwright-core (which never downloads a browser of its own here). The page must load
 * with no console error and no request leaving the file, and its three charts must be drawn: non-empty
 * SVG with a series per edition. A screenshot is kept under reports/ for CI.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli } from '../cli/fakeIO.js'
import { openPage, type OpenedPage } from './chromium.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const reports = join(root, 'reports')

let opened: OpenedPage | undefined
let page: Page
let dir: string
let consoleErrors: string[] = []
let requests: string[] = []
let comparison: { editions: Record<'baseline' | 'SECMP0105', { stillSuspended: number; refusedE5: number }> }

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sdr-replay-report-'))
  expect((await cli(['generate', '--devices', '3000', '--seed', '3', '--out', 'camp'], { cwd: dir })).code).toBe(0)
  const r = await cli(
    [
      'replay',
      '--inventory',
      'camp/inventory.ndjson',
      '--cpl',
      'camp/cpl.json',
      '--events',
      'camp/events.ndjson',
      '--out',
      'out',
      '--edition',
      'both',
      '--workers',
      '0',
      '--allow-rejected',
      '100'
    ],
    { cwd: dir }
  )
  expect(r.code).toBe(0)
  comparison = JSON.parse(readFileSync(join(dir, 'out/comparison.json'), 'utf8'))
  opened = await openPage(join(dir, 'out/report.html'), { width: 1100, height: 900 })
  ;({ page, consoleErrors, requests } = opened)
})

afterAll(async () => {
  await opened?.close()
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true })
})

/** The drawn size of a chart's SVG, and the texts it shows. */
const chart = (id: string) =>
  page.$eval(`figure[data-chart="${id}"] svg`, (svg) => {
    const box = svg.getBoundingClientRect()
    return { width: box.width, height: box.height, texts: [...svg.querySelectorAll('text')].map((t) => t.textContent ?? '') }
  })

describe("replay's report.html in Chromium", () => {
  it('loads with no console error and fetches nothing', () => {
    expect(consoleErrors).toEqual([])
    expect(requests).toEqual([])
  })

  it('draws the Suspended devices over the event sequence as one line per edition', async () => {
    const c = await chart('suspended-over-events')
    expect(c.width).toBeGreaterThan(300)
    expect(c.height).toBeGreaterThan(150)
    expect(c.texts).toEqual(expect.arrayContaining(['baseline', 'SECMP0105', 'event line', 'Suspended devices']))
    const lines = await page.$$eval('figure[data-chart="suspended-over-events"] svg path[aria-roledescription="line mark"]', (paths) =>
      paths.map((p) => (p.getAttribute('d') ?? '').length)
    )
    expect(lines).toHaveLength(2)
    for (const d of lines) expect(d).toBeGreaterThan(100)
  })

  it('draws the funnel per edition: four stages, a bar for each edition', async () => {
    const c = await chart('funnel')
    expect(c.texts).toEqual(
      expect.arrayContaining(['suspended', 'restored by SR11.2', 'restored by SR11.3', 'still suspended (stuck)', 'baseline', 'SECMP0105'])
    )
    const bars = await page.$$eval('figure[data-chart="funnel"] svg path[aria-roledescription="bar"]', (p) => p.length)
    expect(bars).toBe(8)
  })

  it('draws the E5 refusals per edition, with the numbers of comparison.json in the table beneath', async () => {
    const bars = await page.$$eval('figure[data-chart="e5-refusals"] svg path[aria-roledescription="bar"]', (p) =>
      p.map((e) => e.getAttribute('aria-label') ?? '')
    )
    expect(bars).toHaveLength(2)
    const row = await page.$$eval('tr', (rows) =>
      rows.map((r) => [...r.children].map((c) => c.textContent ?? '')).find((cells) => cells[0] === 'E5 refusals')
    )
    const e5 = comparison.editions
    expect(row).toEqual(['E5 refusals', e5.baseline.refusedE5.toLocaleString('en-GB'), e5.SECMP0105.refusedE5.toLocaleString('en-GB')])
    expect(bars.join(' ')).toContain(String(e5.baseline.refusedE5))
  })

  it('is kept as a screenshot under reports/', async () => {
    mkdirSync(reports, { recursive: true })
    const file = join(reports, 'replay-report.png')
    await page.screenshot({ path: file, fullPage: true })
    expect(readFileSync(file).length).toBeGreaterThan(10_000)
  })
})
