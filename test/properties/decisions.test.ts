/**
 * docs/specification.md §2: "Every decision records the ids of the rules that decided it, the edition, and a
 * one-line reason." Stated over every input the rule functions accept, and over the rules as data.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  DEFAULT_EDITION,
  type Edition,
  applyCplRemoval,
  authoriseRequest,
  formatCitation,
  processResponse,
  ruleById,
  rules,
  rulesOf,
  type RuleOptions
} from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { rightOf } from './support.js'

/** No options, empty options, or an edition: the decision must name the edition in force. */
const options = fc.oneof(
  fc.constant(undefined),
  fc.constant({}),
  fc.constant(null as unknown as RuleOptions),
  arb.edition.map((edition): RuleOptions => ({ edition }))
)
const editionOf = (o: RuleOptions | undefined | null): Edition => o?.edition ?? DEFAULT_EDITION

function expectRecorded(d: { edition: string; rules: readonly string[]; reason: string }, edition: Edition, table: string): void {
  expect(d.edition).toBe(edition)
  expect(d.rules).toHaveLength(1)
  const rule = ruleById(d.rules[0] as string)
  expect(rule?.table).toBe(table)
  expect(rule?.effect[edition], `${d.rules[0]} is part of ${edition}`).toBeDefined()
  expect(d.reason.trim().length).toBeGreaterThan(10)
  expect(d.reason).not.toMatch(/\n/)
}

const mostlySuspended = fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const))

describe('every decision records its edition, its rule and a one-line reason', () => {
  test.prop([arb.focusedRequest, arb.device({ status: mostlySuspended }), options])('an authorisation decision does', (sr, device, o) => {
    expectRecorded(rightOf(authoriseRequest(sr, device, o)), editionOf(o), 'authorisation')
  })

  test.prop([arb.responseWorld({ status: mostlySuspended }), options])('a response decision does', ({ device, cpl, response }, o) => {
    expectRecorded(rightOf(processResponse(response, device, cpl, o)), editionOf(o), 'response')
  })

  test.prop([arb.world(), fc.option(arb.cplRemoval, { nil: undefined }), options])(
    'a CPL-removal decision does',
    ({ device, cpl }, named, o) => {
      const removal = named ?? { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
      const listed = [...cpl.filter((e) => arb.cplKey(e) !== arb.cplKey(removal)), { ...removal, status: 'Current' as const }]
      expectRecorded(rightOf(applyCplRemoval(removal, device, listed, o)), editionOf(o), 'suspension')
    }
  )

  test.prop([fc.oneof(fc.constantFrom(...rules.map((r) => r.id)), fc.string({ maxLength: 3 }))])(
    'ruleById finds exactly the rules there are, each by its own id',
    (id) => {
      expect(ruleById(id)).toBe(rules.find((r) => r.id === id))
    }
  )

  test.prop([arb.edition])(
    "rulesOf lists exactly an edition's rules, in table order, each with a condition and cited sources",
    (edition) => {
      const listed = rulesOf(edition)
      expect(listed).toEqual(rules.filter((r) => r.effect[edition] !== undefined))
      for (const r of listed) {
        expect(r.condition.length).toBeGreaterThan(5)
        expect(r.citations.length).toBeGreaterThan(0)
        for (const c of r.citations) expect(formatCitation(c)).toContain(c.reference)
      }
    }
  )
})
