#!/usr/bin/env node
/**
 * Temporary entry running just `generate` and `replay` until they join the main CLI.
 *
 * @internal
 */
import { Command } from 'commander'
import { register as registerGenerate } from './commands/generate.js'
import { register as registerReplay } from './commands/replay.js'
import type { CliIO, CommandContext } from './io.js'

const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin: async () => {
    let s = ''
    for await (const chunk of process.stdin) s += String(chunk)
    return s
  },
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY === true
}
const ctx: CommandContext = { io, setExitCode: (code) => void (process.exitCode = code) }
const program = new Command('suspended-device-rules').exitOverride((e) => {
  process.exitCode = e.exitCode === 0 ? 0 : 2
  throw e
})
registerGenerate(program, ctx)
registerReplay(program, ctx)
await program.parseAsync(process.argv).catch((e: unknown) => {
  if ((e as { code?: string }).code === undefined) throw e
})
