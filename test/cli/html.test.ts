/**
 * The HTML report of `verify --reporter html`, as text (test/browser opens it in a real browser):
 * one self-contained page that fetches nothing, failures first, scenarios grouped by PIA section,
 * every text of the scenario files escaped.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { escapeHtml } from '../../src/cli/html.js'
import { contractExample, oneScenario, readFirmware } from '../scenario/fixtures.js'
import { cli, folder } from './fakeIO.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const failing = oneScenario([{ request: { serviceReferenceVariant: '2.2', commandVariant: 1 }, expect: { outcome: 'Authorised' } }])

async function page(files: Record<string, unknown>, paths: string[]): Promise<{ html: string; code: number; stdout: string }> {
  const dir = folder(files)
  const r = await cli(['verify', ...paths, '--reporter', 'html', '--output', 'out/report.html'], { cwd: dir })
  return { html: readFileSync(join(dir, 'out/report.html'), 'utf8'), code: r.code, stdout: r.stdout }
}

describe('the HTML report', () => {
  it('is one self-contained page: inline style and script, nothing fetched from anywhere', async () => {
    const { html, code, stdout } = await page({}, [join(root, 'spec')])
    expect(code).toBe(0)
    expect(stdout.trimEnd().split('\n').at(-1)).toMatch(/^\d+ passed, 0 failed$/)
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/)
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|\bsrc=|@import|url\(|@font-face/i)
    expect(html).not.toMatch(/https?:\/\//)
    expect(html.match(/<script>/g)).toHaveLength(1)
  })

  it('puts the failures first: their list, their section, and in it the failed scenario, open', async () => {
    const { html, code } = await page({ 'a.json': failing }, ['a.json', join(root, 'spec')])
    expect(code).toBe(1)
    const failures = html.indexOf('<section id="failures"><h2>Failed scenarios (1)</h2>')
    const firstGroup = html.indexOf('<section class="group')
    expect(failures).toBeGreaterThan(0)
    expect(failures).toBeLessThan(firstGroup)
    expect(html.slice(firstGroup)).toMatch(/^<section class="group has-failures[^>]*>[^]*?<details class="scenario fail"[^>]* open>/)
    expect(html).toContain('<title>Scenario report: ')
  })

  it('groups scenarios by PIA section in the order of the PIA, the rest last', async () => {
    const { html } = await page({}, [join(root, 'spec')])
    const sections = [...html.matchAll(/<section class="group[^"]*" data-section="([^"]+)">/g)].map((m) => m[1])
    expect(sections).toEqual(['PIA §2.1', 'PIA §2.2', 'PIA §3 Req 1', 'PIA §3 Req 2', 'PIA §3.2', 'Not from a PIA section'])
  })

  it('shows what the other edition decides where it differs, and the rules with their quotes', async () => {
    const { html } = await page({}, [join(root, 'spec', 'pia-2.2-stuck-device.json')])
    // the SECMP0105 journey's SR11.2 request, which baseline refuses
    expect(html).toMatch(
      /<tr class="step pass differs"><td>\d+<\/td><td>SR11.2 request \(CV 1\)<\/td><td>Authorised(?:(?!<\/tr>)[^])*?<\/td><td><span class="other">baseline: Rejected E5<\/span> <code class="rule">A7<\/code><\/td><\/tr>/
    )
    expect(html).toMatch(/<span class="cite">PIA §2\.1<\/span> <q>While the Device is in a &#39;Suspended&#39; state/)
  })

  it('lists an invalid file with its messages', async () => {
    const { html, code } = await page({ 'bad.json': '{', 'b.json': contractExample }, ['bad.json', 'b.json'])
    expect(code).toBe(2)
    expect(html).toContain(
      '<section class="invalid" id="invalid"><h2>Invalid files</h2>\n<h3><code>bad.json</code></h3><pre>bad.json:1:2: invalid JSON'
    )
  })

  it('names the implementation checked: this library, or the program of --implementation', async () => {
    const { html } = await page({ 'b.json': contractExample }, ['b.json'])
    expect(html).toContain('<p class="implementation">Implementation checked: this library.</p>')
    const dir = folder({ 'b.json': contractExample })
    const served = `${JSON.stringify(process.execPath)} ${JSON.stringify(join(root, 'dist/cli.js'))} serve`
    const r = await cli(['verify', 'b.json', '--implementation', served, '--reporter', 'html', '--output', 'r.html'], { cwd: dir })
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'r.html'), 'utf8')).toMatch(/Implementation checked: <b>suspended-device-rules \S+<\/b> \(command <code>/)
  })

  it('escapes every text taken from the scenario files', async () => {
    const file = oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected', responseCode: 'E5' } }], {
      id: '<img src=x onerror=alert(1)>',
      description: '"quoted" & <b>bold</b>'
    })
    const { html } = await page({ 'x.json': file }, ['x.json'])
    expect(html).not.toContain('<img')
    expect(html).not.toContain('<b>bold</b>')
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(html).toContain('&quot;quoted&quot; &amp; &lt;b&gt;bold&lt;/b&gt;')
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;')
  })
})
