/**
 * Reading the CLI's inputs: JSON files (or `-` for standard input), folders of scenario files and
 * the bundled specification. Every failure is a message naming the file, never an exception.
 *
 * @internal
 */
import { constants, existsSync, statSync, type Stats } from 'node:fs'
import { lstat, open, readdir, readlink, stat } from 'node:fs/promises'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { decodeUtf8, excerpt, parseJsonText } from '../internal/json.js'
import type { CliIO } from './io.js'

/** The name standard input is reported under. */
export const STDIN_NAME = '<stdin>'

/**
 * The largest input read, file or standard input: 256 MiB. Larger inputs are refused rather than
 * read without end (`/dev/zero`, a runaway pipe).
 */
export const MAX_INPUT_BYTES = 256 * 1024 * 1024

/** A result of reading: the value, or the messages saying why not (each naming the file). */
export type Read<A> = { readonly ok: true; readonly value: A } | { readonly ok: false; readonly messages: readonly string[] }

export const ok = <A>(value: A): Read<A> => ({ ok: true, value })
export const fail = (...messages: string[]): Read<never> => ({ ok: false, messages })

const tooLarge = (name: string): Read<never> =>
  fail(`${name}: is larger than ${MAX_INPUT_BYTES / (1024 * 1024)} MiB; expected a JSON input of at most that size`)

/** Reads standard input at most once per command: a second `-` is a usage error. */
export class Stdin {
  private used: string | undefined
  constructor(private readonly io: CliIO) {}
  async read(option: string): Promise<Read<Uint8Array>> {
    if (this.used !== undefined) return fail(`${option}: standard input ("-") is already read for ${this.used}; expected "-" at most once`)
    this.used = option
    let bytes: Uint8Array
    try {
      bytes = await this.io.readStdin(MAX_INPUT_BYTES)
    } catch (e) {
      return fail(`${STDIN_NAME}: could not be read (${why(e)})`)
    }
    return bytes.length > MAX_INPUT_BYTES ? tooLarge(STDIN_NAME) : ok(bytes)
  }
}

/** How a file is shown in messages: relative to the working directory when it is below it. */
export function displayName(abs: string, cwd: string): string {
  const rel = relative(cwd, abs)
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : abs
}

/** An error's message, for quoting in ours. */
const why = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Parses the bytes of a JSON input strictly (see src/internal/json.ts): UTF-8 only (one leading
 * byte order mark accepted and dropped, in every command), no key twice in an object, nesting at
 * most 512 deep. Every refusal is `FILE:LINE:COLUMN: what is wrong; what was expected`, followed by
 * the line with a caret under the place.
 */
export function parseJson(bytes: Uint8Array | string, name: string): Read<unknown> {
  let text: string
  if (typeof bytes === 'string') text = bytes.charCodeAt(0) === 0xfeff ? bytes.slice(1) : bytes
  else {
    const decoded = decodeUtf8(bytes)
    if (!decoded.ok) return fail(`${name}: line ${decoded.line}, byte ${decoded.byte} of the line: ${decoded.reason}`)
    text = decoded.text
  }
  const parsed = parseJsonText(text)
  if (parsed.ok) return ok(parsed.value)
  // FILE:LINE:COLUMN, as compilers and editors write it (a terminal or an editor jumps there),
  // then the line itself with a caret under the place
  const at = `${name}:${parsed.line}:${parsed.column}`
  return fail(
    parsed.kind === 'syntax' ? `${at}: invalid JSON: ${parsed.reason}` : `${at}: ${parsed.reason}`,
    ...excerpt(text, parsed.offset)
  )
}

/** What a file that is not a regular file is, in words. */
function kindOf(st: Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * Why a path could not be opened or examined, in words: a symbolic link loop is named as one, a
 * link to nothing as that, rather than the system's "no such file or directory".
 */
async function describeFsError(e: unknown, abs: string, name: string, expected: string): Promise<string> {
  const code = (e as NodeJS.ErrnoException).code
  if (code === 'ELOOP')
    return `${name}: is a symbolic link loop (it leads back to itself, directly or through other links); expected ${expected}`
  if (code === 'ENOENT') {
    const target = await readlink(abs).catch(() => undefined)
    return target === undefined
      ? `${name}: no such ${expected === 'a JSON file' ? 'file' : 'file or directory'}; expected ${expected}`
      : `${name}: is a symbolic link to ${target}, which does not exist; expected ${expected}`
  }
  if (code === 'ENOTDIR') return `${name}: a part of the path is a file, not a folder; expected ${expected}`
  if (code === 'EACCES' || code === 'EPERM') return `${name}: permission denied; expected ${expected} this user may read`
  if (code === 'ENAMETOOLONG') return `${name.slice(0, 200)}…: the name is too long; expected ${expected}`
  return `${name}: could not be read (${why(e)}); expected ${expected}`
}

/**
 * Why a file or folder could not be written, naming it and the real problem: "the disk is full"
 * rather than the system's bare "ENOSPC: no space left on device, write".
 */
export function describeWriteError(e: unknown, name: string, expected: string): string {
  const code = (e as NodeJS.ErrnoException).code
  const problem =
    code === 'ENOSPC'
      ? 'the disk is full'
      : code === 'EDQUOT'
        ? 'the disk quota is exhausted'
        : code === 'EROFS'
          ? 'it is on a read-only file system'
          : code === 'EACCES' || code === 'EPERM'
            ? 'permission denied'
            : code === 'EISDIR'
              ? 'it is a folder'
              : code === 'ENOENT'
                ? 'the folder it should be in does not exist'
                : code === 'ENOTDIR' || code === 'EEXIST'
                  ? 'a part of its path is a file, not a folder'
                  : code === 'ELOOP'
                    ? 'its path holds a symbolic link loop'
                    : why(e)
  return `${name}: could not be written (${problem}); expected ${expected}`
}

/**
 * Reads a regular file, at most {@link MAX_INPUT_BYTES}. A FIFO, a device or a socket is refused
 * before anything is read from it (it is opened without blocking, so a FIFO with no writer cannot
 * hang the command); so is a folder.
 */
async function readRegularFile(abs: string, name: string): Promise<Read<Uint8Array>> {
  const expected = 'a JSON file'
  let handle
  try {
    handle = await open(abs, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (e) {
    return fail(await describeFsError(e, abs, name, expected))
  }
  try {
    const st = await handle.stat()
    if (st.isDirectory()) return fail(`${name}: is a folder; expected ${expected}`)
    if (!st.isFile()) return fail(`${name}: is ${kindOf(st)}, not a regular file; expected ${expected} (use "-" to read standard input)`)
    if (st.size > MAX_INPUT_BYTES) return tooLarge(name)
    // read to the end rather than trusting the size (files in /proc say 0), but never past the bound
    const chunks: Uint8Array[] = []
    let total = 0
    for (;;) {
      const buffer = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 65536), MAX_INPUT_BYTES + 1 - total))
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null)
      if (bytesRead === 0) break
      chunks.push(buffer.subarray(0, bytesRead))
      total += bytesRead
      if (total > MAX_INPUT_BYTES) return tooLarge(name)
    }
    return ok(chunks.length === 1 ? (chunks[0] as Uint8Array) : Buffer.concat(chunks))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EISDIR') return fail(`${name}: is a folder; expected ${expected}`)
    return fail(`${name}: could not be read (${why(e)}); expected ${expected}`)
  } finally {
    await handle.close().catch(() => undefined)
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
    const bytes = await stdin.read(option)
    if (!bytes.ok) return bytes
    const json = parseJson(bytes.value, STDIN_NAME)
    return json.ok ? ok({ name: STDIN_NAME, json: json.value }) : json
  }
  const abs = resolve(io.cwd, path)
  const name = displayName(abs, io.cwd)
  const bytes = await readRegularFile(abs, name)
  if (!bytes.ok) return bytes
  const json = parseJson(bytes.value, name)
  return json.ok ? ok({ name, json: json.value }) : json
}

/** A scenario file to read: from disk, or standard input. */
export interface ScenarioSource {
  readonly name: string
  /** Absolute path, or `undefined` for standard input. */
  readonly path: string | undefined
}

/** A path given (or found in a folder) that cannot be read as a scenario file, and why. */
export interface PathProblem {
  readonly name: string
  readonly problem: string
}

const problem = (name: string, message: string): PathProblem => ({ name, problem: message })

/**
 * A folder being walked: its identity (device and inode, so bind mounts count too), its name, and
 * the last symbolic link followed on the way to it (the one to blame for a loop).
 */
interface Enclosing {
  readonly id: string
  readonly name: string
  readonly via: string | undefined
}

const idOf = (st: Stats): string => `${st.dev}:${st.ino}`

/**
 * Collects the `.json` files below `dir`, sorted, following symbolic links to files and folders.
 * A link that leads back to a folder enclosing it, a link loop, a link to nothing, an unreadable
 * folder and a `.json` entry that is not a regular file are reported in `messages`: nothing is
 * skipped without a word.
 */
async function jsonFilesUnder(
  dir: string,
  enclosing: readonly Enclosing[],
  cwd: string,
  out: Array<ScenarioSource | PathProblem>
): Promise<void> {
  let entries
  try {
    entries = await readdir(dir, { withFileTypes: true })
  } catch (e) {
    out.push(problem(displayName(dir, cwd), await describeFsError(e, dir, displayName(dir, cwd), 'a folder of scenario files')))
    return
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue
    const abs = join(dir, e.name)
    const name = displayName(abs, cwd)
    const isJson = e.name.endsWith('.json')
    // a symbolic link is followed: what it leads to decides (a link loop or a link to nothing is reported)
    let target: Stats | undefined
    if (e.isSymbolicLink()) {
      try {
        target = await stat(abs)
      } catch (err) {
        out.push(problem(name, await describeFsError(err, abs, name, 'a scenario file or a folder of them')))
        continue
      }
    }
    const isDirectory = target === undefined ? e.isDirectory() : target.isDirectory()
    const isFile = target === undefined ? e.isFile() : target.isFile()
    if (isDirectory) {
      let st: Stats
      try {
        st = target ?? (await stat(abs))
      } catch (err) {
        out.push(problem(name, await describeFsError(err, abs, name, 'a folder of scenario files')))
        continue
      }
      const loop = enclosing.find((f) => f.id === idOf(st))
      if (loop !== undefined) {
        const via = target === undefined ? enclosing.at(-1)?.via : name
        out.push(
          problem(
            name,
            `${name}: ${target === undefined ? 'leads' : 'is a symbolic link'} back to ${loop.name}, a folder that encloses it` +
              `${target === undefined && via !== undefined ? ` (through the symbolic link ${via})` : ''}: a loop that following would never end; ` +
              'expected links that do not lead back into an enclosing folder'
          )
        )
        continue
      }
      const via = target === undefined ? enclosing.at(-1)?.via : name
      await jsonFilesUnder(abs, [...enclosing, { id: idOf(st), name, via }], cwd, out)
    } else if (isJson) {
      if (isFile) out.push({ name, path: abs })
      else out.push(problem(name, `${name}: is ${kindOf(target ?? (await lstat(abs)))}, not a regular file; expected a scenario file`))
    }
  }
}

/**
 * Expands the paths given to `verify` or `diff` into scenario files: a file as given, a folder
 * into every `.json` file below it (sorted, hidden folders and node_modules skipped, symbolic
 * links followed), `-` into standard input. Anything that cannot be expanded (a missing path, a
 * link loop, a folder with no `.json` file) is a {@link PathProblem} in its place, so that the
 * other paths still run and the problem is still reported.
 */
export async function scenarioSources(paths: readonly string[], io: CliIO): Promise<ReadonlyArray<ScenarioSource | PathProblem>> {
  const out: Array<ScenarioSource | PathProblem> = []
  let stdinSeen = false
  for (const p of paths) {
    if (p === '-') {
      if (stdinSeen) out.push(problem('-', '-: standard input is given twice; expected "-" at most once'))
      else out.push({ name: STDIN_NAME, path: undefined })
      stdinSeen = true
      continue
    }
    const abs = resolve(io.cwd, p)
    const name = displayName(abs, io.cwd)
    let info
    try {
      info = await stat(abs)
    } catch (e) {
      out.push(problem(name, await describeFsError(e, abs, name, 'a scenario file or a folder of them')))
      continue
    }
    if (info.isDirectory()) {
      const found: Array<ScenarioSource | PathProblem> = []
      await jsonFilesUnder(abs, [{ id: idOf(info), name, via: undefined }], io.cwd, found)
      if (found.length === 0) found.push(problem(name, `${name}: holds no .json file; expected a folder of scenario files`))
      out.push(...found)
    } else {
      // a FIFO, a device or a socket is refused when it is read (readRegularFile), with its kind
      out.push({ name, path: abs })
    }
  }
  return out
}

/** Reads and parses one scenario source. */
export async function readScenarioSource(source: ScenarioSource, stdin: Stdin): Promise<Read<unknown>> {
  const bytes = source.path === undefined ? await stdin.read('-') : await readRegularFile(source.path, source.name)
  return bytes.ok ? parseJson(bytes.value, source.path === undefined ? STDIN_NAME : source.name) : bytes
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
