/**
 * The HTML report of `verify --reporter html`: one self-contained page (inline CSS and script, no
 * font, image or script fetched from anywhere) that people would rather look at than read a log.
 *
 * - Failures first: a list of the failed scenarios at the top, sections holding failures before
 *   the others, and in each section the failed scenarios before the passed ones.
 * - Scenarios grouped by PIA section: the first `PIA §…` the file's description names, else the
 *   scenario's description, else the PIA citation of the rules that decided its steps; the rest
 *   (DUIS, input errors, this project's own readings) under "Not from a PIA section".
 * - Each step with what was expected and what happened, the rules that decided it and, for each
 *   rule, its citations with their quotes.
 * - The editions' differences highlighted: each step is also run in the other edition (threading
 *   that edition's own state, as `diff` does) and a step the other edition decides differently is
 *   marked, with what that edition decided.
 *
 * @internal
 */
import type { Edition } from '../Edition.js'
import { ruleById } from '../rules/index.js'
import { formatCitation, type RuleId } from '../rules/Rule.js'
import { diffEditions, type EditionDifference } from '../scenario/diff.js'
import type { Scenario } from '../scenario/format.js'
import { describeMismatch, verdictOf, type ScenarioResult, type Verdict } from '../scenario/runner.js'
import type { FileReport, VerifyReport } from './reporters.js'

/** Escapes text for HTML element content and double-quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const h = escapeHtml

const OTHER_SECTION = 'Not from a PIA section'
const PIA_SECTION = /PIA (§\d+(?:\.\d+)*(?: Req(?:uirement)? \d+)?)/

/** `§3 Requirement 1` and `§3 Req 1` are one section. */
const normalise = (section: string): string => section.replace(/ Requirement /, ' Req ')

/** The order of sections: by their numbers (§2.1 < §2.2 < §3 Req 1 < §3.2), the rest last. */
function sectionKey(section: string): number[] {
  if (section === OTHER_SECTION) return [Infinity]
  const m = /§(\d+)((?:\.\d+)*)(?: Req (\d+))?/.exec(section)
  if (m === null) return [Infinity]
  const parts = [
    Number(m[1]),
    ...(m[2] ?? '')
      .split('.')
      .filter((p) => p !== '')
      .map(Number)
  ]
  // a requirement of §3 comes after §3 itself and before §3.1
  return m[3] === undefined ? [...parts, 0] : [...parts, 0.5, Number(m[3])]
}

function compareKeys(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? -1
    const y = b[i] ?? -1
    if (x !== y) return x < y ? -1 : 1
  }
  return 0
}

/** The PIA section a scenario is shown under. */
function sectionOf(fileDescription: string | undefined, s: ScenarioResult): string {
  const named = PIA_SECTION.exec(fileDescription ?? '') ?? PIA_SECTION.exec(s.description)
  if (named !== null) return `PIA ${normalise(named[1] as string)}`
  for (const step of s.steps)
    for (const id of step.rules) {
      const pia = ruleById(id)?.citations.find((c) => c.source === 'PIA')
      if (pia !== undefined) return `PIA ${normalise(pia.reference)}`
    }
  return OTHER_SECTION
}

interface Shown {
  readonly file: string
  readonly result: ScenarioResult
  readonly scenario: Scenario | undefined
  readonly anchor: string
}

/** The other edition's decision of each step that it decides differently, by step index. */
function differences(scenario: Scenario | undefined, file: string): ReadonlyMap<number, EditionDifference> {
  if (scenario === undefined) return new Map()
  const diff = diffEditions([{ file, content: { scenarios: [scenario] } }])
  return new Map(diff.differences.map((d) => [d.step, d]))
}

/** What counts as a failure on the page: a failed scenario, or one listed as known to fail that passed. */
const isFailure = (s: ScenarioResult): boolean => verdictOf(s) === 'failed' || verdictOf(s) === 'unexpected pass'

const BADGE: Readonly<Record<Verdict, readonly [string, string]>> = {
  passed: ['pass', 'PASS'],
  failed: ['fail', 'FAIL'],
  skipped: ['skip', 'SKIP'],
  'expected failure': ['skip', 'XFAIL'],
  'unexpected pass': ['fail', 'XPASS']
}

const other = (e: Edition): Edition => (e === 'baseline' ? 'SECMP0105' : 'baseline')

function rulesCell(rules: readonly RuleId[]): string {
  return rules.length === 0 ? '<span class="muted">none</span>' : rules.map((r) => `<code class="rule">${h(r)}</code>`).join(' ')
}

/** The rules that decided a scenario's steps, each with its effect in the scenario's edition and its citations. */
function rulesBlock(ids: readonly RuleId[], edition: Edition): string {
  if (ids.length === 0) return ''
  const items = ids.map((id) => {
    const r = ruleById(id)
    if (r === undefined) return `<li><b>${h(id)}</b></li>`
    const effect = r.effect[edition]
    const cites = r.citations
      .map((c) => `<li><span class="cite">${h(formatCitation(c))}</span>${c.quote === undefined ? '' : ` <q>${h(c.quote)}</q>`}</li>`)
      .join('')
    return (
      `<li><b>${h(id)}</b> ${h(r.condition)}${effect === undefined ? '' : ` → <i>${h(effect)}</i>`}` +
      `${cites === '' ? '' : `<ul class="cites">${cites}</ul>`}</li>`
    )
  })
  return `<div class="rules"><h4>The rules that decided these steps</h4><ul>${items.join('')}</ul></div>`
}

function scenarioHtml(x: Shown): string {
  const s = x.result
  const diffs = differences(x.scenario, x.file)
  const otherEdition = other(s.edition)
  const rows: string[] = []
  for (const st of s.steps) {
    const d = diffs.get(st.index)
    const theirs = d === undefined ? undefined : d[otherEdition]
    const mismatches =
      st.mismatches.length === 0
        ? ''
        : `<ul class="mismatches">${st.mismatches.map((m) => `<li>${h(describeMismatch(m))}</li>`).join('')}</ul>`
    rows.push(
      `<tr class="step ${st.passed ? 'pass' : 'fail'}${theirs === undefined ? '' : ' differs'}">` +
        `<td>${st.index + 1}</td><td>${h(st.label)}</td><td>${h(st.expected)}</td>` +
        `<td>${h(st.happened)}${mismatches}</td><td>${rulesCell(st.rules)}</td>` +
        `<td>${theirs === undefined ? '<span class="muted">the same</span>' : `<span class="other">${h(otherEdition)}: ${h(theirs.happened)}</span> ${rulesCell(theirs.rules)}`}</td></tr>`
    )
  }
  for (const n of s.notRun ?? []) {
    rows.push(
      `<tr class="step notrun"><td>${n.index + 1}</td><td>${h(n.label)}</td><td colspan="4">not run: an earlier step failed, and this one would start from a state the scenario did not mean</td></tr>`
    )
  }
  const ruleIds = [...new Set(s.steps.flatMap((st) => st.rules))]
  const differing = s.steps.some((st) => diffs.has(st.index))
  return (
    `<details class="scenario ${isFailure(s) ? 'fail' : 'pass'}${differing ? ' has-differences' : ''}" id="${h(x.anchor)}"${isFailure(s) ? ' open' : ''}>` +
    `<summary><span class="badge ${BADGE[verdictOf(s)][0]}">${BADGE[verdictOf(s)][1]}</span> ` +
    `<code>${h(s.id)}</code> ${h(s.description)} <span class="edition">${h(s.edition)}</span>` +
    `${differing ? ' <span class="badge differs">differs in ' + h(otherEdition) + '</span>' : ''}</summary>` +
    `<p class="where">${h(x.file)} · ${h(s.path)}</p>` +
    `<table><thead><tr><th>#</th><th>step</th><th>expected</th><th>what happened</th><th>decided by</th><th>in the other edition</th></tr></thead>` +
    `<tbody>${rows.join('')}</tbody></table>${rulesBlock(ruleIds, s.edition)}</details>`
  )
}

const CSS = `
:root { color-scheme: light; --pass: #1a7f37; --fail: #cf222e; --differs: #fff8c5; --muted: #6e7781; }
* { box-sizing: border-box; }
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif; margin: 0 auto; max-width: 1200px; padding: 1.5rem; color: #1f2328; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; margin-top: 2rem; }
h4 { margin: .75rem 0 .25rem; font-size: .95rem; }
code { font: 13px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.counts { display: flex; gap: 1rem; margin: .75rem 0; }
.count { padding: .4rem .8rem; border-radius: 6px; border: 1px solid #d0d7de; }
.count b { font-size: 1.3rem; display: block; }
.count.passed b { color: var(--pass); } .count.failed.some b, .count.invalid-files.some b { color: var(--fail); }
.badge { display: inline-block; font-size: 11px; font-weight: 600; padding: 1px 6px; border-radius: 10px; color: #fff; }
.badge.pass { background: var(--pass); } .badge.fail { background: var(--fail); } .badge.skip { background: var(--muted); }
.badge.differs { background: #9a6700; }
.edition { font-size: 12px; color: var(--muted); border: 1px solid #d0d7de; border-radius: 4px; padding: 0 4px; }
details.scenario { border: 1px solid #d0d7de; border-radius: 6px; margin: .4rem 0; padding: .3rem .6rem; }
details.scenario.fail { border-color: var(--fail); }
summary { cursor: pointer; }
.where { color: var(--muted); margin: .25rem 0; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: .25rem 0; font-size: 13px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #f6f8fa; }
tr.fail td { background: #ffebe9; }
tr.differs td:last-child { background: var(--differs); font-weight: 600; }
tr.notrun td { color: var(--muted); font-style: italic; }
.muted { color: var(--muted); }
ul.mismatches { margin: .25rem 0 0; padding-left: 1.1rem; color: var(--fail); }
.rules ul { margin: 0; padding-left: 1.1rem; } .rules q { color: #3b4048; font-style: italic; }
ul.cites { list-style: square; } .cite { font-weight: 600; }
code.rule { font-size: 12px; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: 4px; padding: 0 3px; }
section.invalid { border: 1px solid var(--fail); border-radius: 6px; padding: .5rem; background: #ffebe9; }
section.invalid pre { white-space: pre-wrap; margin: .25rem 0; }
.toolbar { position: sticky; top: 0; background: #fff; padding: .5rem 0; border-bottom: 1px solid #d0d7de; display: flex; gap: .5rem; flex-wrap: wrap; }
button { font: inherit; padding: 2px 10px; border: 1px solid #d0d7de; border-radius: 6px; background: #f6f8fa; cursor: pointer; }
button[aria-pressed="true"] { background: #0969da; color: #fff; border-color: #0969da; }
body.only-failures details.scenario.pass, body.only-differences details.scenario:not(.has-differences) { display: none; }
body.only-failures section.group:not(.has-failures), body.only-differences section.group:not(.has-differences) { display: none; }
`

const SCRIPT = `
(function () {
  var body = document.body
  var buttons = document.querySelectorAll('button[data-filter]')
  buttons.forEach(function (b) {
    b.addEventListener('click', function () {
      body.classList.remove('only-failures', 'only-differences')
      if (b.dataset.filter !== 'all') body.classList.add('only-' + b.dataset.filter)
      buttons.forEach(function (o) { o.setAttribute('aria-pressed', String(o === b)) })
    })
  })
  document.querySelectorAll('button[data-open]').forEach(function (b) {
    b.addEventListener('click', function () {
      var open = b.dataset.open === 'true'
      document.querySelectorAll('details.scenario').forEach(function (d) { d.open = open })
    })
  })
})()
`

/** The page. */
export function htmlReport(report: VerifyReport): string {
  const shown: Array<Shown & { readonly section: string }> = []
  const invalid: Array<Extract<FileReport, { valid: false }>> = []
  for (const f of report.files) {
    if (!f.valid) {
      invalid.push(f)
      continue
    }
    f.result.scenarios.forEach((s) => {
      const index = Number(/\d+/.exec(s.path)?.[0] ?? -1)
      shown.push({
        file: f.file,
        result: s,
        scenario: f.content?.scenarios[index],
        anchor: `s${shown.length + 1}`,
        section: sectionOf(f.result.description, s)
      })
    })
  }
  const sections = new Map<string, typeof shown>()
  for (const x of shown) sections.set(x.section, [...(sections.get(x.section) ?? []), x])
  const failedIn = (xs: typeof shown): number => xs.filter((x) => isFailure(x.result)).length
  const ordered = [...sections].sort(
    ([a, xs], [b, ys]) => Number(failedIn(ys) > 0) - Number(failedIn(xs) > 0) || compareKeys(sectionKey(a), sectionKey(b))
  )
  const failures = shown.filter((x) => isFailure(x.result))
  const total = shown.length
  const impl = report.implementation
  const title = `Scenario report: ${report.passed} passed, ${report.failed} failed${report.invalid > 0 ? `, ${report.invalid} invalid` : ''}`
  const parts: string[] = [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>suspended-device-rules: scenario report</h1>',
    impl === undefined
      ? '<p class="implementation">Implementation checked: this library.</p>'
      : `<p class="implementation">Implementation checked: <b>${h(impl.name)} ${h(impl.version)}</b> (command <code>${h(impl.command)}</code>; editions ${h(impl.editions.join(', '))})` +
        `${impl.rules ? '' : '; it does not report rule ids, so expect.rules is not checked'}. The other edition's decisions shown beside each step are this library's.</p>`,
    `<p>${total} scenario${total === 1 ? '' : 's'}, each one journey run in the edition it names, every step checked against what the scenario expects. ` +
      'A step marked <span class="badge differs">differs</span> is decided differently by the other edition (what SECMP0105 changes).</p>',
    '<div class="counts">' +
      `<div class="count passed" id="count-passed"><b>${report.passed}</b>passed</div>` +
      `<div class="count failed${report.failed > 0 ? ' some' : ''}" id="count-failed"><b>${report.failed}</b>failed</div>` +
      (report.skipped === undefined || report.skipped === 0
        ? ''
        : `<div class="count" id="count-skipped"><b>${report.skipped}</b>skipped</div>`) +
      (report.expectedFailures === undefined || report.expectedFailures === 0
        ? ''
        : `<div class="count" id="count-expected-failures"><b>${report.expectedFailures}</b>expected failures</div>`) +
      `<div class="count invalid-files${report.invalid > 0 ? ' some' : ''}" id="count-invalid"><b>${report.invalid}</b>invalid files</div>` +
      '</div>',
    '<nav class="toolbar">' +
      '<button data-filter="all" aria-pressed="true">all</button>' +
      '<button data-filter="failures" aria-pressed="false">failures only</button>' +
      '<button data-filter="differences" aria-pressed="false">differing between editions</button>' +
      '<button data-open="true">expand all</button><button data-open="false">collapse all</button>' +
      '</nav>',
    '</header>',
    '<main>'
  ]
  if (invalid.length > 0) {
    parts.push('<section class="invalid" id="invalid"><h2>Invalid files</h2>')
    for (const f of invalid) parts.push(`<h3><code>${h(f.file)}</code></h3><pre>${h(f.messages.join('\n'))}</pre>`)
    parts.push('</section>')
  }
  if (failures.length > 0) {
    parts.push(`<section id="failures"><h2>Failed scenarios (${failures.length})</h2><ol>`)
    for (const x of failures) {
      const f = x.result.failure
      parts.push(
        `<li><a href="#${x.anchor}"><code>${h(x.result.id)}</code></a> ${h(x.result.description)}` +
          `${f === undefined ? '' : ` <span class="muted">step ${f.index + 1} of ${x.result.stepCount}: ${h(f.mismatches.map(describeMismatch).join('; '))}</span>`}</li>`
      )
    }
    parts.push('</ol></section>')
  }
  for (const [section, xs] of ordered) {
    const failed = failedIn(xs)
    const sorted = [...xs.filter((x) => isFailure(x.result)), ...xs.filter((x) => !isFailure(x.result))]
    const differing = xs.some((x) => differences(x.scenario, x.file).size > 0)
    parts.push(
      `<section class="group${failed > 0 ? ' has-failures' : ''}${differing ? ' has-differences' : ''}" data-section="${h(section)}">` +
        `<h2>${h(section)} <span class="muted">${xs.length - failed} passed, ${failed} failed</span></h2>`
    )
    for (const x of sorted) parts.push(scenarioHtml(x))
    parts.push('</section>')
  }
  parts.push('</main>', `<script>${SCRIPT}</script>`, '</body>', '</html>', '')
  return parts.join('\n')
}
