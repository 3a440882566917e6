/**
 * Loading scenario files for `verify` and `diff`: the given files and folders, or the bundled
 * specification.
 *
 * @internal
 */
import { decodeScenarioFile, type ScenarioFile } from '../scenario/format.js'
import { bundledSpecDir, readScenarioSource, scenarioSources, Stdin } from './files.js'
import type { CliIO } from './io.js'

/** One scenario file, in the order given: decoded, or why it is invalid. */
export type LoadedFile =
  | { readonly file: string; readonly valid: true; readonly content: ScenarioFile }
  | { readonly file: string; readonly valid: false; readonly messages: readonly string[] }

/**
 * Reads the scenario files named by `paths` (default: the bundled specification), in order. A
 * path that cannot be read (missing, a link loop, a folder without `.json` files), a file that
 * is not valid JSON and one that is not a valid scenario file are each listed as invalid, and
 * the others still load.
 */
export async function loadScenarioFiles(paths: readonly string[], io: CliIO): Promise<readonly LoadedFile[]> {
  const sources = await scenarioSources(paths.length > 0 ? paths : [bundledSpecDir()], io)
  const stdin = new Stdin(io)
  const files: LoadedFile[] = []
  for (const source of sources) {
    if ('problem' in source) {
      files.push({ file: source.name, valid: false, messages: [source.problem] })
      continue
    }
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
  return files
}
