/**
 * What a replay's summary.json is a summary of: the input files (path, size, SHA-256), the library
 * that replayed them, and the generated campaign they came from when that is known (its seed). Node-only.
 *
 * `generate` writes `campaign.json` beside the campaign's files: its options (the seed) and the size
 * and SHA-256 of each file it wrote. `replay` reports the seed only when the campaign.json beside
 * its `--events` describes exactly the files it replayed (the same hashes): a campaign.json left beside
 * edited or other files is ignored, not believed.
 *
 * @internal
 */
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import pkg from '../../../package.json' with { type: 'json' }

/** One input file as replayed. */
export interface InputFile {
  readonly path: string
  readonly bytes: number
  readonly sha256: string
}

/** The library, as summary.json names it. */
export const LIBRARY = { name: pkg.name, version: pkg.version } as const

/** Size and SHA-256 of a file, read as a stream. */
export async function describeFile(path: string): Promise<InputFile> {
  const hash = createHash('sha256')
  let bytes = 0
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    bytes += (chunk as Buffer).length
    hash.update(chunk as Buffer)
  }
  return { path, bytes, sha256: hash.digest('hex') }
}

/** What `generate` writes to DIR/campaign.json. */
export interface CampaignManifest {
  readonly generatedBy: { readonly name: string; readonly version: string }
  readonly options: {
    readonly devices: number
    readonly seed: number
    readonly cplSize: number
    readonly removalShare: number
    readonly malformedLines: number
  }
  readonly files: Readonly<
    Record<'inventory' | 'cpl' | 'events', { readonly file: string; readonly bytes: number; readonly sha256: string }>
  >
}

/** The manifest of a campaign generated into `dir`, whose files are written. */
export async function campaignManifest(dir: string, options: CampaignManifest['options']): Promise<CampaignManifest> {
  const files = {} as Record<'inventory' | 'cpl' | 'events', { file: string; bytes: number; sha256: string }>
  for (const [key, file] of [
    ['inventory', 'inventory.ndjson'],
    ['cpl', 'cpl.json'],
    ['events', 'events.ndjson']
  ] as const) {
    const d = await describeFile(join(dir, file))
    files[key] = { file, bytes: d.bytes, sha256: d.sha256 }
  }
  return { generatedBy: LIBRARY, options, files }
}

/** The generated campaign that the replayed files are, as summary.json gives it. */
export interface CampaignOrigin {
  readonly manifest: string
  readonly generatedBy: { readonly name: string; readonly version: string }
  readonly seed: number
  readonly devices: number
  readonly malformedLines: number
}

/**
 * The campaign the inputs were generated as, when the campaign.json beside the events file
 * describes exactly these files (same SHA-256 for each one replayed); undefined otherwise.
 */
export async function campaignOrigin(inputs: Readonly<Record<string, InputFile>>, eventsPath: string): Promise<CampaignOrigin | undefined> {
  const manifest = join(dirname(eventsPath), 'campaign.json')
  let m: CampaignManifest
  try {
    m = JSON.parse(await readFile(manifest, 'utf8')) as CampaignManifest
  } catch {
    return undefined
  }
  if (typeof m !== 'object' || m === null || typeof m.files !== 'object' || m.files === null) return undefined
  for (const [key, input] of Object.entries(inputs)) {
    const described = (m.files as Record<string, { sha256?: unknown } | undefined>)[key]
    if (described?.sha256 !== input.sha256) return undefined
  }
  const o = m.options
  if (typeof o?.seed !== 'number') return undefined
  return { manifest, generatedBy: m.generatedBy, seed: o.seed, devices: o.devices, malformedLines: o.malformedLines }
}
