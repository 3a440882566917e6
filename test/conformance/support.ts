import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { decodeScenarioFile, type ScenarioFile } from '../../src/scenario/index.js'

/** Every scenario file in `dir`, decoded (a file that does not decode throws). */
export function readScenarioFiles(dir: string): Array<{ readonly file: string; readonly content: ScenarioFile }> {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const decoded = decodeScenarioFile(JSON.parse(readFileSync(join(dir, f), 'utf8')), f)
      if (decoded._tag === 'Left') throw new Error(decoded.left.message)
      return { file: f, content: decoded.right }
    })
}
