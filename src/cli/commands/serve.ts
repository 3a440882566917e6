/**
 * `serve`: this library, speaking the conformance protocol (docs/specification.md §6) on standard
 * input and output, one JSON object per line, until `stop` or the end of its input.
 *
 * @internal
 */
import type { Command } from 'commander'
import pkg from '../../../package.json' with { type: 'json' }
import { serveLine, type ServeIdentity } from '../../conformance/serve.js'
import { EXIT, type CommandContext } from '../io.js'

export function register(program: Command, ctx: CommandContext): void {
  program
    .command('serve')
    .summary('this library, speaking the conformance protocol on standard input and output')
    .description(
      'Answers the conformance protocol (docs/specification.md §6) with this library: one JSON message per line on ' +
        'standard input, one JSON answer per line on standard output, until {"cmd":"stop"} or the end of the input. ' +
        '`verify --implementation "suspended-device-rules serve"` checks the library through the protocol; a harness in ' +
        'any language can use it as its oracle.'
    )
    .action(async () => ctx.setExitCode(await serve(ctx)))
}

async function serve(ctx: CommandContext): Promise<number> {
  const identity: ServeIdentity = { name: pkg.name, version: pkg.version }
  const lines = ctx.io.stdinLines?.() ?? linesOf(new TextDecoder().decode(await ctx.io.readStdin(Number.MAX_SAFE_INTEGER)))
  for await (const line of lines) {
    const r = serveLine(line, identity)
    if (r.answer !== undefined) ctx.io.stdout(`${r.answer}\n`)
    if (r.stop === true) break
  }
  return EXIT.ok
}

function* linesOf(text: string): Iterable<string> {
  yield* text.split('\n')
}
