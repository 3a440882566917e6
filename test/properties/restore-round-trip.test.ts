/**
 * Property 2: suspend a device by CPL removal, then any restoring response brings back exactly its
 * previous status; nothing but `status`, `statusBeforeSuspension` and `firmwareVersion` changes.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { applyCplRemoval, processResponse, type Device, type Edition, type ServiceResponse } from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { rightOf, without } from './support.js'

/** The statuses a CPL removal suspends (S1). */
const suspendable = arb.deviceStatus.filter((s) => s !== 'Suspended' && s !== 'Decommissioned' && s !== 'Withdrawn')

/**
 * A response that restores a Suspended device reporting `version` (Current on the CPL): in
 * SECMP0105 an SR11.2 from the device or an SR11.3 with any code; in the baseline an SR11.3 with
 * `success`.
 */
function restoringResponse(edition: Edition, device: Device, version: string): fc.Arbitrary<ServiceResponse> {
  const deviceId = fc.constantFrom<string | undefined>(undefined, device.deviceId)
  const respondent = fc.constantFrom<'Device' | undefined>(undefined, 'Device')
  const sr113 = arb.sr113Response({
    firmwareVersion: fc.constant(version),
    deviceId,
    respondent,
    ...(edition === 'baseline' ? { code: fc.constant('success' as const) } : {})
  })
  return edition === 'baseline'
    ? sr113
    : fc.oneof(sr113, arb.sr112Response({ firmwareVersion: fc.constant(version), deviceId, respondent }))
}

const scenario = fc
  .record({
    w: arb.world({ status: suspendable }),
    next: arb.firmwareVersion
  })
  .filter(({ w, next }) => next !== w.device.firmwareVersion)
  .map(({ w, next }) => {
    // the CPL holds the running firmware and the next one as Current, whatever else it holds
    const d = w.device
    const key = (v: string): string => arb.cplKey({ manufacturer: d.manufacturer, model: d.model, firmwareVersion: v })
    const cpl = [
      ...w.cpl.filter((e) => arb.cplKey(e) !== key(d.firmwareVersion) && arb.cplKey(e) !== key(next)),
      { manufacturer: d.manufacturer, model: d.model, firmwareVersion: d.firmwareVersion, status: 'Current' as const },
      { manufacturer: d.manufacturer, model: d.model, firmwareVersion: next, status: 'Current' as const }
    ]
    return { ...w, cpl, next }
  })
  .chain((s) => restoringResponse(s.edition, s.device, s.next).map((response) => ({ ...s, response })))

describe('property 2: suspension by CPL removal and restoration are a round trip', () => {
  test.prop([scenario])(
    'a restoring response brings back exactly the status held before the removal, and changes nothing but status, statusBeforeSuspension and firmwareVersion',
    ({ device, cpl, edition, next, response }) => {
      const removal = { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
      const suspended = rightOf(applyCplRemoval(removal, device, cpl, { edition }))
      expect(suspended.device.status).toBe('Suspended')
      expect(suspended.device.statusBeforeSuspension).toBe(device.status)

      const restored = rightOf(processResponse(response, suspended.device, suspended.cpl, { edition }))
      expect(restored.device.status).toBe(device.status)
      expect('statusBeforeSuspension' in restored.device).toBe(false)
      expect(restored.device.firmwareVersion).toBe(next)
      expect(without(restored.device, 'status', 'firmwareVersion')).toEqual(without(device, 'status', 'firmwareVersion'))
    }
  )
})
