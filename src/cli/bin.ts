/**
 * The `suspended-device-rules` executable: connects `main` to the process.
 *
 * @internal
 */
import { createInterface } from 'node:readline'
import { main } from './main.js'
import type { CliIO } from './io.js'

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer))
  return Buffer.concat(chunks).toString('utf8')
}

const io: CliIO = {
  stdout: (text) => void process.stdout.write(text),
  stderr: (text) => void process.stderr.write(text),
  readStdin,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY === true
}

process.exitCode = await main(process.argv.slice(2), io)
