/**
 * Every export of the public entry point is documented: each of its declarations has a doc comment
 * with `@since`; each value (function, codec, constant) also says what it is and shows an
 * `@example` (which test/docs/examples.test.ts runs). Nothing exported is marked `@internal`.
 */
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const entry = join(root, 'src/index.ts')

interface Documented {
  readonly name: string
  readonly kind: 'value' | 'type'
  readonly where: string
  readonly summary: string
  readonly tags: ReadonlyMap<string, number>
}

function publicDeclarations(): Documented[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const program = ts.createProgram([entry], { ...options, noEmit: true })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile)
  if (module === undefined) throw new Error('src/index.ts is not a module')
  const out: Documented[] = []
  for (const exported of checker.getExportsOfModule(module)) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    for (const decl of symbol.declarations ?? []) {
      const isValue = ts.isFunctionDeclaration(decl) || ts.isVariableDeclaration(decl) || ts.isClassDeclaration(decl)
      // a variable's doc comment sits on its statement
      const host = ts.isVariableDeclaration(decl) ? decl.parent.parent : decl
      const docs = ts.getJSDocCommentsAndTags(host).filter(ts.isJSDoc)
      const tags = new Map<string, number>()
      for (const doc of docs) for (const tag of doc.tags ?? []) tags.set(tag.tagName.text, (tags.get(tag.tagName.text) ?? 0) + 1)
      const summary = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join(' ')
      const sf = decl.getSourceFile()
      const line = sf.getLineAndCharacterOfPosition(decl.getStart()).line + 1
      out.push({ name: exported.name, kind: isValue ? 'value' : 'type', where: `${sf.fileName.slice(root.length)}:${line}`, summary, tags })
    }
  }
  return out
}

const declarations = publicDeclarations()

describe('the public API (src/index.ts)', () => {
  it('is found: the rule functions, decoders and codecs are among its exports', () => {
    const names = new Set(declarations.map((d) => d.name))
    for (const n of ['authoriseRequest', 'processResponse', 'applyCplRemoval', 'decodeDevice', 'Device', 'InputError'])
      expect(names).toContain(n)
    expect(declarations.length).toBeGreaterThan(60)
  })

  it.each(declarations.map((d) => [`${d.kind} ${d.name} (${d.where})`, d] as const))('documents %s with @since', (_, d) => {
    expect(d.tags.get('since'), 'a doc comment with @since').toBeGreaterThan(0)
    expect(d.tags.has('internal'), 'not @internal').toBe(false)
  })

  it.each(declarations.filter((d) => d.kind === 'value').map((d) => [`${d.name} (${d.where})`, d] as const))(
    'describes the value %s and shows an @example',
    (_, d) => {
      expect(d.summary.trim(), 'a description').not.toBe('')
      expect(d.tags.get('example'), 'an @example').toBeGreaterThan(0)
    }
  )
})
