/**
 * A small JUnit XML writer: the report `verify --reporter junit` writes for CI systems (Jenkins,
 * GitLab, GitHub test reporters). It writes the subset of the format those read: test suites (with
 * properties) of test cases, each with properties, a failure, an error or being skipped, and
 * standard output and standard error.
 *
 * Every text is escaped for XML 1.0: `&`, `<`, `>` and `"` as entities; in attributes also tab,
 * newline and carriage return (so that a reader keeps them); a character XML 1.0 cannot carry at
 * all (a control character other than tab, newline and carriage return, a lone surrogate, U+FFFE,
 * U+FFFF) is written as the text `\u0001` rather than dropped or left to make the file unreadable.
 *
 * @internal
 */

/** One test case: a scenario, or the structure of an invalid file. */
export interface JUnitCase {
  readonly classname: string
  readonly name: string
  readonly properties?: ReadonlyArray<readonly [string, string]>
  /** At most one of failure and error. */
  readonly failure?: { readonly message: string; readonly type: string; readonly details?: string }
  readonly error?: { readonly message: string; readonly type: string; readonly details?: string }
  /** The case did not run. */
  readonly skipped?: boolean
  readonly systemOut?: string
  readonly systemErr?: string
}

export interface JUnitSuite {
  readonly name: string
  readonly properties?: ReadonlyArray<readonly [string, string]>
  readonly cases: readonly JUnitCase[]
}

/** Characters XML 1.0 cannot carry (Char production, §2.2), including unpaired surrogates. */
const NOT_XML =
  // eslint-disable-next-line no-control-regex -- the control characters are what it finds
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

const visible = (s: string): string => s.replace(NOT_XML, (c) => `\\u${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`)

/** Escapes character data (element content). */
export function escapeText(s: string): string {
  return visible(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
}

/** Escapes an attribute value (written in double quotes); whitespace other than space is kept as a reference. */
export function escapeAttribute(s: string): string {
  return escapeText(s).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;')
}

const attrs = (pairs: ReadonlyArray<readonly [string, string | number]>): string =>
  pairs.map(([k, v]) => ` ${k}="${escapeAttribute(String(v))}"`).join('')

function outcomeElement(tag: 'failure' | 'error', o: NonNullable<JUnitCase['failure']>): string {
  const open = `<${tag}${attrs([
    ['message', o.message],
    ['type', o.type]
  ])}`
  return o.details === undefined ? `${open}/>` : `${open}>${escapeText(o.details)}</${tag}>`
}

function propertiesXml(properties: ReadonlyArray<readonly [string, string]> | undefined, indent: string): string[] {
  if (properties === undefined || properties.length === 0) return []
  const out = [`${indent}<properties>`]
  for (const [name, value] of properties)
    out.push(
      `${indent}  <property${attrs([
        ['name', name],
        ['value', value]
      ])}/>`
    )
  out.push(`${indent}</properties>`)
  return out
}

function caseXml(c: JUnitCase): string[] {
  const open = `    <testcase${attrs([
    ['classname', c.classname],
    ['name', c.name]
  ])}`
  const body: string[] = propertiesXml(c.properties, '      ')
  if (c.skipped === true) body.push('      <skipped/>')
  if (c.failure !== undefined) body.push(`      ${outcomeElement('failure', c.failure)}`)
  if (c.error !== undefined) body.push(`      ${outcomeElement('error', c.error)}`)
  if (c.systemOut !== undefined) body.push(`      <system-out>${escapeText(c.systemOut)}</system-out>`)
  if (c.systemErr !== undefined) body.push(`      <system-err>${escapeText(c.systemErr)}</system-err>`)
  return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>']
}

const counts = (cases: readonly JUnitCase[]): Array<readonly [string, number]> => [
  ['tests', cases.length],
  ['failures', cases.filter((c) => c.failure !== undefined).length],
  ['errors', cases.filter((c) => c.error !== undefined).length],
  ['skipped', cases.filter((c) => c.skipped === true).length]
]

/** The JUnit XML document of `suites`, under a `<testsuites>` named `name`, with a final newline. */
export function junitXml(name: string, suites: readonly JUnitSuite[]): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites${attrs([['name', name], ...counts(suites.flatMap((s) => s.cases))])}>`
  ]
  for (const s of suites) {
    const open = `  <testsuite${attrs([['name', s.name], ...counts(s.cases)])}`
    const properties = propertiesXml(s.properties, '    ')
    if (s.cases.length === 0 && properties.length === 0) {
      lines.push(`${open}/>`)
      continue
    }
    lines.push(`${open}>`, ...properties)
    for (const c of s.cases) lines.push(...caseXml(c))
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return `${lines.join('\n')}\n`
}
