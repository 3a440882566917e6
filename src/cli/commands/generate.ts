/**
 * `generate --devices N --seed S --out DIR`: writes a synthetic campaign (inventory.ndjson,
 * cpl.json, events.ndjson, and campaign.json: the options and each file's SHA-256) for `replay`,
 * streamed in constant memory.
 *
 * @internal
 */
import type { Command } from 'commander'
import { mkdir, stat, writeFile } from 'node:fs/promises'
import { campaignManifest } from '../replay/provenance.js'
import { resolve, join } from 'node:path'
import { generateCampaign, MALFORMED_KINDS } from '../../campaign/generate.js'
import { describeWriteError, displayName } from '../files.js'
import { EXIT, type CommandContext } from '../io.js'
import { LineWriter } from '../replay/lines.js'

interface GenerateOptions {
  devices: string
  seed: string
  out: string
  cplSize?: string
  removalShare?: string
  malformed?: string
}

const integer = (s: string): number | undefined => (/^\d+$/.test(s.trim()) ? Number(s) : undefined)
const signedInteger = (s: string): number | undefined => (/^-?\d+$/.test(s.trim()) ? Number(s) : undefined)

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('generate')
    .summary('write a synthetic campaign (inventory, CPL, events) for replay')
    .description(
      'Writes a realistic synthetic campaign to DIR: inventory.ndjson (one device per line: mixed types, generations and statuses), ' +
        'cpl.json, and events.ndjson in time order: everyday traffic, a CPL removal suspending a share of the fleet, SR11.1/SR11.3 ' +
        'firmware traffic with lost responses, an automated second SR11.3, SR11.2 reads of the suspended devices, GPF reads with some ' +
        `mismatches, and a few malformed lines (${MALFORMED_KINDS.join('; ')}). The same seed always gives the same files. ` +
        'DIR/campaign.json records the options (the seed) and the size and SHA-256 of each file; replay quotes the seed in its ' +
        'summary.json when the files it replays are these. ' +
        'Exit 0 when written, 2 on a bad option or an unwritable directory.'
    )
    .requiredOption('--devices <n>', 'number of devices (1 to 2^40)')
    .requiredOption('--seed <s>', 'an integer seed')
    .requiredOption('--out <dir>', 'directory to write to (created if needed)')
    .option('--cpl-size <n>', 'CPL entries, padded with other products (default 5000)')
    .option('--removal-share <x>', 'share of the fleet running the firmware the campaign removes, 0 to 1 (default 0.25)')
    .option('--malformed <n>', 'number of malformed event lines (default 9 + 1 per 50,000 devices)')
    .action(async (opts: GenerateOptions) => {
      const devices = integer(opts.devices)
      const seed = signedInteger(opts.seed)
      const cplSize = opts.cplSize === undefined ? undefined : integer(opts.cplSize)
      const removalShare = opts.removalShare === undefined ? undefined : Number(opts.removalShare)
      const malformed = opts.malformed === undefined ? undefined : integer(opts.malformed)
      const bad: string[] = []
      if (devices === undefined) bad.push(`--devices: expected a positive integer, got ${JSON.stringify(opts.devices)}`)
      if (seed === undefined) bad.push(`--seed: expected an integer, got ${JSON.stringify(opts.seed)}`)
      if (opts.cplSize !== undefined && cplSize === undefined)
        bad.push(`--cpl-size: expected a non-negative integer, got ${JSON.stringify(opts.cplSize)}`)
      if (opts.removalShare !== undefined && !(removalShare !== undefined && removalShare >= 0 && removalShare <= 1))
        bad.push(`--removal-share: expected a number from 0 to 1, got ${JSON.stringify(opts.removalShare)}`)
      if (opts.malformed !== undefined && malformed === undefined)
        bad.push(`--malformed: expected a non-negative integer, got ${JSON.stringify(opts.malformed)}`)
      let campaign
      if (bad.length === 0) {
        try {
          campaign = generateCampaign({
            devices: devices as number,
            seed: seed as number,
            ...(cplSize === undefined ? {} : { cplSize }),
            ...(removalShare === undefined ? {} : { removalShare }),
            ...(malformed === undefined ? {} : { malformedLines: malformed })
          })
        } catch (e) {
          bad.push((e as Error).message)
        }
      }
      if (campaign === undefined) {
        for (const m of bad) ctx.io.stderr(`generate: ${m}\n`)
        ctx.setExitCode(EXIT.invalid)
        return
      }
      const dir = resolve(ctx.io.cwd, opts.out)
      const shown = displayName(dir, ctx.io.cwd)
      const refuse = (message: string): void => {
        ctx.io.stderr(`generate: ${message}\n`)
        ctx.setExitCode(EXIT.invalid)
      }
      const existing = await stat(dir).catch(() => undefined)
      if (existing !== undefined && !existing.isDirectory())
        return refuse(`--out ${shown}: is a file, not a folder; expected a folder to write the campaign to (created if missing)`)
      try {
        await mkdir(dir, { recursive: true })
      } catch (e) {
        return refuse(`--out ${describeWriteError(e, shown, 'a folder the campaign can be written to')}`)
      }
      // each file is written in turn; a failure names the file it happened in
      let file = join(dir, 'cpl.json')
      try {
        await writeFile(file, JSON.stringify(campaign.cpl, null, 1) + '\n')
        file = join(dir, 'inventory.ndjson')
        const inventory = new LineWriter(file)
        let text = ''
        let n = 0
        for (const d of campaign.inventory()) {
          text += JSON.stringify(d) + '\n'
          if (++n % 4096 === 0) {
            await inventory.write(text)
            text = ''
          }
        }
        await inventory.write(text)
        await inventory.close()
        file = join(dir, 'events.ndjson')
        const events = new LineWriter(file)
        let lines = 0
        text = ''
        for (const line of campaign.events()) {
          text += line + '\n'
          if (++lines % 4096 === 0) {
            await events.write(text)
            text = ''
          }
        }
        await events.write(text)
        await events.close()
        // what the files are (the seed, each file's size and SHA-256): replay's summary.json quotes it
        file = join(dir, 'campaign.json')
        await writeFile(file, JSON.stringify(await campaignManifest(dir, campaign.options), null, 2) + '\n')
        ctx.io.stdout(
          `wrote ${n.toLocaleString('en-GB')} devices, ${campaign.cpl.length.toLocaleString('en-GB')} CPL entries and ` +
            `${lines.toLocaleString('en-GB')} events (${campaign.options.malformedLines} malformed) to ${dir}\n`
        )
        ctx.setExitCode(EXIT.ok)
      } catch (e) {
        refuse(describeWriteError(e, displayName(file, ctx.io.cwd), 'a file the campaign can be written to'))
      }
    })
}
