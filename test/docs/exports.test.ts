/**
 * Every export of every public entry point is documented: each of its declarations has a doc
 * comment with `@since` and a `@category` (TypeDoc groups the API reference by it); each value
 * (function, codec, constant) also says what it is and shows an `@example` (which
 * test/docs/examples.test.ts runs). Nothing exported is marked `@internal`. The entry points are
 * those of package.json's `exports`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
/** Each subpath of package.json's `exports` that holds code, and the source of its entry point. */
const ENTRIES: Readonly<Record<string, string>> = {
  '.': 'src/index.ts',
  './scenario': 'src/scenario/index.ts',
  './campaign': 'src/campaign/index.ts',
  './harness': 'src/harness/index.ts',
  './conformance': 'src/conformance/index.ts'
}

interface Documented {
  readonly name: string
  readonly kind: 'value' | 'type'
  readonly where: string
  readonly summary: string
  readonly tags: ReadonlyMap<string, number>
}

function publicDeclarations(entry: string): Documented[] {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
  const program = ts.createProgram([entry], { ...options, noEmit: true })
  const checker = program.getTypeChecker()
  const module = checker.getSymbolAtLocation(program.getSourceFile(entry) as ts.SourceFile)
  if (module === undefined) throw new Error(`${entry} is not a module`)
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

const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }

describe('the entry points', () => {
  it('are the code subpaths of package.json exports, each built by tsup', () => {
    const code = Object.keys(pkg.exports).filter((k) => !k.includes('*') && k !== './package.json')
    expect(code.sort()).toEqual(Object.keys(ENTRIES).sort())
    const tsup = readFileSync(join(root, 'tsup.config.ts'), 'utf8')
    for (const src of Object.values(ENTRIES)) expect(tsup).toContain(`'${src}'`)
  })
})

describe.each(Object.entries(ENTRIES))('the public API of %s (%s)', (_, entry) => {
  const declarations = publicDeclarations(join(root, entry))

  it('is found: it exports documented declarations', () => {
    expect(declarations.length).toBeGreaterThan(2)
  })

  it.each(declarations.map((d) => [`${d.kind} ${d.name} (${d.where})`, d] as const))('documents %s with @since and @category', (_, d) => {
    expect(d.tags.get('since'), 'a doc comment with @since').toBeGreaterThan(0)
    expect(d.tags.get('category'), 'a doc comment with @category').toBe(1)
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

describe('the root entry point', () => {
  const names = new Set(publicDeclarations(join(root, ENTRIES['.'] as string)).map((d) => d.name))
  it('holds the rule functions, transition, configure, the decoders and the codecs', () => {
    for (const n of [
      'authoriseRequest',
      'processResponse',
      'applyCplRemoval',
      'transition',
      'configure',
      'decodeDevice',
      'Device',
      'InputError'
    ])
      expect(names).toContain(n)
    expect(names.size).toBeGreaterThan(60)
  })
  it('leaves the scenario runner, the campaign tools and the SMI to their own entry points', () => {
    for (const n of ['runScenarios', 'decodeScenarioFile', 'diffEditions', 'FleetReplay', 'generateCampaign', 'createSmi'])
      expect(names).not.toContain(n)
  })
})
