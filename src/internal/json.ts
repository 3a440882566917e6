/**
 * Reading JSON text strictly: the bytes must be UTF-8, an object must not hold the same key twice,
 * and nesting is bounded. `JSON.parse` alone lets the last of two equal keys win (so a scenario
 * whose first `expect` fails can pass), quietly replaces invalid UTF-8 by U+FFFD (so two different
 * byte strings compare equal) and accepts nesting that later overflows the stack of anything that
 * walks the value. Every failure here carries the offset, line and column of the offending text and
 * a sentence saying what was expected there.
 *
 * The scanner is a single loop with an explicit stack (no recursion, so no depth can overflow the
 * call stack) that validates the text and tracks the keys of each open object; once it accepts,
 * the native `JSON.parse` builds the value.
 *
 * Pure: no Node module, no I/O. Used by the command line for every JSON input, and meant for any
 * other reader of JSON text (one line of NDJSON included).
 *
 * @internal
 */
import { clip, joinPath } from '../InputError.js'

/** The deepest nesting of arrays and objects accepted: far beyond any real input, far below what overflows a stack. */
export const MAX_JSON_DEPTH = 512

/** Where and why a text was refused. `line` and `column` count from 1; `column` counts UTF-16 code units. */
export interface JsonTextError {
  readonly offset: number
  readonly line: number
  readonly column: number
  /** What kind of problem: the text is not JSON, an object holds a key twice, or nesting is too deep. */
  readonly kind: 'syntax' | 'duplicate-key' | 'depth'
  /** One sentence: what is wrong there and what was expected. */
  readonly reason: string
}

export type JsonTextResult = { readonly ok: true; readonly value: unknown } | ({ readonly ok: false } & JsonTextError)

/** Line and column (both from 1) of a UTF-16 offset in `text`. */
export function lineColumn(text: string, offset: number): { readonly line: number; readonly column: number } {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: offset - start + 1 }
}

/** How many characters of the line an excerpt shows at most, either side of the caret included. */
export const EXCERPT_WIDTH = 72

/**
 * The line of `text` holding `offset`, cut to at most {@link EXCERPT_WIDTH} characters around it,
 * and a caret under the character at `offset`: two lines for a message, numbered like an editor
 * (`  3 | { "id": "x", }` and `    |              ^`). Tabs and control characters are shown as
 * one space each and characters that cannot be shown (lone surrogates, U+FEFF) as `?`, so that
 * the caret stays under its character; a cut end is marked `…`.
 */
export function excerpt(text: string, offset: number): readonly [string, string] {
  const { line } = lineColumn(text, offset)
  const start = text.lastIndexOf('\n', offset - 1) + 1
  let end = text.indexOf('\n', start)
  if (end === -1) end = text.length
  // code points, so that a character outside the BMP takes one place, as it does on screen
  const chars = [...text.slice(start, end).replace(/\r$/, '')].map((ch) => {
    const c = ch.codePointAt(0) as number
    return c < 0x20 || c === 0x7f ? ' ' : c === 0xfeff || (c >= 0xd800 && c <= 0xdfff) ? '?' : ch
  })
  const at = [...text.slice(start, Math.min(offset, end))].length
  let from = Math.max(0, at - Math.floor(EXCERPT_WIDTH / 2))
  const to = Math.min(chars.length, from + EXCERPT_WIDTH)
  from = Math.max(0, Math.min(from, to - EXCERPT_WIDTH))
  const head = from > 0 ? '…' : ''
  const shown = `${head}${chars.slice(from, to).join('')}${to < chars.length ? '…' : ''}`
  const gutter = String(line)
  return [`  ${gutter} | ${shown}`, `  ${' '.repeat(gutter.length)} | ${' '.repeat(head.length + at - from)}^`]
}

/** What was found at `i`, as a message says it: `unexpected "}"`, or that the text ended. */
function unexpected(text: string, i: number): string {
  if (i >= text.length) return 'the text ends too early'
  const c = text.charCodeAt(i)
  if (c < 0x20 || c === 0x7f || c === 0xfeff || (c >= 0xd800 && c <= 0xdfff))
    return `unexpected character U+${c.toString(16).toUpperCase().padStart(4, '0')}`
  return `unexpected ${JSON.stringify(text[i])}`
}

const ARRAY = 0
const OBJECT = 1

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39
const isHex = (c: number): boolean => (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)

/**
 * Parses JSON text (RFC 8259), refusing what `JSON.parse` lets through: an object holding the same
 * key twice (after unescaping: `"a"` and `"\u0061"` are the same key) and nesting deeper than
 * `maxDepth`. A byte order mark is not JSON: strip it first (see {@link decodeUtf8}). Never throws.
 */
export function parseJsonText(text: string, maxDepth: number = MAX_JSON_DEPTH): JsonTextResult {
  const problem = scan(text, maxDepth)
  if (problem !== undefined) return problem
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (e) {
    // not reached: the scanner accepts only what JSON.parse accepts; kept so that nothing is thrown
    /* c8 ignore next 2 */
    return fault(text, 0, `is not valid JSON (${clip(e instanceof Error ? e.message : String(e))}); expected a JSON document`)
  }
}

function fault(
  text: string,
  offset: number,
  reason: string,
  kind: JsonTextError['kind'] = 'syntax'
): { readonly ok: false } & JsonTextError {
  const { line, column } = lineColumn(text, offset)
  return { ok: false, offset, line, column, kind, reason }
}

/** The path of the value being read, from the scanner's stack, for messages. */
function pathOf(kinds: number[], keys: string[], indexes: number[], depth: number): string {
  let path = ''
  for (let d = 0; d < depth; d++) path = kinds[d] === ARRAY ? joinPath(path, indexes[d] as number) : joinPath(path, keys[d] as string)
  return path
}

const where = (path: string): string => (path === '' ? 'the top level' : path)

/** The validating scanner: `undefined` when `text` is one JSON value with unique keys within `maxDepth`. */
function scan(text: string, maxDepth: number): ({ readonly ok: false } & JsonTextError) | undefined {
  const n = text.length
  const kinds: number[] = []
  const keys: string[] = []
  const indexes: number[] = []
  const seen: Array<Map<string, number> | undefined> = []
  let depth = 0
  let i = 0
  // Stryker disable next-line all: the loop's exits are the returns inside it
  for (;;) {
    // ---- a value is expected at i
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) i++
      else break
    }
    const c = text.charCodeAt(i)
    if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      if (depth >= maxDepth)
        return fault(
          text,
          i,
          `nesting deeper than ${maxDepth} levels at ${clip(where(pathOf(kinds, keys, indexes, depth)), 200)}; expected at most ${maxDepth} nested arrays and objects`,
          'depth'
        )
      kinds[depth] = c === 0x7b ? OBJECT : ARRAY
      indexes[depth] = 0
      seen[depth] = undefined
      depth++
      i++
      while (i < n) {
        const w = text.charCodeAt(i)
        if (w === 0x20 || w === 0x0a || w === 0x0d || w === 0x09) i++
        else break
      }
      if (c === 0x5b) {
        if (text.charCodeAt(i) === 0x5d /* ] */) {
          depth--
          i++
        } else continue // the first element
      } else if (text.charCodeAt(i) === 0x7d /* } */) {
        depth--
        i++
      } else {
        const k = key(text, i, depth, kinds, keys, indexes, seen)
        if (typeof k !== 'number') return k
        i = k
        continue // the first member's value
      }
    } else if (c === 0x22 /* " */) {
      const end = stringEnd(text, i)
      if (typeof end !== 'number') return end
      i = end
    } else if (c === 0x2d /* - */ || isDigit(c)) {
      const end = numberEnd(text, i)
      if (typeof end !== 'number') return end
      i = end
    } else if (c === 0x74 /* t */ && text.startsWith('true', i)) i += 4
    else if (c === 0x66 /* f */ && text.startsWith('false', i)) i += 5
    else if (c === 0x6e /* n */ && text.startsWith('null', i)) i += 4
    else return fault(text, i, `${unexpected(text, i)}; expected a JSON value (an object, array, string, number, true, false or null)`)

    // ---- a value ended at i: what follows it
    for (;;) {
      while (i < n) {
        const w = text.charCodeAt(i)
        if (w === 0x20 || w === 0x0a || w === 0x0d || w === 0x09) i++
        else break
      }
      if (depth === 0) {
        if (i < n) return fault(text, i, `${unexpected(text, i)} after the JSON value; expected the end of the text`)
        return undefined
      }
      const d = text.charCodeAt(i)
      const top = depth - 1
      if (kinds[top] === ARRAY) {
        if (d === 0x2c /* , */) {
          indexes[top] = (indexes[top] as number) + 1
          i++
          break // the next element
        }
        if (d === 0x5d /* ] */) {
          depth--
          i++
          continue
        }
        return fault(text, i, `${unexpected(text, i)} in an array; expected "," or "]"`)
      }
      if (d === 0x2c) {
        i++
        while (i < n) {
          const w = text.charCodeAt(i)
          if (w === 0x20 || w === 0x0a || w === 0x0d || w === 0x09) i++
          else break
        }
        const k = key(text, i, depth, kinds, keys, indexes, seen)
        if (typeof k !== 'number') return k
        i = k
        break // the member's value
      }
      if (d === 0x7d /* } */) {
        depth--
        i++
        continue
      }
      return fault(text, i, `${unexpected(text, i)} in an object; expected "," or "}"`)
    }
  }
}

/**
 * Reads a member's key at `i` (a string), checks it is new in its object, and the colon after it.
 * Returns the offset of the member's value, or the fault.
 */
function key(
  text: string,
  i: number,
  depth: number,
  kinds: number[],
  keys: string[],
  indexes: number[],
  seen: Array<Map<string, number> | undefined>
): number | ({ readonly ok: false } & JsonTextError) {
  if (text.charCodeAt(i) !== 0x22) return fault(text, i, `${unexpected(text, i)} in an object; expected a key (a string in double quotes)`)
  const end = stringEnd(text, i)
  if (typeof end !== 'number') return end
  const raw = text.slice(i + 1, end - 1)
  const k = raw.includes('\\') ? (JSON.parse(text.slice(i, end)) as string) : raw
  const top = depth - 1
  let known = seen[top]
  if (known === undefined) seen[top] = known = new Map()
  const first = known.get(k)
  if (first !== undefined) {
    const at = lineColumn(text, first)
    return fault(
      text,
      i,
      `duplicate key ${clip(JSON.stringify(k))} in the object at ${clip(where(pathOf(kinds, keys, indexes, top)), 200)} ` +
        `(first at line ${at.line}, column ${at.column}); expected each key at most once in an object`,
      'duplicate-key'
    )
  }
  known.set(k, i)
  keys[top] = k
  let j = end
  const n = text.length
  while (j < n) {
    const w = text.charCodeAt(j)
    if (w === 0x20 || w === 0x0a || w === 0x0d || w === 0x09) j++
    else break
  }
  if (text.charCodeAt(j) !== 0x3a /* : */) return fault(text, j, `${unexpected(text, j)} after a key; expected ":"`)
  return j + 1
}

/** The offset after the string starting (with its quote) at `i`, or the fault. */
function stringEnd(text: string, i: number): number | ({ readonly ok: false } & JsonTextError) {
  const n = text.length
  let j = i + 1
  while (j < n) {
    const c = text.charCodeAt(j)
    if (c === 0x22) return j + 1
    if (c === 0x5c /* \ */) {
      const e = text.charCodeAt(j + 1)
      if (e === 0x75 /* u */) {
        for (let h = j + 2; h < j + 6; h++)
          if (!isHex(text.charCodeAt(h))) return fault(text, j, `a bad escape in a string; expected \\u and four hexadecimal digits`)
        j += 6
      } else if (e === 0x22 || e === 0x5c || e === 0x2f || e === 0x62 || e === 0x66 || e === 0x6e || e === 0x72 || e === 0x74) j += 2
      else return fault(text, j, `a bad escape in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX`)
    } else if (c < 0x20) {
      return fault(text, j, `${unexpected(text, j)} in a string; expected control characters escaped (e.g. \\n, \\t)`)
    } else j++
  }
  return fault(text, i, 'a string that is never closed; expected a closing double quote')
}

/** The offset after the number starting at `i`, or the fault. */
function numberEnd(text: string, i: number): number | ({ readonly ok: false } & JsonTextError) {
  let j = i
  if (text.charCodeAt(j) === 0x2d) j++
  const bad = (): { readonly ok: false } & JsonTextError =>
    fault(
      text,
      i,
      `a malformed number; expected digits as JSON writes them (e.g. 12, -3.5, 1e6; no leading zeros, no "+", no "." without digits)`
    )
  if (text.charCodeAt(j) === 0x30) j++
  else if (isDigit(text.charCodeAt(j))) while (isDigit(text.charCodeAt(j))) j++
  else return bad()
  if (text.charCodeAt(j) === 0x2e /* . */) {
    j++
    if (!isDigit(text.charCodeAt(j))) return bad()
    while (isDigit(text.charCodeAt(j))) j++
  }
  const e = text.charCodeAt(j)
  if (e === 0x65 || e === 0x45) {
    j++
    const s = text.charCodeAt(j)
    if (s === 0x2b || s === 0x2d) j++
    if (!isDigit(text.charCodeAt(j))) return bad()
    while (isDigit(text.charCodeAt(j))) j++
  }
  if (isDigit(text.charCodeAt(j))) return bad() // a leading zero followed by digits: 012
  return j
}

// ---------------------------------------------------------------------------------------------
// UTF-8

/** Where bytes stop being UTF-8. `line` counts from 1; `byte` is the offset in that line, from 1. */
export interface Utf8Error {
  readonly offset: number
  readonly line: number
  readonly byte: number
  readonly reason: string
}

export type Utf8Result = { readonly ok: true; readonly text: string } | ({ readonly ok: false } & Utf8Error)

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })

/**
 * Decodes UTF-8 bytes, refusing any byte sequence that is not UTF-8 (rather than replacing it by
 * U+FFFD, which would make different byte strings equal). One byte order mark at the very start
 * is accepted and dropped, as RFC 8259 allows; anywhere else U+FEFF is an ordinary character
 * (which JSON refuses outside strings).
 */
export function decodeUtf8(bytes: Uint8Array): Utf8Result {
  const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0
  try {
    return { ok: true, text: decoder.decode(start === 0 ? bytes : bytes.subarray(start)) }
  } catch {
    const { offset, cut } = firstInvalidUtf8(bytes, start)
    let line = 1
    let lineStart = 0
    for (let i = 0; i < offset; i++)
      if (bytes[i] === 0x0a) {
        line++
        lineStart = i + 1
      }
    const b = `byte 0x${(bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, '0')}`
    return {
      ok: false,
      offset,
      line,
      byte: offset - lineStart + 1,
      reason: cut ? `${b} starts a character the text ends inside; expected UTF-8 text` : `${b} is not UTF-8 here; expected UTF-8 text`
    }
  }
}

/**
 * The offset of the first byte that does not start a well-formed UTF-8 sequence (Unicode table
 * 3-7: no overlong forms, no surrogates, nothing above U+10FFFF); `cut` when that sequence is
 * well-formed as far as it goes but the bytes end inside it. `offset` is the length when all is
 * well-formed.
 */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0): { readonly offset: number; readonly cut: boolean } {
  const n = bytes.length
  let i = from
  while (i < n) {
    const b = bytes[i] as number
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      else if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      else if (b === 0xf4) hi = 0x8f
    } else return { offset: i, cut: false }
    for (let k = 1; k <= need; k++) {
      if (i + k >= n) return { offset: i, cut: true }
      const c = bytes[i + k] as number
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return { offset: i, cut: false }
    }
    i += need + 1
  }
  return { offset: n, cut: false }
}
