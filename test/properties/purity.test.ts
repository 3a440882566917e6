/**
 * Property 8: purity. Every function takes deep-frozen inputs without throwing or trying to change
 * them (an attempt would throw in strict mode, and come back as an input error), leaves them as
 * they were, and gives equal outputs for equal inputs (fresh copies, so that no cache is involved).
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  applyCplRemoval,
  authoriseRequest,
  decodeAlert,
  decodeCpl,
  decodeDevice,
  decodeServiceRequest,
  decodeServiceResponse,
  prepareCpl,
  processResponse,
  removeFromCpl,
  suspendOnCplRemoval,
  type CplRemoval
} from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { deepFreeze, clone, rightOf } from './support.js'

const inputs = fc
  .record({
    rw: arb.responseWorld({ status: fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const)) }),
    request: arb.focusedRequest,
    named: fc.option(arb.cplRemoval, { nil: undefined }),
    alert: arb.alert
  })
  .map(({ rw, request, named, alert }) => {
    const { device, cpl, edition, response } = rw
    const removal: CplRemoval = named ?? { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
    const listed = [...cpl.filter((e) => arb.cplKey(e) !== arb.cplKey(removal)), { ...removal, status: 'Current' as const }]
    return { device, cpl: listed, edition, response, request, removal, alert }
  })

type Inputs = typeof inputs extends fc.Arbitrary<infer T> ? T : never

/** Runs every function of the library on the inputs; each must decide (no input error). */
function runAll(i: Inputs): Record<string, unknown> {
  const options = { edition: i.edition }
  return {
    authorise: rightOf(authoriseRequest(i.request, i.device, options)),
    process: rightOf(processResponse(i.response, i.device, i.cpl, options)),
    apply: rightOf(applyCplRemoval(i.removal, i.device, i.cpl, options)),
    suspend: rightOf(suspendOnCplRemoval(i.removal, i.device, options)),
    remove: rightOf(removeFromCpl(i.removal, i.cpl)),
    prepared: rightOf(prepareCpl(i.cpl)).entries,
    device: rightOf(decodeDevice(i.device)),
    cpl: rightOf(decodeCpl(i.cpl)),
    request: rightOf(decodeServiceRequest(i.request)),
    response: rightOf(decodeServiceResponse(i.response)),
    alert: rightOf(decodeAlert(i.alert))
  }
}

describe('property 8: every function is pure', () => {
  test.prop([inputs])('deep-frozen inputs are accepted, left unchanged, and equal inputs give equal outputs', (raw) => {
    const snapshot = JSON.stringify(raw)
    const frozen = deepFreeze(clone(raw))
    const fromFrozen = runAll(frozen)
    expect(JSON.stringify(frozen)).toBe(snapshot)

    const fromCopy = runAll(clone(raw))
    const fromOtherCopy = runAll(clone(raw))
    expect(fromCopy).toEqual(fromFrozen)
    expect(fromOtherCopy).toEqual(fromCopy)
  })
})
