import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { main } from '../../src/cli/main.js'
import type { CliIO } from '../../src/cli/io.js'

export interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in-process in `cwd`, with `stdin` as standard input (a string is encoded as UTF-8). */
export async function cli(argv: string[], options: { cwd?: string; stdin?: string | Uint8Array } = {}): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const io: CliIO = {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    readStdin: async () =>
      typeof options.stdin === 'string' ? new TextEncoder().encode(options.stdin) : (options.stdin ?? new Uint8Array()),
    cwd: options.cwd ?? process.cwd(),
    stderrIsTTY: false
  }
  const code = await main(argv, io)
  return { code, stdout, stderr }
}

/** A fresh temporary folder holding the given files (values are JSON-encoded unless strings). */
export function folder(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), 'sdr-cli-'))
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content))
  return dir
}
