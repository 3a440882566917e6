/**
 * Extracts the `@example` blocks of the doc comments under src/ and turns each into a module the
 * tests can run, with every `console.log` call instrumented so that what it prints can be compared
 * with the comment that states it:
 *
 *     console.log(x) // what x prints
 *     console.log(y)
 *     // what y prints (a comment on the line right after the call; several lines for several)
 *
 * The printed text is `util.format` of the arguments, exactly what `console.log` writes.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import ts from 'typescript'

export interface Expectation {
  /** 1-based line of the `console.log` call within the example. */
  readonly line: number
  readonly expected: string
}

export interface Example {
  /** `src/Device.ts#decodeDevice` (the name of the declaration the comment documents). */
  readonly name: string
  readonly file: string
  /** The example as written in the doc comment. */
  readonly code: string
  /** The example as a runnable module (see {@link instrument}). */
  readonly module: string
  /** Every `console.log` call with a stated output, by call index. */
  readonly expectations: ReadonlyMap<number, Expectation>
  /** How many `console.log` calls the example makes (with or without a stated output). */
  readonly calls: number
}

/** Every .ts file under `dir`, sorted. */
export function sourceFiles(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...sourceFiles(path))
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) out.push(path)
  }
  return out.sort()
}

/** The text of a doc comment's `@example` tags, each as plain code. */
function examplesOf(comment: string): string[] {
  const lines = comment
    .replace(/^\/\*\*/, '')
    .replace(/\*\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\* ?/, ''))
  const out: string[] = []
  let current: string[] | undefined
  for (const line of lines) {
    const tag = /^@(\w+)/.exec(line)
    if (tag !== null) {
      if (current !== undefined) out.push(current.join('\n').trim())
      current = tag[1] === 'example' ? [line.slice('@example'.length)] : undefined
    } else if (current !== undefined) current.push(line)
  }
  if (current !== undefined) out.push(current.join('\n').trim())
  return out.map((code) => code.replace(/^```\w*\n([\s\S]*?)\n```$/, '$1'))
}

/** The name of the declaration a doc comment sits on (the next identifier declared after it). */
function declaredName(text: string, commentEnd: number): string {
  const after = text.slice(commentEnd)
  const m = /^\s*(?:export\s+)?(?:declare\s+)?(?:async\s+)?(?:function|const|let|interface|type|class)\s+([A-Za-z_$][\w$]*)/.exec(after)
  return m?.[1] ?? '(module)'
}

/** Every `@example` of the doc comments in the .ts files under `srcDir`. */
export function extractExamples(srcDir: string, entry: string, root: string): Example[] {
  const out: Example[] = []
  for (const file of sourceFiles(srcDir)) {
    const text = readFileSync(file, 'utf8')
    const rel = relative(root, file)
    for (const m of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
      const name = declaredName(text, (m.index ?? 0) + m[0].length)
      const examples = examplesOf(m[0])
      examples.forEach((code, i) => {
        out.push({
          name: `${rel}#${name}${examples.length > 1 ? ` (${i + 1})` : ''}`,
          file: rel,
          code,
          ...instrument(code, entry)
        })
      })
    }
  }
  return out
}

/**
 * Makes an example runnable: imports of the package point at `entry` (and of a subpath
 * `suspended-device-rules/x` at `x/index.js` next to it); the body becomes the
 * default export, a function of `__log`; and each `console.log(...)` becomes `__log(i)(...)`.
 */
export function instrument(code: string, entry: string): Pick<Example, 'module' | 'expectations' | 'calls'> {
  const source = ts.createSourceFile('example.ts', code, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS)
  const imports: string[] = []
  const edits: Array<{ start: number; end: number; text: string }> = []
  const expectations = new Map<number, Expectation>()
  let calls = 0

  const visit = (node: ts.Node): void => {
    if (
      ts.isCallExpression(node) &&
      ts.isPropertyAccessExpression(node.expression) &&
      node.expression.expression.getText(source) === 'console' &&
      node.expression.name.text === 'log'
    ) {
      const index = calls++
      edits.push({ start: node.expression.getStart(source), end: node.expression.end, text: `__log(${index})` })
      const statement = ts.findAncestor(node, ts.isExpressionStatement)
      if (statement !== undefined) {
        const expected = statedOutput(code, statement.end)
        if (expected !== undefined) {
          expectations.set(index, { line: source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1, expected })
        }
      }
    }
    ts.forEachChild(node, visit)
  }

  for (const statement of source.statements) {
    if (ts.isImportDeclaration(statement)) {
      // the root entry is `entry` (…/index.js); a subpath entry `suspended-device-rules/x` is …/x/index.js
      const text = statement
        .getText(source)
        .replace(/(['"])suspended-device-rules(?:\/([a-z-]+))?\1/, (_, _q: string, sub?: string) =>
          JSON.stringify(sub === undefined ? entry : entry.replace(/index\.js$/, `${sub}/index.js`))
        )
      imports.push(text)
      edits.push({ start: statement.getFullStart(), end: statement.end, text: '' })
    } else visit(statement)
  }

  let body = code
  for (const e of edits.sort((a, b) => b.start - a.start)) body = body.slice(0, e.start) + e.text + body.slice(e.end)
  const module = `${imports.join('\n')}\n\nexport default async function example(__log: (call: number) => (...args: unknown[]) => void): Promise<void> {\n${body.trim()}\n}\n`
  return { module, expectations, calls }
}

/** The output stated for a statement ending at `end`: a comment on the same line, else the comment lines right after it. */
function statedOutput(code: string, end: number): string | undefined {
  const trailing = ts.getTrailingCommentRanges(code, end)?.find((c) => c.kind === ts.SyntaxKind.SingleLineCommentTrivia)
  if (trailing !== undefined && !code.slice(end, trailing.pos).includes('\n')) return code.slice(trailing.pos + 2, trailing.end).trim()
  const rest = code.slice(end)
  const newline = rest.indexOf('\n')
  if (newline === -1 || rest.slice(0, newline).trim() !== '') return undefined
  const lines: string[] = []
  for (const line of rest.slice(newline + 1).split('\n')) {
    const m = /^\s*\/\/ ?(.*)$/.exec(line)
    if (m === null) break
    lines.push((m[1] as string).trimEnd())
  }
  return lines.length === 0 ? undefined : lines.join('\n')
}
