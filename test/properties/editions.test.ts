/**
 * Property 7: the editions differ only where the contract says they do: SR11.2 to a Suspended
 * device (A6), an SR11.2 response from a Suspended device reporting Current firmware (R2), and an
 * SR11.3 response reporting Current firmware whose code is not `success` (R4, R5). Everywhere
 * else, and for every CPL removal, both editions decide alike.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  applyCplRemoval,
  authoriseRequest,
  processResponse,
  serviceRequestVariant,
  type Cpl,
  type Device,
  type ServiceResponse
} from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { rightOf } from './support.js'

const mostlySuspended = fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const))

function isCurrent(cpl: Cpl, device: Device, version: string | undefined): boolean {
  return cpl.some(
    (e) => e.status === 'Current' && e.manufacturer === device.manufacturer && e.model === device.model && e.firmwareVersion === version
  )
}

/** Where docs/specification.md §2 makes the editions decide differently on a response. */
function responseEditionsDiffer(r: ServiceResponse, device: Device, cpl: Cpl): boolean {
  const current = isCurrent(cpl, device, r.firmwareVersion)
  const suspended = device.status === 'Suspended'
  if (r.serviceReferenceVariant === '11.2') return r.respondent !== 'GPF' && suspended && current
  if (!current || r.activateImageResponseCode === 'success') return false
  return suspended || r.firmwareVersion !== device.firmwareVersion
}

describe('property 7: the editions differ only where the contract says', () => {
  test.prop([
    fc.record({ serviceReferenceVariant: arb.focusedServiceReferenceVariant, commandVariant: arb.commandVariant }),
    arb.device({ status: mostlySuspended })
  ])('authorisation differs between the editions exactly for an SR11.2 with a fitting CV to a Suspended device', (sr, device) => {
    const base = rightOf(authoriseRequest(sr, device, { edition: 'baseline' }))
    const mod = rightOf(authoriseRequest(sr, device, { edition: 'SECMP0105' }))
    const fits = serviceRequestVariant(sr.serviceReferenceVariant)?.allowedCommandVariants.includes(sr.commandVariant) === true
    const differ = sr.serviceReferenceVariant === '11.2' && fits && device.status === 'Suspended'
    const view = (d: typeof base): unknown => ({
      outcome: d.outcome,
      code: d.outcome === 'Rejected' ? d.responseCode : undefined,
      rules: d.rules,
      reason: d.reason
    })
    if (differ) {
      expect(view(base)).toMatchObject({ outcome: 'Rejected', code: 'E5', rules: ['A7'] })
      expect(view(mod)).toMatchObject({ outcome: 'Authorised', rules: ['A6'] })
    } else {
      expect(view(mod)).toEqual(view(base))
    }
  })

  test.prop([arb.responseWorld({ status: mostlySuspended })])(
    'response processing differs between the editions exactly where SECMP0105 changed it',
    ({ device, cpl, response }) => {
      const base = rightOf(processResponse(response, device, cpl, { edition: 'baseline' }))
      const mod = rightOf(processResponse(response, device, cpl, { edition: 'SECMP0105' }))
      const outcome = (d: typeof base): unknown => ({ device: d.device, alerts: d.alerts, rules: d.rules })
      if (!responseEditionsDiffer(response, device, cpl)) {
        expect(outcome(mod)).toEqual(outcome(base))
        return
      }
      expect(outcome(mod)).not.toEqual(outcome(base))
      // the baseline never acts where SECMP0105 does: it leaves the device as it was
      expect(base.device).toBe(device)
      expect(base.alerts).toEqual([])
    }
  )

  test.prop([arb.world(), fc.option(arb.cplRemoval, { nil: undefined })])(
    'a CPL removal decides alike in both editions',
    ({ device, cpl }, named) => {
      const removal = named ?? { manufacturer: device.manufacturer, model: device.model, firmwareVersion: device.firmwareVersion }
      const listed = [...cpl.filter((e) => arb.cplKey(e) !== arb.cplKey(removal)), { ...removal, status: 'Current' as const }]
      const { edition: e1, ...base } = rightOf(applyCplRemoval(removal, device, listed, { edition: 'baseline' }))
      const { edition: e2, ...mod } = rightOf(applyCplRemoval(removal, device, listed, { edition: 'SECMP0105' }))
      expect([e1, e2]).toEqual(['baseline', 'SECMP0105'])
      expect(mod).toEqual(base)
    }
  )
})
