/**
 * Property 3: N29 is emitted if and only if the device goes from Suspended to not Suspended, once
 * per recipient role; a CPL removal never emits an alert.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { applyCplRemoval, processResponse } from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { BOTH_ROLES, recipientsOf, rightOf } from './support.js'

/** Suspended devices half the time, so that restorations are common. */
const mostlySuspended = fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const))

describe('property 3: N29 marks exactly the restorations', () => {
  test.prop([arb.responseWorld({ status: mostlySuspended })])(
    'a response emits N29, once to each recipient role, if and only if the device goes from Suspended to not Suspended',
    ({ device, cpl, edition, response }) => {
      const decision = rightOf(processResponse(response, device, cpl, { edition }))
      const restored = device.status === 'Suspended' && decision.device.status !== 'Suspended'
      expect(recipientsOf(decision.alerts, 'N29')).toEqual(restored ? BOTH_ROLES : [])
      for (const alert of decision.alerts.filter((a) => a.code === 'N29')) {
        const userId =
          alert.recipient === 'ResponsibleImportSupplier' ? device.responsibleImportSupplier : device.responsibleNetworkOperator
        expect(alert).toEqual({
          code: 'N29',
          recipient: alert.recipient,
          ...(userId === undefined ? {} : { recipientUserId: userId }),
          deviceId: device.deviceId
        })
      }
    }
  )

  test.prop([arb.world(), fc.option(arb.cplRemoval, { nil: undefined })])(
    'a CPL removal never emits an alert, whether or not it suspends the device',
    ({ device, cpl, edition }, named) => {
      // remove the named entry, or else the device's own firmware, after making sure the CPL holds it as Current
      const removal = named ?? { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
      const listed = [...cpl.filter((e) => arb.cplKey(e) !== arb.cplKey(removal)), { ...removal, status: 'Current' as const }]
      const decision = rightOf(applyCplRemoval(removal, device, listed, { edition }))
      expect(decision.alerts).toEqual([])
    }
  )
})
