/**
 * The `suspended-device-rules` executable: connects `main` to the process.
 *
 * @internal
 */
import { createInterface } from 'node:readline'
import { main } from './main.js'
import type { CliIO } from './io.js'
import { outputStream } from './output.js'

async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin) {
    const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer)
    chunks.push(b)
    total += b.length
    if (total > maxBytes) break // leaving the loop stops reading: the input is refused as too large
  }
  return Buffer.concat(chunks)
}

const stdout = outputStream(process.stdout, 'standard output')
const stderr = outputStream(process.stderr, 'standard error')

const io: CliIO = {
  stdout: stdout.write,
  stderr: stderr.write,
  readStdin,
  stdinLines: () => createInterface({ input: process.stdin, crlfDelay: Infinity }),
  cwd: process.cwd(),
  stderrIsTTY: process.stderr.isTTY === true
}

const code = await main(process.argv.slice(2), io)
// output that could not be written (other than to a reader that has gone away) is a failure too
await stdout.drained()
const lost = stdout.failure()
if (lost !== undefined) stderr.write(`suspended-device-rules: ${lost}\n`)
process.exitCode = lost !== undefined && code === 0 ? 2 : code
