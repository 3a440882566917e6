/**
 * `table [--edition E]`: prints the decision tables as Markdown.
 *
 * @internal
 */
import type { Command } from 'commander'
import { editionOption } from '../common.js'
import { EXIT, type CommandContext } from '../io.js'
import { renderDecisionTables } from '../tables.js'

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('table')
    .summary('print the decision tables as Markdown')
    .description(
      'Prints the decision tables (authorisation A1-A7, response processing R1-R7, CPL removal S1-S2) as Markdown, ' +
        'rendered from the same rule data the library evaluates. Without --edition, one effect column per edition.'
    )
    .addOption(editionOption('only the rules and effects of this edition'))
    .action((opts: { edition?: 'baseline' | 'SECMP0105' }) => {
      ctx.io.stdout(renderDecisionTables(opts.edition))
      ctx.setExitCode(EXIT.ok)
    })
}
