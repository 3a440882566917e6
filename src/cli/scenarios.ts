/**
 * Loading scenario files for `verify` and `diff`: the given files and folders, or the bundled
 * specification.
 *
 * @internal
 */
import { decodeScenarioFile, type ScenarioFile } from '../scenario/format.js'
import { bundledSpecDir, readScenarioSource, scenarioSources, Stdin, type Read } from './files.js'
import type { CliIO } from './io.js'

/** One scenario file, in the order given: decoded, or why it is invalid. */
export type LoadedFile =
  | { readonly file: string; readonly valid: true; readonly content: ScenarioFile }
  | { readonly file: string; readonly valid: false; readonly messages: readonly string[] }

/**
 * Reads the scenario files named by `paths` (default: the bundled specification). A path that
 * does not exist is a `Read` failure (nothing is run); a file that is not valid JSON or not a
 * valid scenario file is listed as invalid, and the others still load.
 */
export async function loadScenarioFiles(paths: readonly string[], io: CliIO): Promise<Read<readonly LoadedFile[]>> {
  const sources = await scenarioSources(paths.length > 0 ? paths : [bundledSpecDir()], io)
  if (!sources.ok) return sources
  const stdin = new Stdin(io)
  const files: LoadedFile[] = []
  for (const source of sources.value) {
    const json = await readScenarioSource(source, stdin)
    if (!json.ok) {
      files.push({ file: source.name, valid: false, messages: json.messages })
      continue
    }
    const decoded = decodeScenarioFile(json.value, source.name)
    files.push(
      decoded._tag === 'Right'
        ? { file: source.name, valid: true, content: decoded.right }
        : { file: source.name, valid: false, messages: decoded.left.message.split('\n') }
    )
  }
  return { ok: true, value: files }
}
