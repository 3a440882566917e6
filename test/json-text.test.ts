import { describe, expect, it } from 'vitest'
import { decodeUtf8, EXCERPT_WIDTH, excerpt, MAX_JSON_DEPTH, parseJsonText } from '../src/internal/json.js'

const nested = (depth: number, open = '[', close = ']'): string => `${open.repeat(depth)}${close.repeat(depth)}`

describe('parseJsonText reads JSON strictly', () => {
  it('gives the value JSON.parse gives to JSON without duplicate keys', () => {
    const text = '{"a": [1, -2.5e3, "x\\u0041\\n", true, false, null, {}], "b": {"c": []}, "__proto__": {"d": 1}}'
    expect(parseJsonText(text)).toEqual({ ok: true, value: JSON.parse(text) })
  })

  it('refuses a key given twice in one object, with where both are', () => {
    expect(parseJsonText('{"a": 1,\n "b": {"x": 1, "y": 2, "x": 3}}')).toEqual({
      ok: false,
      kind: 'duplicate-key',
      offset: 32,
      line: 2,
      column: 24,
      reason: 'duplicate key "x" in the object at b (first at line 2, column 8); expected each key at most once in an object'
    })
  })

  it('compares keys after unescaping them', () => {
    expect(parseJsonText('[{"ab": 1, "a\\u0062": 2}]')).toMatchObject({ ok: false, kind: 'duplicate-key', line: 1, column: 12 })
  })

  it('allows the same key in different objects', () => {
    expect(parseJsonText('[{"a": 1}, {"a": 2, "b": {"a": 3}}]').ok).toBe(true)
  })

  it(`accepts nesting ${MAX_JSON_DEPTH} deep and refuses one level more, naming the path`, () => {
    expect(parseJsonText(nested(MAX_JSON_DEPTH)).ok).toBe(true)
    const r = parseJsonText(`{"a": ${nested(MAX_JSON_DEPTH, '{"b": ', '}').replace(/\{"b": \}/, '{"b": 1}')}}`)
    expect(r).toMatchObject({ ok: false, kind: 'depth', line: 1 })
    expect(!r.ok && r.reason).toMatch(/^nesting deeper than 512 levels at a\.b\.b\.b.*…; expected at most 512 nested arrays and objects$/)
  })

  it('refuses a million levels of nesting without overflowing the stack', () => {
    expect(parseJsonText(nested(1_000_000))).toMatchObject({ ok: false, kind: 'depth', column: MAX_JSON_DEPTH + 1 })
  })

  it.each([
    ['', 1, 1, 'the text ends too early; expected a JSON value (an object, array, string, number, true, false or null)'],
    ['{"a": 1,}', 1, 9, 'unexpected "}" in an object; expected a key (a string in double quotes)'],
    ['[1 2]', 1, 4, 'unexpected "2" in an array; expected "," or "]"'],
    ['{"a" 1}', 1, 6, 'unexpected "1" after a key; expected ":"'],
    ['{"a": 1} x', 1, 10, 'unexpected "x" after the JSON value; expected the end of the text'],
    ['["a\tb"]', 1, 4, 'unexpected character U+0009 in a string; expected control characters escaped (e.g. \\n, \\t)'],
    ['["\\x"]', 1, 3, 'a bad escape in a string; expected one of \\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX'],
    ['["\\u12g4"]', 1, 3, 'a bad escape in a string; expected \\u and four hexadecimal digits'],
    ['\n\n  "abc', 3, 3, 'a string that is never closed; expected a closing double quote'],
    [
      '[012]',
      1,
      2,
      'a malformed number; expected digits as JSON writes them (e.g. 12, -3.5, 1e6; no leading zeros, no "+", no "." without digits)'
    ],
    [
      '[1.]',
      1,
      2,
      'a malformed number; expected digits as JSON writes them (e.g. 12, -3.5, 1e6; no leading zeros, no "+", no "." without digits)'
    ],
    [
      '[-]',
      1,
      2,
      'a malformed number; expected digits as JSON writes them (e.g. 12, -3.5, 1e6; no leading zeros, no "+", no "." without digits)'
    ],
    [
      '[1e+]',
      1,
      2,
      'a malformed number; expected digits as JSON writes them (e.g. 12, -3.5, 1e6; no leading zeros, no "+", no "." without digits)'
    ],
    ['[tru]', 1, 2, 'unexpected "t"; expected a JSON value (an object, array, string, number, true, false or null)'],
    ['\uFEFF{}', 1, 1, 'unexpected character U+FEFF; expected a JSON value (an object, array, string, number, true, false or null)']
  ])('refuses %j at line %i, column %i: %s', (text, line, column, reason) => {
    expect(parseJsonText(text)).toMatchObject({ ok: false, kind: 'syntax', line, column, reason })
  })
})

describe('decodeUtf8 refuses what is not UTF-8', () => {
  const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b)

  it('decodes UTF-8, dropping one leading byte order mark', () => {
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0x61, 0xc3, 0xa9, 0xf0, 0x9f, 0x98, 0x80))).toEqual({ ok: true, text: 'aé😀' })
    expect(decodeUtf8(bytes(0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf))).toEqual({ ok: true, text: '\uFEFF' })
  })

  it.each([
    ['a stray continuation byte', [0x61, 0x0a, 0x62, 0x80], 2, 2, 'byte 0x80 is not UTF-8 here; expected UTF-8 text'],
    ['an overlong "/"', [0xc0, 0xaf], 1, 1, 'byte 0xC0 is not UTF-8 here; expected UTF-8 text'],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 1, 1, 'byte 0xE0 is not UTF-8 here; expected UTF-8 text'],
    ['a surrogate', [0x20, 0xed, 0xa0, 0x80], 1, 2, 'byte 0xED is not UTF-8 here; expected UTF-8 text'],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 1, 1, 'byte 0xF4 is not UTF-8 here; expected UTF-8 text'],
    ['0xFF', [0xff], 1, 1, 'byte 0xFF is not UTF-8 here; expected UTF-8 text'],
    [
      'a character cut short',
      [0x0a, 0x0a, 0x61, 0xf0, 0x9f, 0x98],
      3,
      2,
      'byte 0xF0 starts a character the text ends inside; expected UTF-8 text'
    ]
  ])('refuses %s, naming the line and the byte', (_, b, line, byte, reason) => {
    expect(decodeUtf8(bytes(...b))).toMatchObject({ ok: false, line, byte, reason })
  })
})

describe('excerpt shows the line of a problem with a caret under it', () => {
  it('numbers the line and puts the caret under the offending character', () => {
    const text = '{\n  "scenarios": [\n    { "id": "x", }\n  ]\n}\n'
    expect(excerpt(text, text.indexOf('}'))).toEqual(['  3 |     { "id": "x", }', '    |                  ^'])
  })

  it('puts the caret just past the end of a text that ends too early', () => {
    expect(excerpt('[1,', 3)).toEqual(['  1 | [1,', '    |    ^'])
  })

  it(`cuts a long line to ${EXCERPT_WIDTH} characters around the place, marking the cut ends`, () => {
    const text = `{"a": "${'x'.repeat(200)}", "b" 1}`
    const [line, caret] = excerpt(text, text.indexOf(' 1}') + 1)
    expect(line).toMatch(/^ {2}1 \| …x+", "b" 1}$/)
    expect([...line.slice('  1 | '.length)].length).toBe(EXCERPT_WIDTH + 1)
    expect(caret.indexOf('^')).toBe(line.indexOf(' 1}') + 1)
    const [middle] = excerpt(`${'y'.repeat(100)}!${'z'.repeat(100)}`, 100)
    expect(middle).toMatch(/^ {2}1 \| …y+!z+…$/)
  })

  it('keeps the caret aligned across tabs, control characters and characters outside the BMP', () => {
    const text = '\t"\u{1F600}\u0001\uFEFF" x'
    const [line, caret] = excerpt(text, text.indexOf('x'))
    expect(line).toBe('  1 |  "\u{1F600} ?" x')
    expect([...caret].indexOf('^')).toBe([...line].indexOf('x'))
  })
})
