/**
 * Property 1 (R1): a GPF's SR11.2 answer for a GSME never changes the GSME's record, in any
 * status, edition or CPL; it emits N52 exactly when a version is reported and differs from the
 * SMI's, one per recipient role (a read failure reports none).
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { decodeAlert, processResponse } from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { BOTH_ROLES, clone, recipientsOf, rightOf } from './support.js'

const gsmeWorld = arb.world({ deviceType: fc.constant('GSME') })
const gpfAnswer = (deviceId: string) =>
  arb.sr112Response({ respondent: fc.constant('GPF'), deviceId: fc.constantFrom<string | undefined>(undefined, deviceId) })

describe("property 1: a GPF's SR11.2 answer never changes a GSME's record", () => {
  test.prop([gsmeWorld.chain((w) => gpfAnswer(w.device.deviceId).map((response) => ({ ...w, response })))])(
    "the GSME's record comes back unchanged, and N52 goes to each recipient role exactly when a reported version differs",
    ({ device, cpl, edition, response }) => {
      const before = clone(device)
      const decision = rightOf(processResponse(response, device, cpl, { edition }))

      expect(decision.device).toEqual(before)
      expect(decision.rules).toEqual(['R1'])
      // a read failure (no version reported) is never a mismatch
      const mismatch = response.firmwareVersion !== undefined && response.firmwareVersion !== device.firmwareVersion
      if (!mismatch) {
        expect(decision.alerts).toEqual([])
        return
      }
      expect(decision.alerts).toHaveLength(2)
      expect(recipientsOf(decision.alerts, 'N52')).toEqual(BOTH_ROLES)
      for (const alert of decision.alerts) {
        expect(decodeAlert(alert)._tag).toBe('Right')
        const userId =
          alert.recipient === 'ResponsibleImportSupplier' ? device.responsibleImportSupplier : device.responsibleNetworkOperator
        expect(alert).toEqual({
          code: 'N52',
          recipient: alert.recipient,
          ...(userId === undefined ? {} : { recipientUserId: userId }),
          deviceId: device.deviceId,
          deviceType: 'GSME',
          firmwareVersionSmi: device.firmwareVersion,
          firmwareVersionDevice: response.firmwareVersion
        })
      }
    }
  )

  test.prop([
    arb.world({ deviceType: arb.deviceType.filter((t) => t !== 'GSME') }),
    arb.sr112Response({ respondent: fc.constant('GPF'), deviceId: fc.constant(undefined) })
  ])('the GPF as respondent for any other device type is refused at response.respondent', ({ device, cpl, edition }, response) => {
    const result = processResponse(response, device, cpl, { edition })
    expect(result._tag).toBe('Left')
    if (result._tag === 'Left') expect(result.left.issues.map((i) => i.path)).toEqual(['response.respondent'])
  })

  test.prop([arb.world(), arb.sr113Response({ respondent: fc.constant('GPF'), deviceId: fc.constant(undefined) })])(
    'the GPF as respondent on an SR11.3 response is refused at response.respondent, whatever the device',
    ({ device, cpl, edition }, response) => {
      const result = processResponse(response, device, cpl, { edition })
      expect(result._tag).toBe('Left')
      if (result._tag === 'Left') expect(result.left.issues.map((i) => i.path)).toEqual(['response.respondent'])
    }
  )
})
