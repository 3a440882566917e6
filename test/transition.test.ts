/**
 * `transition(state, event, options?)`: one event applied to a device's state, built on the three
 * rule functions; the scenario runner is built on it.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { applyCplRemoval, authoriseRequest, processResponse, transition, type DeviceEvent, type DeviceState } from '../src/index.js'
import * as arb from './arbitraries.js'
import { commissionedEsme, cpl, deepFreeze, leftOf, NEW_FW, OLD_FW, pathsOf, rightOf, suspendedEsme } from './support.js'

const state: DeviceState = deepFreeze({ device: suspendedEsme, cpl })

describe('transition', () => {
  it('decides a request with authoriseRequest and leaves the state as it was', () => {
    const r = rightOf(transition(state, { request: { serviceReferenceVariant: '11.2', commandVariant: 1 } }))
    expect(r.decision).toMatchObject({ outcome: 'Authorised', rules: ['A6'] })
    expect(r.state).toBe(state)
  })

  it('restores a suspended ESME to Commissioned on an SR11.2 response showing Current firmware', () => {
    const r = rightOf(transition(state, { response: { serviceReferenceVariant: '11.2', firmwareVersion: NEW_FW } }))
    expect(r.decision.rules).toEqual(['R2'])
    expect(r.state.device).toMatchObject({ status: 'Commissioned', firmwareVersion: NEW_FW })
    expect(r.state.device).not.toHaveProperty('statusBeforeSuspension')
    expect(r.state.cpl).toBe(cpl)
    expect(r.decision.alerts.map((a) => a.code)).toEqual(['N29', 'N29'])
  })

  it('keeps the same state object when a response changes nothing', () => {
    const r = rightOf(transition(state, { response: { serviceReferenceVariant: '11.2' } }))
    expect(r.decision.rules).toEqual(['R3'])
    expect(r.state).toBe(state)
  })

  it('suspends the device and marks the entry Removed on a CPL removal, threading both into the new state', () => {
    const current: DeviceState = deepFreeze({
      device: commissionedEsme,
      cpl: [{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW, status: 'Current' as const }]
    })
    const r = rightOf(transition(current, { cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW } }))
    expect(r.decision.rules).toEqual(['S1'])
    expect(r.state.device).toMatchObject({ status: 'Suspended', statusBeforeSuspension: 'Commissioned' })
    expect(r.state.cpl).toEqual([{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: OLD_FW, status: 'Removed' }])
  })

  it('decides in the edition the options name', () => {
    const r = rightOf(transition(state, { request: { serviceReferenceVariant: '11.2', commandVariant: 1 } }, { edition: 'baseline' }))
    expect(r.decision).toMatchObject({ outcome: 'Rejected', responseCode: 'E5', rules: ['A7'], edition: 'baseline' })
  })

  it.each([
    ['not an object', 'x', ['event']],
    ['no input', {}, ['event']],
    ['two inputs', { request: {}, response: {} }, ['event']],
    ['a field that is not an input', { request: { serviceReferenceVariant: '11.2', commandVariant: 1 }, expect: {} }, ['event.expect']]
  ])('refuses an event with %s, naming the path', (_, event, paths) => {
    expect(pathsOf(transition(state, event as unknown as DeviceEvent))).toEqual(paths)
  })

  it('refuses a state that is not an object', () => {
    expect(
      pathsOf(transition(null as unknown as DeviceState, { request: { serviceReferenceVariant: '11.2', commandVariant: 1 } }))
    ).toEqual(['state'])
  })

  it("passes the rule functions' input errors through, with their paths", () => {
    const bad = { ...state, device: { ...suspendedEsme, status: 'suspended' } } as unknown as DeviceState
    expect(pathsOf(transition(bad, { response: { serviceReferenceVariant: '11.2', firmwareVersion: NEW_FW } }))).toEqual(['device.status'])
    expect(leftOf(transition(state, { request: { serviceReferenceVariant: '99.9', commandVariant: 1 } } as never)).message).toContain(
      'request.serviceReferenceVariant'
    )
  })

  it('never throws: a state whose getter throws is an input error', () => {
    const hostile = Object.defineProperty({}, 'device', {
      get() {
        throw new Error('boom')
      }
    }) as DeviceState
    expect(transition(hostile, { request: { serviceReferenceVariant: '11.2', commandVariant: 1 } })._tag).toBe('Left')
  })

  test.prop([arb.world(), arb.focusedRequest, arb.serviceResponse, arb.cplRemoval, fc.integer({ min: 0, max: 2 })])(
    'decides exactly what the rule function for the event decides',
    ({ device, cpl: worldCpl, edition }, request, response, removal, which) => {
      const s: DeviceState = { device, cpl: worldCpl }
      const options = { edition }
      if (which === 0) {
        const direct = authoriseRequest(request, device, options)
        const via = transition(s, { request }, options)
        expect(via._tag === 'Right' ? via.right.decision : via.left).toEqual(direct._tag === 'Right' ? direct.right : direct.left)
      } else if (which === 1) {
        const direct = processResponse(response, device, worldCpl, options)
        const via = transition(s, { response }, options)
        expect(via._tag === 'Right' ? via.right.decision : via.left).toEqual(direct._tag === 'Right' ? direct.right : direct.left)
        if (via._tag === 'Right') expect(via.right.state.device).toBe(via.right.decision.device)
      } else {
        const direct = applyCplRemoval(removal, device, worldCpl, options)
        const via = transition(s, { cplRemoval: removal }, options)
        expect(via._tag === 'Right' ? via.right.decision : via.left).toEqual(direct._tag === 'Right' ? direct.right : direct.left)
        if (via._tag === 'Right') expect(via.right.state).toEqual({ device: via.right.decision.device, cpl: via.right.decision.cpl })
      }
    }
  )
})
