import { EventEmitter } from 'node:events'
import { describe, expect, it } from 'vitest'
import { outputStream, type WritableLike } from '../../src/cli/output.js'

/** A stream that fails every write with `code`, the way Node reports it: an 'error' event on a later tick. */
function failingStream(code: string): WritableLike & { written: string[] } {
  const events = new EventEmitter()
  const written: string[] = []
  return {
    written,
    on: (event, listener) => events.on(event, listener),
    write(text, callback) {
      written.push(text)
      const error = Object.assign(new Error(`${code}: it failed, write`), { code })
      setImmediate(() => {
        callback?.(error)
        events.emit('error', error)
      })
      return false
    }
  }
}

describe('the output streams of the executable', () => {
  it('stop quietly when the reader has gone away (EPIPE): no failure, nothing more written', async () => {
    const stream = failingStream('EPIPE')
    const out = outputStream(stream, 'standard output')
    out.write('first\n')
    await out.drained()
    out.write('second\n')
    expect(stream.written).toEqual(['first\n', ''])
    expect(out.failure()).toBeUndefined()
  })

  it('remember any other failure (a full disk), naming the stream', async () => {
    const out = outputStream(failingStream('ENOSPC'), 'standard output')
    out.write('report\n')
    await out.drained()
    expect(out.failure()).toBe('standard output could not be written (ENOSPC: it failed, write); the output is incomplete')
  })
})
