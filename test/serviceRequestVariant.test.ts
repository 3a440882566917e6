import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { serviceRequestVariant, serviceRequestVariants } from '../src/index.js'
// @ts-expect-error: a plain .mjs script without types
import { render, renderUnion, withUnion } from '../scripts/generate-srv-catalogue.mjs'

const source = JSON.parse(readFileSync(new URL('../data/service-request-variants.json', import.meta.url), 'utf8')) as {
  serviceRequestVariants: Array<{ srv: string; critical: boolean; nonDevice: boolean; commandVariantsPerSchemaComment: number[] }>
}

describe('the SRV catalogue', () => {
  it('holds all 129 DUIS service request variants, each once', () => {
    expect(serviceRequestVariants).toHaveLength(129)
    expect(new Set(serviceRequestVariants.map((v) => v.srv)).size).toBe(129)
  })
  it('is generated from data/service-request-variants.json and up to date', () => {
    const generated = readFileSync(new URL('../src/serviceRequestVariants.data.ts', import.meta.url), 'utf8')
    expect(generated).toBe((render as (v: unknown) => string)(source.serviceRequestVariants))
  })
  it('gives the type ServiceReferenceVariant as a union generated from the same data and up to date', () => {
    const text = readFileSync(new URL('../src/ServiceRequestVariant.ts', import.meta.url), 'utf8')
    const union = (renderUnion as (v: unknown) => string)(source.serviceRequestVariants)
    expect(text).toContain(union)
    expect((withUnion as (t: string, u: string) => string)(text, union)).toBe(text)
    expect(union.match(/\| '/g)).toHaveLength(129)
  })
  it('agrees with the reference data on every flag', () => {
    for (const v of source.serviceRequestVariants) {
      expect(serviceRequestVariant(v.srv)).toMatchObject({
        srv: v.srv,
        critical: v.critical,
        nonDevice: v.nonDevice,
        commandVariantsPerSchemaComment: v.commandVariantsPerSchemaComment
      })
    }
  })
  it('allows CVs 4-7 for Critical, 8 for Non-Device and 1-3 for other SRVs', () => {
    for (const v of serviceRequestVariants) {
      expect(v.allowedCommandVariants).toEqual(v.critical ? [4, 5, 6, 7] : v.nonDevice ? [8] : [1, 2, 3])
    }
  })
  it('knows the five SRVs the modification turns on', () => {
    expect(serviceRequestVariant('11.1')).toMatchObject({ name: 'Update Firmware', critical: false, nonDevice: true })
    expect(serviceRequestVariant('11.2')).toMatchObject({ name: 'Read Firmware Version', critical: false, nonDevice: false })
    expect(serviceRequestVariant('11.3')).toMatchObject({ name: 'Activate Firmware', critical: true })
    expect(serviceRequestVariant('6.23')).toMatchObject({ critical: false })
    expect(serviceRequestVariant('2.2')).toMatchObject({ name: 'Top Up Device', critical: false })
  })
  it('answers undefined for an unknown or non-string SRV', () => {
    expect(serviceRequestVariant('99.9')).toBeUndefined()
    expect(serviceRequestVariant(11.2 as never)).toBeUndefined()
    expect(serviceRequestVariant('toString')).toBeUndefined()
  })
  it('is frozen', () => {
    expect(Object.isFrozen(serviceRequestVariants)).toBe(true)
    expect(Object.isFrozen(serviceRequestVariants[0])).toBe(true)
  })
})
