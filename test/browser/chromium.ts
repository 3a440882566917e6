/**
 * Opens a self-contained HTML page in a real browser for the browser tests: Debian's Chromium,
 * headless, driven by playwright-core (which never downloads a browser of its own here), with a
 * fresh user-data folder. Any request other than the file itself is recorded and refused, and
 * console errors and warnings are collected, so that a test can say the page is self-contained
 * and loads cleanly.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type BrowserContext, type Page } from 'playwright-core'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/** The flags the machines' Chromium needs headless, as root, with the network closed. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync'
]

export interface OpenedPage {
  readonly page: Page
  /** Console errors and warnings, and uncaught page errors, in the order they came. */
  readonly consoleErrors: string[]
  /** Every request that tried to leave the file (each was refused). */
  readonly requests: string[]
  readonly close: () => Promise<void>
}

/** Opens `file` in headless Chromium at the given viewport. */
export async function openPage(file: string, viewport: { width: number; height: number }): Promise<OpenedPage> {
  if (!existsSync(CHROMIUM)) throw new Error(`no browser at ${CHROMIUM}: install Debian's chromium (apt-get install -y chromium)`)
  const userDataDir = mkdtempSync(join(tmpdir(), 'sdr-chromium-'))
  const context: BrowserContext = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport
  })
  const consoleErrors: string[] = []
  const requests: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('file:')) return route.continue()
    requests.push(url)
    return route.abort()
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') consoleErrors.push(`${m.type()}: ${m.text()}`)
  })
  page.on('pageerror', (e) => consoleErrors.push(`page error: ${e.message}`))
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' })
  return {
    page,
    consoleErrors,
    requests,
    close: async () => {
      await context.close()
      rmSync(userDataDir, { recursive: true, force: true })
    }
  }
}
