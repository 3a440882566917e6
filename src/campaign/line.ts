/**
 * Reading one NDJSON line of a campaign strictly: `JSON.parse`, then refusing what `JSON.parse`
 * accepts but a replay must not: a key given twice in one object (readers disagree on which value
 * counts: a line could be routed by one `deviceId` and applied to another), and nesting deeper
 * than {@link MAX_LINE_DEPTH} levels (which would overflow the stack of whatever walks it later).
 * Pure: no Node module, no I/O.
 *
 * The check is cheap for the usual line: every key in the text is followed by a colon (and a
 * colon can otherwise occur only inside a string), while the parsed value holds one key per
 * distinct key of each object; so a line whose colons number the keys of its parsed value has no
 * repeated key. Only a line that fails that count (a colon inside a string, or a repeated key) is
 * scanned key by key.
 *
 * @internal
 */

/** The deepest nesting of objects and arrays a line may have (the line's own object is level 1). */
export const MAX_LINE_DEPTH = 64

/** Why a line could not be read. */
export class LineError {
  constructor(readonly reason: string) {}
}

/** At most 100 characters of a text, for a message. */
function clip(s: string): string {
  return s.length <= 100 ? s : `${s.slice(0, 100)}… (${s.length} characters)`
}

/**
 * Parses a line: its value, or a {@link LineError} saying why it is not one JSON value with each
 * key once and at most {@link MAX_LINE_DEPTH} levels of nesting.
 */
export function parseLine(text: string): unknown {
  let u: unknown
  try {
    u = JSON.parse(text)
  } catch (e) {
    if (text.charCodeAt(0) === 0xfeff)
      return new LineError('starts with a byte order mark (U+FEFF); expected one JSON object per line, in UTF-8 without a byte order mark')
    return new LineError(`not valid JSON (${e instanceof Error ? e.message : String(e)}); expected one JSON object per line`)
  }
  if (typeof u !== 'object' || u === null) return u
  const keys = countKeys(u, 1)
  if (keys < 0)
    return new LineError(`is nested deeper than ${MAX_LINE_DEPTH} levels; expected at most ${MAX_LINE_DEPTH} levels of objects and arrays`)
  if (countColons(text) === keys) return u
  const repeated = repeatedKey(text)
  return repeated === undefined ? u : new LineError(`${repeated}: is given more than once in its object; expected each key once`)
}

/** The keys of the objects in a parsed value, or -1 when it is nested deeper than MAX_LINE_DEPTH. */
function countKeys(v: object, depth: number): number {
  if (depth > MAX_LINE_DEPTH) return -1
  let n = 0
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i]
      if (typeof x === 'object' && x !== null) {
        const m = countKeys(x, depth + 1)
        if (m < 0) return -1
        n += m
      }
    }
    return n
  }
  const o = v as Record<string, unknown>
  for (const k in o) {
    n++
    const x = o[k]
    if (typeof x === 'object' && x !== null) {
      const m = countKeys(x, depth + 1)
      if (m < 0) return -1
      n += m
    }
  }
  return n
}

function countColons(text: string): number {
  let n = 0
  for (let i = text.indexOf(':'); i >= 0; i = text.indexOf(':', i + 1)) n++
  return n
}

interface Frame {
  /** The keys met so far (an object), or undefined (an array). */
  readonly keys: Set<string> | undefined
  readonly path: string
  /** The path of the value being read: the last key's, or the current element's. */
  at: string
  index: number
}

/**
 * The path of the first key given twice in one object of a valid JSON text, or undefined. Keys
 * compare as JSON reads them (`"a"` and `"\u0061"` are the same key).
 */
function repeatedKey(text: string): string | undefined {
  const frames: Frame[] = []
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c === 34) {
      let end = i + 1
      for (;;) {
        const q = text.indexOf('"', end)
        let slashes = 0
        while (text.charCodeAt(q - 1 - slashes) === 92) slashes++
        end = q + 1
        if (slashes % 2 === 0) break
      }
      let next = end
      while (next < text.length && text.charCodeAt(next) <= 32) next++
      const top = frames[frames.length - 1]
      if (text.charCodeAt(next) === 58 && top?.keys !== undefined) {
        const key = JSON.parse(text.slice(i, end)) as string
        const path = top.path === '' ? clip(key) : `${top.path}.${clip(key)}`
        if (top.keys.has(key)) return path
        top.keys.add(key)
        top.at = path
      }
      i = end - 1
    } else if (c === 123 || c === 91) {
      const top = frames[frames.length - 1]
      const path = top === undefined ? '' : top.keys === undefined ? `${top.path}[${top.index}]` : top.at
      frames.push({ keys: c === 123 ? new Set() : undefined, path, at: path, index: 0 })
    } else if (c === 125 || c === 93) frames.pop()
    else if (c === 44) {
      const top = frames[frames.length - 1]
      if (top !== undefined && top.keys === undefined) top.index++
    }
  }
  return undefined
}
