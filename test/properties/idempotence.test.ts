/**
 * Property 6: idempotence. The same response applied twice leaves the device as applying it once
 * did, and raises no new alert: a restoration (N29) happens once; a GPF mismatch (N52) is reported
 * again, identically, because the GSME's record still differs. The same holds for suspending a
 * device on a CPL removal; removing the same entry twice is refused, since it is no longer Current.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { applyCplRemoval, processResponse, suspendOnCplRemoval } from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { rightOf } from './support.js'

const mostlySuspended = fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const))

describe('property 6: applying the same input twice changes nothing more', () => {
  test.prop([arb.responseWorld({ status: mostlySuspended })])(
    'a response applied to its own result gives the same device and no alert the first application did not give',
    ({ device, cpl, edition, response }) => {
      const once = rightOf(processResponse(response, device, cpl, { edition }))
      const twice = rightOf(processResponse(response, once.device, cpl, { edition }))
      expect(twice.device).toEqual(once.device)
      expect(twice.alerts.filter((a) => a.code === 'N29')).toEqual([])
      for (const alert of twice.alerts) expect(once.alerts).toContainEqual(alert)
      if (response.respondent !== 'GPF') expect(twice.alerts).toEqual([])
    }
  )

  test.prop([arb.world(), fc.option(arb.cplRemoval, { nil: undefined })])(
    'suspending a device on a removal twice gives the same device as once, and no alert',
    ({ device, edition }, named) => {
      const removal = named ?? { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
      const once = rightOf(suspendOnCplRemoval(removal, device, { edition }))
      const twice = rightOf(suspendOnCplRemoval(removal, once.device, { edition }))
      expect(twice.device).toEqual(once.device)
      expect([...once.alerts, ...twice.alerts]).toEqual([])
    }
  )

  test.prop([arb.world()])(
    'removing the same CPL entry a second time is refused as input, naming the removal',
    ({ device, cpl, edition }) => {
      const removal = { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
      const listed = [...cpl.filter((e) => arb.cplKey(e) !== arb.cplKey(removal)), { ...removal, status: 'Current' as const }]
      const once = rightOf(applyCplRemoval(removal, device, listed, { edition }))
      const twice = applyCplRemoval(removal, once.device, once.cpl, { edition })
      expect(twice._tag).toBe('Left')
      if (twice._tag === 'Left') expect(twice.left.issues.map((i) => i.path)).toEqual(['removal'])
    }
  )
})
