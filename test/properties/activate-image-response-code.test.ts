/**
 * Property 4 (metamorphic): under SECMP0105, changing `activateImageResponseCode` never changes the
 * outcome of an SR11.3 response. (In the baseline it does: see property 7.)
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { processResponse, type ServiceResponse } from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { rightOf } from './support.js'

const anyCode = fc.option(arb.activateImageResponseCode, { nil: undefined })

function withCode(r: ServiceResponse, code: string | undefined): ServiceResponse {
  const { activateImageResponseCode: _, ...rest } = r as ServiceResponse & { activateImageResponseCode?: string }
  return (code === undefined ? rest : { ...rest, activateImageResponseCode: code }) as ServiceResponse
}

const sr113World = arb.world({ status: fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const)) }).chain((w) =>
  arb
    .sr113Response({
      deviceId: fc.constantFrom<string | undefined>(undefined, w.device.deviceId),
      respondent: fc.constantFrom<'Device' | undefined>(undefined, 'Device')
    })
    .map((response) => ({ ...w, response }))
)

describe('property 4: under SECMP0105 the activation code does not matter', () => {
  test.prop([sr113World, anyCode, anyCode])(
    'an SR11.3 response decides the same device, alerts and rule whatever its activateImageResponseCode, or none',
    ({ device, cpl, response }, code1, code2) => {
      const options = { edition: 'SECMP0105' } as const
      const a = rightOf(processResponse(withCode(response, code1), device, cpl, options))
      const b = rightOf(processResponse(withCode(response, code2), device, cpl, options))
      expect({ device: b.device, alerts: b.alerts, rules: b.rules }).toEqual({ device: a.device, alerts: a.alerts, rules: a.rules })
    }
  )
})
