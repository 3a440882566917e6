/**
 * The JUnit XML writer of `verify --reporter junit` (src/cli/junit.ts): the structure CI systems
 * read, and text escaped so that any file name, description or message gives well-formed XML 1.0.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { escapeAttribute, escapeText, junitXml } from '../../src/cli/junit.js'

/** Reverses the writer's escaping (entities and character references). */
const unescape = (s: string): string =>
  s
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&')

/** Characters XML 1.0 allows (the Char production), over UTF-16 code points. */
const xmlChar = (cp: number): boolean =>
  cp === 0x9 ||
  cp === 0xa ||
  cp === 0xd ||
  (cp >= 0x20 && cp <= 0xd7ff) ||
  (cp >= 0xe000 && cp <= 0xfffd) ||
  (cp >= 0x10000 && cp <= 0x10ffff)

describe('the JUnit XML writer', () => {
  it('writes suites, cases, properties, a failure and an error with their counts', () => {
    const xml = junitXml('run', [
      {
        name: 'a.json',
        cases: [
          {
            classname: 'a.json',
            name: 's1: one',
            properties: [['edition', 'SECMP0105']],
            failure: { message: 'step 1 failed', type: 'ScenarioFailed' },
            systemOut: 'step 1 FAILED'
          },
          { classname: 'a.json', name: 's2: two' }
        ]
      },
      {
        name: 'bad.json',
        cases: [{ classname: 'bad.json', name: 'structure', error: { message: 'm1', type: 'Invalid', details: 'm1\nm2' } }]
      }
    ])
    expect(xml).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="run" tests="3" failures="1" errors="1" skipped="0">',
        '  <testsuite name="a.json" tests="2" failures="1" errors="0" skipped="0">',
        '    <testcase classname="a.json" name="s1: one">',
        '      <properties>',
        '        <property name="edition" value="SECMP0105"/>',
        '      </properties>',
        '      <failure message="step 1 failed" type="ScenarioFailed"/>',
        '      <system-out>step 1 FAILED</system-out>',
        '    </testcase>',
        '    <testcase classname="a.json" name="s2: two"/>',
        '  </testsuite>',
        '  <testsuite name="bad.json" tests="1" failures="0" errors="1" skipped="0">',
        '    <testcase classname="bad.json" name="structure">',
        '      <error message="m1" type="Invalid">m1\nm2</error>',
        '    </testcase>',
        '  </testsuite>',
        '</testsuites>',
        ''
      ].join('\n')
    )
  })

  it('escapes markup in attributes and text, and keeps newlines in attributes as character references', () => {
    expect(escapeAttribute('a "b" <c> & d\ne\tf')).toBe('a &quot;b&quot; &lt;c&gt; &amp; d&#10;e&#9;f')
    expect(escapeText('x ]]> <y> & "z"')).toBe('x ]]&gt; &lt;y&gt; &amp; "z"')
  })

  it('writes a character XML cannot carry as visible text instead of dropping it', () => {
    expect(escapeText('bell \u0007, lone \uD800, astral \u{1F600}')).toBe('bell \\u0007, lone \\uD800, astral \u{1F600}')
    expect(escapeAttribute('\u0000\uFFFF')).toBe('\\u0000\\uFFFF')
  })

  test.prop([fc.string({ unit: 'binary' })])('any text escapes to XML characters only, with no raw markup, and reads back', (s) => {
    for (const escaped of [escapeText(s), escapeAttribute(s)]) {
      for (const ch of escaped) expect(xmlChar(ch.codePointAt(0) as number)).toBe(true)
      expect(escaped).not.toMatch(/[<>]|&(?!(amp|lt|gt|quot|#\d+);)/)
      // the text read back is the original with only the impossible characters spelt out
      const spelt = [...s]
        .map((ch) =>
          xmlChar(ch.codePointAt(0) as number) ? ch : `\\u${(ch.codePointAt(0) as number).toString(16).toUpperCase().padStart(4, '0')}`
        )
        .join('')
      expect(unescape(escaped)).toBe(spelt)
    }
    expect(escapeAttribute(s)).not.toMatch(/["\n\r\t]/)
  })
})
