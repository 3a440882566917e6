/**
 * `process --device F --response F --cpl F [--edition E]`: prints what a response does to the
 * device, as JSON `{ device, alerts, rules, edition, reason, citations }`.
 *
 * @internal
 */
import type { Command } from 'commander'
import type { Cpl } from '../../Cpl.js'
import type { Device } from '../../Device.js'
import { processResponse } from '../../processResponse.js'
import type { ServiceResponse } from '../../ServiceResponse.js'
import { citationsOf, editionOption, inputErrorMessages, invalid, json } from '../common.js'
import { readJsonInput, Stdin } from '../files.js'
import { EXIT, type CommandContext } from '../io.js'

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('process')
    .summary('process an SR11.2 or SR11.3 response for a device against the CPL (rules R1-R7)')
    .description(
      'Processes an SR11.2 or SR11.3 response for a device against the CPL, by the response rules R1-R7, and prints ' +
        '{ device, alerts, rules, edition, reason, citations } as JSON: the new device record, the alerts to emit, and why ' +
        '(citations quote the sources of the rules that decided). Exit 0 with a decision, ' +
        '2 when an input is invalid.'
    )
    .requiredOption('--device <file>', 'the device record (JSON; "-" reads standard input)')
    .requiredOption('--response <file>', 'the response (JSON; "-" reads standard input)')
    .requiredOption('--cpl <file>', 'the CPL, an array of entries (JSON; "-" reads standard input)')
    .addOption(editionOption('the edition whose rules decide (default: SECMP0105)'))
    .action(async (opts: { device: string; response: string; cpl: string; edition?: 'baseline' | 'SECMP0105' }) => {
      const stdin = new Stdin(ctx.io)
      const device = await readJsonInput(opts.device, '--device', ctx.io, stdin)
      const response = await readJsonInput(opts.response, '--response', ctx.io, stdin)
      const cpl = await readJsonInput(opts.cpl, '--cpl', ctx.io, stdin)
      if (!device.ok || !response.ok || !cpl.ok) {
        return invalid(
          ctx,
          [device, response, cpl].flatMap((r) => (r.ok ? [] : r.messages))
        )
      }
      const r = processResponse(
        response.value.json as ServiceResponse,
        device.value.json as Device,
        cpl.value.json as Cpl,
        opts.edition === undefined ? {} : { edition: opts.edition }
      )
      if (r._tag === 'Left') {
        return invalid(ctx, inputErrorMessages(r.left, { device: device.value.name, response: response.value.name, cpl: cpl.value.name }))
      }
      const { device: next, alerts, rules, edition, reason } = r.right
      ctx.io.stdout(json({ device: next, alerts, rules, edition, reason, citations: citationsOf(rules) }))
      ctx.setExitCode(EXIT.ok)
    })
}
