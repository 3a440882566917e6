/**
 * `replay`'s report.html: one self-contained page (no script, no network: the charts are SVG,
 * rendered here by Vega-Lite and Vega, inlined) with, per edition, the funnel of the Suspended
 * devices (suspended, restored by SR11.2, restored by SR11.3, still stuck), the number of
 * Suspended devices over the event sequence for every edition on one chart, and the E5 refusals
 * per edition. Node-only; Vega is bundled into the command line (dist/cli.js), not a dependency of
 * the library.
 *
 * @internal
 */
import { parse, View } from 'vega'
import { compile, type TopLevelSpec } from 'vega-lite'
import type { ReplaySummary } from '../../campaign/replay.js'
import type { SuspendedSeriesData } from '../../campaign/series.js'

/** One edition's results, as the report shows them. */
export interface ReportEdition {
  readonly summary: ReplaySummary
  readonly series: SuspendedSeriesData
}

const COLOURS = { baseline: '#b45309', SECMP0105: '#1d4ed8' } as const
const colour = {
  scale: { domain: Object.keys(COLOURS), range: Object.values(COLOURS) },
  legend: { title: 'edition', orient: 'top' }
} as const
const FONT = { config: { font: 'system-ui, sans-serif', view: { stroke: null } } } as const

/** Renders a Vega-Lite specification to SVG, in Node, without a browser. */
export async function toSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}

const STAGES = ['suspended', 'restored by SR11.2', 'restored by SR11.3', 'still suspended (stuck)'] as const

function funnelSpec(editions: readonly ReportEdition[]): TopLevelSpec {
  const values = editions.flatMap(({ summary: s }) => {
    const d = s.devices
    const n = [d.suspendedAtStart + d.suspendedByRemoval, d.restoredBySr112, d.restoredBySr113, d.stillSuspended]
    return STAGES.map((stage, i) => ({ stage, edition: s.edition, devices: n[i] }))
  })
  return {
    ...FONT,
    width: 520,
    height: { step: 16 },
    data: { values },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'stage', type: 'nominal', sort: [...STAGES], title: null, axis: { labelLimit: 240 } },
      yOffset: { field: 'edition', type: 'nominal', sort: Object.keys(COLOURS) },
      x: { field: 'devices', type: 'quantitative', title: 'devices' },
      color: { field: 'edition', type: 'nominal', ...colour }
    }
  }
}

function seriesSpec(editions: readonly ReportEdition[]): TopLevelSpec {
  const values = editions.flatMap(({ summary, series }) =>
    series.lines.map((line, i) => ({ line, suspended: series.suspended[i], edition: summary.edition }))
  )
  return {
    ...FONT,
    width: 640,
    height: 260,
    data: { values },
    mark: { type: 'line', interpolate: 'step-after' },
    encoding: {
      x: { field: 'line', type: 'quantitative', title: 'event line' },
      y: { field: 'suspended', type: 'quantitative', title: 'Suspended devices' },
      color: { field: 'edition', type: 'nominal', ...colour }
    }
  }
}

function refusalsSpec(editions: readonly ReportEdition[]): TopLevelSpec {
  return {
    ...FONT,
    width: 320,
    height: { step: 28 },
    data: { values: editions.map(({ summary: s }) => ({ edition: s.edition, refusals: s.requests.refusedE5 })) },
    mark: { type: 'bar', tooltip: true },
    encoding: {
      y: { field: 'edition', type: 'nominal', sort: Object.keys(COLOURS), title: null },
      x: { field: 'refusals', type: 'quantitative', title: 'requests refused with E5' },
      color: { field: 'edition', type: 'nominal', ...colour, legend: null }
    }
  }
}

const esc = (s: string): string => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string)
const fmt = (n: number): string => n.toLocaleString('en-GB')

/** The numbers behind the charts, as a table (for readers who do not see the charts). */
function table(editions: readonly ReportEdition[]): string {
  const rows: Array<[string, (s: ReplaySummary) => number]> = [
    ['devices in the inventory', (s) => s.devices.inventory],
    ['suspended (at start or by CPL removal)', (s) => s.devices.suspendedAtStart + s.devices.suspendedByRemoval],
    ['restored by an SR11.2 response', (s) => s.devices.restoredBySr112],
    ['restored by an SR11.3 response', (s) => s.devices.restoredBySr113],
    ['still suspended (stuck)', (s) => s.devices.stillSuspended],
    ['E5 refusals', (s) => s.requests.refusedE5],
    ['N29 alerts', (s) => s.alerts.N29],
    ['N52 alerts', (s) => s.alerts.N52],
    ['rejected lines', (s) => s.rejected.count]
  ]
  const head = editions.map((e) => `<th scope="col">${esc(e.summary.edition)}</th>`).join('')
  const body = rows
    .map(([label, f]) => `<tr><th scope="row">${esc(label)}</th>${editions.map((e) => `<td>${fmt(f(e.summary))}</td>`).join('')}</tr>`)
    .join('\n')
  return `<table><thead><tr><th></th>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`
}

/** The report as one HTML page. */
export async function renderReport(editions: readonly ReportEdition[], title: string): Promise<string> {
  const [funnel, series, refusals] = await Promise.all([
    toSvg(funnelSpec(editions)),
    toSvg(seriesSpec(editions)),
    toSvg(refusalsSpec(editions))
  ])
  const figure = (id: string, caption: string, svg: string): string =>
    `<figure id="${id}" data-chart="${id}"><figcaption>${esc(caption)}</figcaption>\n${svg}\n</figure>`
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #111; }
h1 { font-size: 1.4rem; } figure { margin: 1.5rem 0; } figcaption { font-weight: 600; margin-bottom: .5rem; }
table { border-collapse: collapse; } th, td { padding: .2rem .8rem; border-bottom: 1px solid #ddd; } td { text-align: right; font-variant-numeric: tabular-nums; }
th[scope=row] { text-align: left; font-weight: normal; }
</style>
</head>
<body>
<h1>${esc(title)}</h1>
${figure('funnel', 'Suspended devices: how many were suspended, restored, and left stuck, per edition', funnel)}
${figure('suspended-over-events', 'Suspended devices over the event sequence', series)}
${figure('e5-refusals', 'Requests refused with E5 (Invalid Device Status), per edition', refusals)}
<h2>The numbers</h2>
${table(editions)}
</body>
</html>
`
}
