/**
 * The CLI's connection to the outside world, passed in so that every command can be run and
 * tested in-process: nothing under src/cli/commands touches `process` directly.
 *
 * @internal
 */
export interface CliIO {
  /** Writes to standard output (the text is written as given: add your own newlines). */
  readonly stdout: (text: string) => void
  /** Writes to standard error. */
  readonly stderr: (text: string) => void
  /**
   * Reads standard input (for `-` as a file name) to its end, or until more than `maxBytes` were
   * read: a result longer than `maxBytes` means the input is too large (and the rest is not read).
   */
  readonly readStdin: (maxBytes: number) => Promise<Uint8Array>
  /** Standard input line by line, as it arrives (for `serve`); without it, `serve` reads it whole. */
  readonly stdinLines?: () => AsyncIterable<string>
  /** The directory relative file names are resolved against. */
  readonly cwd: string
  /** True when standard error is a terminal (progress bars go there only then). */
  readonly stderrIsTTY: boolean
}

/** Exit codes shared by every command. */
export const EXIT = { ok: 0, failed: 1, invalid: 2 } as const

/**
 * A command module: registers one subcommand on the program. Its action must resolve to an exit
 * code by calling `setExitCode` (never `process.exit`).
 */
export interface CommandContext {
  readonly io: CliIO
  readonly setExitCode: (code: number) => void
}
