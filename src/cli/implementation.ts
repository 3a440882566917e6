/**
 * `verify --implementation "CMD"`: runs the loaded scenario files against another program through
 * the conformance protocol (docs/specification.md §6) and builds the report `verify` prints.
 *
 * @internal
 */
import { isRecord } from '../internal/codec.js'
import { renderValue } from '../InputError.js'
import { startProgram } from '../conformance/program.js'
import { runConformance } from '../conformance/run.js'
import type { Edition } from '../Edition.js'
import { readJsonInput, Stdin, type Read } from './files.js'
import type { CliIO } from './io.js'
import type { FileReport, VerifyReport } from './reporters.js'
import type { LoadedFile } from './scenarios.js'

export interface ImplementationOptions {
  readonly implementation: string
  readonly timeout?: string
  readonly expectedFailures?: string
  readonly edition?: Edition
}

/** `--timeout MS`: a whole number of milliseconds, at least 1. */
export function parseTimeout(text: string | undefined): Read<number | undefined> {
  if (text === undefined) return { ok: true, value: undefined }
  const n = /^[0-9]+$/.test(text) ? Number(text) : NaN
  return Number.isSafeInteger(n) && n >= 1
    ? { ok: true, value: n }
    : { ok: false, messages: [`--timeout: expected a whole number of milliseconds (at least 1), got ${JSON.stringify(text)}`] }
}

/** `--expected-failures F`: `{ "scenario id": "why it is known to fail" }`. */
export async function readExpectedFailures(path: string | undefined, io: CliIO): Promise<Read<Readonly<Record<string, string>>>> {
  if (path === undefined) return { ok: true, value: {} }
  const read = await readJsonInput(path, '--expected-failures', io, new Stdin(io))
  if (!read.ok) return read
  const { name, json } = read.value
  if (!isRecord(json)) {
    return { ok: false, messages: [`${name}: expected an object { "scenario id": "why it is known to fail" }, got ${renderValue(json)}`] }
  }
  const messages = Object.entries(json)
    .filter(([, why]) => typeof why !== 'string')
    .map(([id, why]) => `${name}: ${JSON.stringify(id)}: expected a string (why the scenario is known to fail), got ${renderValue(why)}`)
  return messages.length > 0 ? { ok: false, messages } : { ok: true, value: json as Readonly<Record<string, string>> }
}

/**
 * Starts the implementation, runs every valid file against it, stops it. A program that cannot be
 * started or does not say it is ready is a `Read` failure (exit 2, the message names the command).
 */
export async function runAgainstImplementation(
  loaded: readonly LoadedFile[],
  opts: ImplementationOptions,
  io: CliIO
): Promise<Read<VerifyReport>> {
  const timeout = parseTimeout(opts.timeout)
  if (!timeout.ok) return timeout
  const known = await readExpectedFailures(opts.expectedFailures, io)
  if (!known.ok) return known
  const started = await startProgram(opts.implementation, {
    cwd: io.cwd,
    ...(timeout.value === undefined ? {} : { timeout: timeout.value })
  })
  if (!started.ok) return { ok: false, messages: [`--implementation: ${started.problem}`] }
  const program = started.program
  let notes: readonly string[] = []
  let result
  try {
    const valid = loaded.flatMap((f) => (f.valid ? [{ file: f.file, content: f.content }] : []))
    result = await runConformance(program, valid, {
      editions: program.info.editions,
      rules: program.info.rules,
      expectedFailures: known.value,
      ...(opts.edition === undefined ? {} : { edition: opts.edition })
    })
  } finally {
    notes = await program.stop()
  }
  const ids = new Set(result.files.flatMap((f) => f.scenarios.map((s) => s.id)))
  const unused = Object.keys(known.value).filter((id) => !ids.has(id))
  if (unused.length > 0)
    notes = [...notes, `the expected failures name scenarios that did not run: ${unused.map((id) => JSON.stringify(id)).join(', ')}`]
  const byFile = new Map(result.files.map((f) => [f.file, f]))
  const files: FileReport[] = []
  for (const f of loaded) {
    if (!f.valid) files.push({ file: f.file, valid: false, messages: f.messages })
    else {
      const r = byFile.get(f.file)
      if (r !== undefined) files.push({ file: f.file, valid: true, result: r })
    }
  }
  return {
    ok: true,
    value: {
      implementation: { ...program.info, command: opts.implementation },
      files,
      passed: result.passed,
      failed: result.failed,
      invalid: files.filter((f) => !f.valid).length,
      skipped: result.skipped,
      expectedFailures: result.expectedFailures,
      notes
    }
  }
}
