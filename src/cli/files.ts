/**
 * Reading the CLI's inputs: JSON files (or `-` for standard input), folders of scenario files and
 * the bundled specification. Every failure is a message naming the file, never an exception.
 *
 * @internal
 */
import { existsSync, statSync } from 'node:fs'
import { readdir, readFile, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { CliIO } from './io.js'

/** The name standard input is reported under. */
export const STDIN_NAME = '<stdin>'

/** A result of reading: the value, or the messages saying why not (each naming the file). */
export type Read<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly messages: readonly string[] }

export const ok = <A>(value: A): Read<A> => ({ ok: true, value })
export const fail = (...messages: string[]): Read<never> => ({ ok: false, messages })

/** Reads standard input at most once per command: a second `-` is a usage error. */
export class Stdin {
  private used: string | undefined
  constructor(private readonly io: CliIO) {}
  async read(option: string): Promise<Read<string>> {
    if (this.used !== undefined) return fail(`${option}: standard input ("-") is already read for ${this.used}; expected "-" at most once`)
    this.used = option
    try {
      return ok(await this.io.readStdin())
    } catch (e) {
      return fail(`${STDIN_NAME}: could not be read (${e instanceof Error ? e.message : String(e)})`)
    }
  }
}

/** How a file is shown in messages: relative to the working directory when it is below it. */
export function displayName(abs: string, cwd: string): string {
  const rel = relative(cwd, abs)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs
}

/** Parses JSON text, naming the file when it is not JSON. */
export function parseJson(text: string, name: string): Read<unknown> {
  try {
    return ok(JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text))
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return fail(`${name}: is not valid JSON (${why}); expected a JSON document`)
  }
}

async function readText(abs: string, name: string): Promise<Read<string>> {
  try {
    return ok(await readFile(abs, 'utf8'))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return fail(`${name}: no such file; expected a JSON file`)
    if (code === 'EISDIR') return fail(`${name}: is a directory; expected a JSON file`)
    return fail(`${name}: could not be read (${e instanceof Error ? e.message : String(e)})`)
  }
}

/**
 * Reads one JSON input named by an option (`--device F`): a path relative to the working
 * directory, or `-` for standard input. Returns the parsed JSON and the name to report it under.
 */
export async function readJsonInput(
  path: string,
  option: string,
  io: CliIO,
  stdin: Stdin
): Promise<Read<{ readonly name: string; readonly json: unknown }>> {
  if (path === '-') {
    const text = await stdin.read(option)
    if (!text.ok) return text
    const json = parseJson(text.value, STDIN_NAME)
    return json.ok ? ok({ name: STDIN_NAME, json: json.value }) : json
  }
  const abs = resolve(io.cwd, path)
  const name = displayName(abs, io.cwd)
  const text = await readText(abs, name)
  if (!text.ok) return text
  const json = parseJson(text.value, name)
  return json.ok ? ok({ name, json: json.value }) : json
}

/** A scenario file to read: from disk, or standard input. */
export interface ScenarioSource {
  readonly name: string
  /** Absolute path, or `undefined` for standard input. */
  readonly path: string | undefined
}

async function jsonFilesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  const entries = await readdir(dir, { withFileTypes: true })
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue
    const abs = join(dir, e.name)
    if (e.isDirectory()) out.push(...(await jsonFilesUnder(abs)))
    else if (e.isFile() && e.name.endsWith('.json')) out.push(abs)
  }
  return out
}

/**
 * Expands the paths given to `verify` or `diff` into scenario files: a file as given, a folder
 * into every `.json` file below it (sorted, hidden folders and node_modules skipped), `-` into
 * standard input.
 */
export async function scenarioSources(paths: readonly string[], io: CliIO): Promise<Read<readonly ScenarioSource[]>> {
  const sources: ScenarioSource[] = []
  const messages: string[] = []
  let stdinSeen = false
  for (const p of paths) {
    if (p === '-') {
      if (stdinSeen) messages.push('-: standard input is given twice; expected "-" at most once')
      stdinSeen = true
      sources.push({ name: STDIN_NAME, path: undefined })
      continue
    }
    const abs = resolve(io.cwd, p)
    const name = displayName(abs, io.cwd)
    let info
    try {
      info = await stat(abs)
    } catch {
      messages.push(`${name}: no such file or directory; expected a scenario file or a folder of them`)
      continue
    }
    if (info.isDirectory()) {
      const files = await jsonFilesUnder(abs)
      if (files.length === 0) messages.push(`${name}: holds no .json file; expected a folder of scenario files`)
      for (const f of files) sources.push({ name: displayName(f, io.cwd), path: f })
    } else {
      sources.push({ name, path: abs })
    }
  }
  return messages.length > 0 ? { ok: false, messages } : ok(sources)
}

/** Reads and parses one scenario source. */
export async function readScenarioSource(source: ScenarioSource, stdin: Stdin): Promise<Read<unknown>> {
  if (source.path === undefined) {
    const text = await stdin.read('-')
    return text.ok ? parseJson(text.value, STDIN_NAME) : text
  }
  const text = await readText(source.path, source.name)
  return text.ok ? parseJson(text.value, source.name) : text
}

let bundled: string | undefined

/**
 * The folder of the bundled specification: `spec/` beside the package's `package.json`, found by
 * walking up from this module (`dist/cli.js` once built, `src/cli/files.ts` in development).
 */
export function bundledSpecDir(): string {
  if (bundled !== undefined) return bundled
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const spec = join(dir, 'spec')
    if (existsSync(join(dir, 'package.json')) && existsSync(spec) && statSync(spec).isDirectory()) return (bundled = spec)
    const up = dirname(dir)
    if (up === dir) break
    dir = up
  }
  throw new Error('the bundled specification (spec/) is missing from this installation of suspended-device-rules')
}
