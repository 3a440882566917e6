/**
 * `authorise --device F --request F [--edition E]`: prints the authorisation decision as JSON.
 *
 * @internal
 */
import type { Command } from 'commander'
import { authoriseRequest } from '../../authoriseRequest.js'
import type { Device } from '../../Device.js'
import type { ServiceRequest } from '../../ServiceRequest.js'
import { citationsOf, editionOption, inputErrorMessages, invalid, json } from '../common.js'
import { readJsonInput, Stdin } from '../files.js'
import { EXIT, type CommandContext } from '../io.js'

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('authorise')
    .summary('decide whether a service request may be sent to a device (rules A1-A7)')
    .description(
      'Decides whether a service request may be sent to a device, by the authorisation rules A1-A7, and prints the decision as JSON: ' +
        '{ outcome, responseCode (when Rejected), edition, rules, reason, citations }, where citations quote the sources ' +
        '(PIA section, DUIS, or a documented assumption) of the rules that decided. Exit 0 with a decision, 2 when an input is invalid.'
    )
    .requiredOption('--device <file>', 'the device record (JSON; "-" reads standard input)')
    .requiredOption('--request <file>', 'the service request (JSON; "-" reads standard input)')
    .addOption(editionOption('the edition whose rules decide (default: SECMP0105)'))
    .action(async (opts: { device: string; request: string; edition?: 'baseline' | 'SECMP0105' }) => {
      const stdin = new Stdin(ctx.io)
      const device = await readJsonInput(opts.device, '--device', ctx.io, stdin)
      const request = await readJsonInput(opts.request, '--request', ctx.io, stdin)
      if (!device.ok || !request.ok) return invalid(ctx, [...(device.ok ? [] : device.messages), ...(request.ok ? [] : request.messages)])
      const r = authoriseRequest(
        request.value.json as ServiceRequest,
        device.value.json as Device,
        opts.edition === undefined ? {} : { edition: opts.edition }
      )
      if (r._tag === 'Left') return invalid(ctx, inputErrorMessages(r.left, { device: device.value.name, request: request.value.name }))
      ctx.io.stdout(json({ ...r.right, citations: citationsOf(r.right.rules) }))
      ctx.setExitCode(EXIT.ok)
    })
}
