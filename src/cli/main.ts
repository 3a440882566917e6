/**
 * The command line `suspended-device-rules` (docs/specification.md §5), runnable in-process: `main` takes the
 * arguments and the outside world (`CliIO`) and resolves to the exit code. Nothing here touches
 * `process`; `bin.ts` connects it.
 *
 * @internal
 */
import { Command, CommanderError } from 'commander'
import pkg from '../../package.json' with { type: 'json' }
import * as authorise from './commands/authorise.js'
import * as diff from './commands/diff.js'
import * as generate from './commands/generate.js'
import * as processCommand from './commands/process.js'
import * as replay from './commands/replay.js'
import * as serve from './commands/serve.js'
import * as table from './commands/table.js'
import * as verify from './commands/verify.js'
import { EXIT, type CliIO, type CommandContext } from './io.js'

/** A command module registers one subcommand. */
export type Register = (program: Command, ctx: CommandContext) => void

/** Every subcommand, in the order `--help` lists them. Adding a command is adding its `register` here. */
export const commands: readonly Register[] = [
  verify.register,
  authorise.register,
  processCommand.register,
  table.register,
  diff.register,
  generate.register,
  replay.register,
  serve.register
]

/** The exit code of a bug in this program (never of bad input). */
export const EXIT_INTERNAL = 70

/** Builds the program, with every command registered, writing through `io`. */
export function buildProgram(ctx: CommandContext): Command {
  const program = new Command('suspended-device-rules')
    .description(
      'The executable specification of how the DCC Data Service Provider treats Suspended smart-metering devices ' +
        '(SEC Modification SECMP0105), in both rule editions: baseline and SECMP0105 (the default).'
    )
    .version(pkg.version, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: ctx.io.stdout, writeErr: ctx.io.stderr })
    .showHelpAfterError('(add --help for usage)')
  for (const register of commands) register(program, ctx)
  return program
}

/**
 * Runs the command line with `argv` (the arguments after the program name). Resolves to the exit
 * code: 0 success, 1 some scenario failed, 2 invalid input or usage; never throws.
 */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok
  const ctx: CommandContext = { io, setExitCode: (code) => void (exitCode = code) }
  try {
    await buildProgram(ctx).parseAsync([...argv], { from: 'user' })
    return exitCode
  } catch (e) {
    if (e instanceof CommanderError) {
      // help and version are successes; every other commander error is a usage error
      return e.code === 'commander.helpDisplayed' || e.code === 'commander.version' ? EXIT.ok : EXIT.invalid
    }
    io.stderr(`suspended-device-rules: internal error: ${e instanceof Error ? e.message : String(e)}\n`)
    return EXIT_INTERNAL
  }
}
