/**
 * Every `@example` in the doc comments under src/ is run, and every `console.log` whose output the
 * example states (`console.log(x) // what it prints`) must print exactly that. The examples are
 * also type-checked as a TypeScript user would compile them. See test/docs/examples.ts.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { format } from 'node:util'
import ts from 'typescript'
import { afterAll, describe, expect, it } from 'vitest'
import { extractExamples, instrument } from './examples.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
// one folder per process: Stryker runs two test processes in one sandbox at once
const outDir = join(root, `test/.generated/examples-${process.pid}`)
const examples = extractExamples(join(root, 'src'), '../../../src/index.js', root)

rmSync(outDir, { recursive: true, force: true })
mkdirSync(outDir, { recursive: true })
afterAll(() => rmSync(outDir, { recursive: true, force: true }))
const files = examples.map((e, i) => {
  const file = join(outDir, `${String(i).padStart(3, '0')}-${e.name.replace(/[^A-Za-z0-9]+/g, '-')}.ts`)
  writeFileSync(file, e.module)
  return file
})

type Run = (log: (call: number) => (...args: unknown[]) => void) => Promise<void>

async function run(file: string): Promise<Map<number, string[]>> {
  const printed = new Map<number, string[]>()
  const mod = (await import(pathToFileURL(file).href)) as { default: Run }
  await mod.default((call) => (...args) => {
    const list = printed.get(call) ?? []
    list.push(format(...args))
    printed.set(call, list)
  })
  return printed
}

describe('the doc comment examples', () => {
  it('are found in the sources', () => {
    expect(examples.length).toBeGreaterThanOrEqual(19)
  })

  describe.each(examples.map((e, i) => [e.name, e, files[i] as string] as const))('%s', (_, example, file) => {
    it('states what at least one of its console.log calls prints', () => {
      expect(example.expectations.size, example.code).toBeGreaterThan(0)
    })

    it('runs and prints what its comments say', async () => {
      const printed = await run(file)
      for (const [call, { line, expected }] of example.expectations) {
        const outputs = printed.get(call)
        expect(outputs, `line ${line}: console.log never ran`).toBeDefined()
        for (const output of outputs ?? []) expect(output, `line ${line}`).toBe(expected)
      }
    })
  })

  it('type-check as a TypeScript user would compile them', () => {
    const config = ts.readConfigFile(join(root, 'tsconfig.json'), (p) => ts.sys.readFile(p))
    const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root)
    const program = ts.createProgram(files, { ...options, noEmit: true, noUnusedLocals: false })
    const diagnostics = files.flatMap((f) => ts.getPreEmitDiagnostics(program, program.getSourceFile(f)))
    const text = ts.formatDiagnostics(diagnostics, {
      getCanonicalFileName: (f) => f,
      getCurrentDirectory: () => root,
      getNewLine: () => '\n'
    })
    expect(text).toBe('')
  }, 60_000)
})

describe('the example runner', () => {
  it('instruments each console.log and reads the output stated on its line or on the comment lines after it', () => {
    const { expectations, calls, module } = instrument(
      [
        "import { rules } from 'suspended-device-rules'",
        'console.log(1) // 1',
        'if (true) console.log([1, 2])',
        '// [ 1, 2 ]',
        'console.log(rules.length)',
        "console.log('a\\nb')",
        '// a',
        '// b'
      ].join('\n'),
      '/src/index.js'
    )
    expect(calls).toBe(4)
    expect([...expectations.entries()]).toEqual([
      [0, { line: 2, expected: '1' }],
      [1, { line: 3, expected: '[ 1, 2 ]' }],
      [3, { line: 6, expected: 'a\nb' }]
    ])
    expect(module).toContain('import { rules } from "/src/index.js"')
    expect(module).toContain('__log(0)(1)')
  })

  it('points an import of a subpath entry point at its index next to the root entry', () => {
    const { module } = instrument("import { createSmi } from 'suspended-device-rules/harness'\nconsole.log(1) // 1", '/src/index.js')
    expect(module).toContain('import { createSmi } from "/src/harness/index.js"')
  })
})
