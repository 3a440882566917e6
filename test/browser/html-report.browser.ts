/**
 * The HTML report of `verify --reporter html`, opened in a real browser: Debian's Chromium,
 * headless, driven by playwright-core (which never downloads a browser of its own here). The page
 * must load with no console error and no request leaving the file, show the failures first with
 * the right counts, and its filters must work. A screenshot is kept under reports/ for CI.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cli, folder } from '../cli/fakeIO.js'
import { openPage, type OpenedPage } from './chromium.js'
import { oneScenario, readFirmware } from '../scenario/fixtures.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const reports = join(root, 'reports')

/** Two scenarios that fail (one request, one with steps not run) beside the bundled specification. */
const failing = oneScenario([
  { request: { serviceReferenceVariant: '2.2', commandVariant: 1 }, expect: { outcome: 'Authorised' } },
  { request: readFirmware }
])

let opened: OpenedPage | undefined
let page: Page
let consoleErrors: string[] = []
let requests: string[] = []
let expected: { passed: number; failed: number }

beforeAll(async () => {
  const dir = folder({ 'failing.json': failing })
  const r = await cli(['verify', 'failing.json', join(root, 'spec'), '--reporter', 'html', '--output', 'report.html'], { cwd: dir })
  expect(r.code).toBe(1)
  const json = JSON.parse((await cli(['verify', 'failing.json', join(root, 'spec'), '--reporter', 'json'], { cwd: dir })).stdout) as {
    passed: number
    failed: number
  }
  expected = { passed: json.passed, failed: json.failed }
  opened = await openPage(join(dir, 'report.html'), { width: 1280, height: 900 })
  ;({ page, consoleErrors, requests } = opened)
  expect(readFileSync(join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/)
})

afterAll(async () => {
  await opened?.close()
})

describe('the HTML report in Chromium', () => {
  it('loads with no console error and fetches nothing', () => {
    expect(consoleErrors).toEqual([])
    expect(requests).toEqual([])
  })

  it('shows the counts of the run', async () => {
    expect(expected.failed).toBe(1)
    expect(await page.locator('#count-passed b').textContent()).toBe(String(expected.passed))
    expect(await page.locator('#count-failed b').textContent()).toBe(String(expected.failed))
    expect(await page.title()).toBe(`Scenario report: ${expected.passed} passed, ${expected.failed} failed`)
  })

  it('puts the failures first: the list of failed scenarios, then a section whose first scenario failed, open', async () => {
    const headings = await page.locator('main > section > h2').allTextContents()
    expect(headings[0]).toBe('Failed scenarios (1)')
    const first = page.locator('details.scenario').first()
    expect(await first.getAttribute('class')).toContain('fail')
    expect(await first.evaluate((d) => d.hasAttribute('open'))).toBe(true)
    await expect.poll(() => first.locator('tr.step.fail').count()).toBe(1)
    expect(await first.locator('tr.notrun').textContent()).toContain('not run')
  })

  it('groups the scenarios by PIA section, in the order of the PIA', async () => {
    const sections = await page.locator('section.group').evaluateAll((ss) => ss.map((s) => s.getAttribute('data-section')))
    const pia = sections.filter((s) => s !== null && s.startsWith('PIA'))
    expect(pia).toEqual(expect.arrayContaining(['PIA §2.1', 'PIA §2.2', 'PIA §3 Req 1', 'PIA §3 Req 2', 'PIA §3.2']))
    // the section holding the failure first, then the PIA's order
    expect(pia.slice(1)).toEqual(['PIA §2.1', 'PIA §2.2', 'PIA §3 Req 1', 'PIA §3 Req 2', 'PIA §3.2'].filter((s) => s !== pia[0]))
  })

  it('highlights the steps another edition decides differently, with what it decided and its rule quotes', async () => {
    const journey = page.locator('details.scenario', { hasText: 'pia-2.2-stuck-device-journey@SECMP0105' })
    await journey.locator('summary').click()
    const differs = journey.locator('tr.step.differs')
    expect(await differs.count()).toBeGreaterThan(0)
    expect(await differs.first().textContent()).toContain('baseline: Rejected E5')
    expect(await journey.locator('.rules q').count()).toBeGreaterThan(0)
  })

  it('filters to the failures and to the differences, and keeps a screenshot', async () => {
    await page.getByRole('button', { name: 'failures only' }).click()
    await expect.poll(() => page.locator('details.scenario:visible').count()).toBe(expected.failed)
    await page.getByRole('button', { name: 'differing between editions' }).click()
    const visible = await page.locator('details.scenario:visible').count()
    expect(visible).toBeGreaterThan(0)
    expect(visible).toBeLessThan(expected.passed + expected.failed)
    await page.getByRole('button', { name: 'all', exact: true }).click()
    await expect.poll(() => page.locator('details.scenario:visible').count()).toBe(expected.passed + expected.failed)
    mkdirSync(reports, { recursive: true })
    await page.screenshot({ path: join(reports, 'html-report.png'), fullPage: false })
    expect(existsSync(join(reports, 'html-report.png'))).toBe(true)
    expect(consoleErrors).toEqual([])
  })
})
