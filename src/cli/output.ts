/**
 * Standard output and standard error as the executable writes them: a reader that goes away
 * (`verify | head -1`) ends the output quietly instead of raising an unhandled `EPIPE` with a
 * stack trace, and any other failure to write (a full disk behind `> report.txt`) is remembered
 * and reported once, naming the stream, so that it cannot pass for success.
 *
 * @internal
 */

/** The part of a Node writable stream this needs. */
export interface WritableLike {
  write(text: string, callback?: (error?: Error | null) => void): boolean
  on(event: 'error', listener: (error: Error) => void): unknown
}

export interface OutputStream {
  /** Writes `text`, or nothing once the stream has failed or its reader has gone. */
  readonly write: (text: string) => void
  /** Resolves once everything written so far has been handed over (or has failed). */
  readonly drained: () => Promise<void>
  /** Why output was lost, other than to a reader that went away; `undefined` when none was. */
  readonly failure: () => string | undefined
}

export function outputStream(stream: WritableLike, name: string): OutputStream {
  let closed = false
  let failure: string | undefined
  const onError = (e: Error): void => {
    closed = true
    const code = (e as NodeJS.ErrnoException).code
    // EPIPE: the reader closed its end; what it did not read, it did not want
    if (code !== 'EPIPE' && failure === undefined) failure = `${name} could not be written (${e.message}); the output is incomplete`
  }
  stream.on('error', onError)
  return {
    write: (text) => {
      if (closed) return
      stream.write(text)
    },
    drained: () =>
      new Promise((resolve) => {
        if (closed) return resolve()
        // the callback runs once what was written before is flushed, or with the error; the
        // stream's own 'error' event follows on a later tick, so wait for that too
        stream.write('', () => setImmediate(resolve))
      }),
    failure: () => failure
  }
}
