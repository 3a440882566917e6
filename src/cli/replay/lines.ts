/**
 * Streaming NDJSON: line batches from a file in constant memory, and a buffered writer that
 * respects back-pressure. Node-only.
 *
 * @internal
 */
import { isAscii, isUtf8 } from 'node:buffer'
import { createReadStream, createWriteStream, type WriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { once } from 'node:events'
import { firstInvalidUtf8 } from '../../internal/json.js'

/** A batch of consecutive lines of a file, the first being line `first` (1-based). */
export interface LineBatch {
  readonly lines: string[]
  readonly first: number
  /** Bytes of the file read so far (for progress). */
  readonly bytesRead: number
}

/**
 * Reads a file as lines, in batches (one per chunk read), never holding more than a chunk and
 * the line it cuts. Line ends are `\n` or `\r\n`; a final line without an end counts as a line; a
 * byte order mark at the start of the file is dropped.
 */
export async function* readLineBatches(path: string, chunkBytes = 1 << 20): AsyncGenerator<LineBatch> {
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: chunkBytes })
  let rest = ''
  let next = 1
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest.length === 0 ? chunk : rest + chunk
    const lines: string[] = []
    let start = 0
    for (;;) {
      const end = text.indexOf('\n', start)
      if (end < 0) break
      lines.push(text.charCodeAt(end - 1) === 13 && end > start ? text.slice(start, end - 1) : text.slice(start, end))
      start = end + 1
    }
    rest = start === 0 ? text : text.slice(start)
    if (lines.length > 0) {
      if (next === 1) lines[0] = dropBom(lines[0] as string)
      yield { lines, first: next, bytesRead: stream.bytesRead }
      next += lines.length
    }
  }
  if (rest.length > 0) {
    const last = rest.endsWith('\r') ? rest.slice(0, -1) : rest
    yield { lines: [next === 1 ? dropBom(last) : last], first: next, bytesRead: stream.bytesRead }
  }
}

/** A byte order mark at the start of a file is dropped, as every command does. */
const dropBom = (line: string): string => (line.charCodeAt(0) === 0xfeff ? line.slice(1) : line)
const hasBom = (buf: Buffer, at: number): boolean => buf[at] === 0xef && buf[at + 1] === 0xbb && buf[at + 2] === 0xbf

/** A failure to prepare or write a replay's output, with a message naming the file. */
export class OutputError extends Error {}

const REASONS: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  ENOENT: 'no such file or folder',
  EEXIST: 'it already exists',
  EIO: 'input/output error'
}

/** "cannot ACTION PATH: why (CODE)", for a failed file operation. */
export function writeFailure(action: string, path: string, e: unknown): OutputError {
  if (e instanceof OutputError) return e
  const code = (e as NodeJS.ErrnoException | undefined)?.code
  const why = (code === undefined ? undefined : REASONS[code]) ?? (e instanceof Error ? e.message : String(e))
  return new OutputError(`cannot ${action} ${path}: ${why}${code === undefined ? '' : ` (${code})`}`)
}

/**
 * Buffers text and writes it in large pieces to a new file, waiting when the stream asks it to.
 * A failure (a full disk, …) is kept and thrown, naming the file, by the next `flush` or `close`.
 */
export class LineWriter {
  private readonly stream: WriteStream
  private parts: string[] = []
  private size = 0
  private failure: OutputError | undefined
  private readonly ready: Promise<void>
  private readonly name: string
  private readonly flushAt: number

  constructor(
    private readonly path: string,
    private readonly options: {
      /** The file as messages name it (default: `path`). */
      readonly name?: string
      /** Create the file, failing if it exists (default: create or truncate). */
      readonly exclusive?: boolean
      /** Sync the file to the disk when it is closed. */
      readonly sync?: boolean
      readonly flushAt?: number
    } = {}
  ) {
    this.name = options.name ?? path
    this.flushAt = options.flushAt ?? 1 << 20
    this.stream = createWriteStream(path, { encoding: 'utf8', flags: options.exclusive === true ? 'wx' : 'w' })
    this.ready = new Promise((resolve) => {
      this.stream.once('ready', resolve)
      this.stream.once('error', () => resolve())
    })
    this.stream.on('error', (e) => {
      this.failure ??= writeFailure('write', this.name, e)
    })
  }

  /** Resolves once the file is created; throws when it cannot be. */
  async opened(): Promise<void> {
    await this.ready
    if (this.failure !== undefined) throw this.failure
  }

  /**
   * Adds text (with its own newlines); returns a promise (to await before adding more) only when
   * the buffer was flushed.
   */
  write(text: string): Promise<void> | undefined {
    this.parts.push(text)
    this.size += text.length
    return this.size >= this.flushAt ? this.flush() : undefined
  }

  async flush(): Promise<void> {
    if (this.failure !== undefined) throw this.failure
    if (this.parts.length === 0) return
    const text = this.parts.join('')
    this.parts = []
    this.size = 0
    if (!this.stream.write(text)) {
      try {
        await once(this.stream, 'drain')
      } catch (e) {
        this.failure ??= writeFailure('write', this.name, e)
      }
    }
    if (this.failure !== undefined) throw this.failure
  }

  /** Writes what is buffered, closes the file and (option `sync`) syncs it to the disk. */
  async close(): Promise<void> {
    await this.flush()
    this.stream.end()
    try {
      await once(this.stream, 'close')
    } catch (e) {
      this.failure ??= writeFailure('write', this.name, e)
    }
    if (this.failure !== undefined) throw this.failure
    if (this.options.sync !== true) return
    try {
      const handle = await open(this.path, 'r')
      try {
        await handle.sync()
      } finally {
        await handle.close()
      }
    } catch (e) {
      throw writeFailure('write', this.name, e)
    }
  }

  /** Stops writing, dropping what is buffered. */
  destroy(): void {
    this.parts = []
    this.stream.destroy()
  }
}

/** A batch of consecutive lines as bytes: line k spans `buf[starts[k]]` to `buf[ends[k]]` (exclusive, without the line end). */
export interface ByteLineBatch {
  readonly buf: Buffer
  readonly starts: Int32Array
  readonly ends: Int32Array
  readonly count: number
  readonly first: number
  readonly bytesRead: number
}

/**
 * Reads a file as lines of bytes, without decoding them: for readers that decode only the lines
 * they keep. Splitting UTF-8 at "\n" bytes is safe (0x0A never occurs inside a multi-byte
 * character).
 */
export async function* readByteLineBatches(path: string, chunkBytes = 1 << 20): AsyncGenerator<ByteLineBatch> {
  const stream = createReadStream(path, { highWaterMark: chunkBytes })
  let rest: Buffer | undefined
  let next = 1
  let bytesRead = 0
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    bytesRead += chunk.length
    const buf = rest === undefined ? chunk : Buffer.concat([rest, chunk])
    let count = 0
    for (let at = buf.indexOf(10); at >= 0; at = buf.indexOf(10, at + 1)) count++
    const starts = new Int32Array(count)
    const ends = new Int32Array(count)
    let start = 0
    for (let k = 0; k < count; k++) {
      const end = buf.indexOf(10, start)
      starts[k] = start
      ends[k] = end > start && buf[end - 1] === 13 ? end - 1 : end
      start = end + 1
    }
    rest = start < buf.length ? buf.subarray(start) : undefined
    if (count > 0 && next === 1 && (ends[0] as number) >= 3 && hasBom(buf, 0)) starts[0] = 3
    if (count > 0) {
      yield { buf, starts, ends, count, first: next, bytesRead }
      next += count
    }
  }
  if (rest !== undefined && rest.length > 0) {
    const end = rest[rest.length - 1] === 13 ? rest.length - 1 : rest.length
    const start = next === 1 && end >= 3 && hasBom(rest, 0) ? 3 : 0
    yield { buf: rest, starts: Int32Array.of(start), ends: Int32Array.of(end), count: 1, first: next, bytesRead }
  }
}

/** A line whose bytes are not UTF-8, and why. */
export class NotUtf8 {
  constructor(readonly reason: string) {}
}

/**
 * Decodes line k of a batch. An all-ASCII chunk (the usual case) is decoded once and its lines
 * sliced from it; otherwise each line is checked and decoded as UTF-8 on its own, and a line that
 * is not UTF-8 gives a {@link NotUtf8} (never U+FFFD in place of its bytes: two different byte
 * strings must not read as the same text).
 */
export function lineReader(b: ByteLineBatch): (k: number) => string | NotUtf8 {
  if (isAscii(b.buf)) {
    const text = b.buf.toString('latin1')
    return (k) => text.slice(b.starts[k], b.ends[k])
  }
  return (k) => {
    const bytes = b.buf.subarray(b.starts[k], b.ends[k])
    if (isUtf8(bytes)) return bytes.toString('utf8')
    const { offset, cut } = firstInvalidUtf8(bytes)
    const at = `byte ${offset + 1} of the line (0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')})`
    return new NotUtf8(
      cut ? `${at} starts a character the line ends inside; expected UTF-8 text` : `${at} is not UTF-8 here; expected UTF-8 text`
    )
  }
}
