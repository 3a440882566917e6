/**
 * The authorisation memo (src/authoriseRequest.ts) remembers one decision per edition and
 * `contextSlot` (src/rules/authorisation.ts). Stated over every SRV, Command Variant and device:
 * the remembered decision is always the one the rule table gives when evaluated afresh, and two
 * contexts share a slot only when they are the same facts.
 */
import { describe, expect } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import { authoriseRequest, serviceRequestVariants, type Device } from '../../src/index.js'
import { evaluateAuthorisation } from '../../src/authoriseRequest.js'
import { contextSlot, SLOTS_PER_VARIANT, type AuthorisationContext } from '../../src/rules/authorisation.js'
import type { CommandVariant } from '../../src/ServiceRequestVariant.js'
import * as arb from '../arbitraries.js'
import { rightOf } from './support.js'

const variantIndex = fc.nat({ max: serviceRequestVariants.length - 1 })
/** Any SRV, and often one the rules name (SR2.2, SR11.1, SR11.2, …), where the facts matter most. */
const someVariant = fc.oneof(
  variantIndex,
  arb.focusedServiceReferenceVariant.map((srv) => serviceRequestVariants.findIndex((v) => v.srv === srv))
)

describe('the authorisation memo', () => {
  test.prop([someVariant, fc.oneof(arb.commandVariant, fc.constant(2 as CommandVariant)), arb.device(), arb.edition])(
    'gives the decision that evaluating the rule table gives, for every SRV, Command Variant, device and edition',
    (i, commandVariant, device, edition) => {
      const variant = serviceRequestVariants[i] as AuthorisationContext['variant']
      const request = { serviceReferenceVariant: variant.srv, commandVariant }
      // the device as it is, and in each of the four states the facts tell apart
      const { statusBeforeSuspension: _, ...unsuspended } = device
      const devices: Device[] = [device]
      for (const smetsGeneration of ['SMETS1', 'SMETS2'] as const) {
        devices.push({ ...unsuspended, smetsGeneration, status: 'Commissioned' })
        devices.push({ ...unsuspended, smetsGeneration, status: 'Suspended', statusBeforeSuspension: 'Commissioned' })
      }
      for (const d of devices) {
        const context: AuthorisationContext = {
          variant,
          commandVariant,
          suspended: d.status === 'Suspended',
          smetsGeneration: d.smetsGeneration
        }
        const fresh = evaluateAuthorisation(edition, context)
        // twice: the first call may fill the slot, the second reads it
        expect(rightOf(authoriseRequest(request, d, { edition }))).toEqual(fresh)
        expect(rightOf(authoriseRequest(request, d, { edition }))).toEqual(fresh)
      }
    }
  )

  const facts = fc.tuple(variantIndex, arb.commandVariant, fc.boolean(), arb.smetsGeneration)
  test.prop([facts, facts])('numbers two contexts alike only when their facts are alike, within the memo', (a, b) => {
    const slotA = contextSlot(...(a as [number, CommandVariant, boolean, 'SMETS1' | 'SMETS2']))
    const slotB = contextSlot(...(b as [number, CommandVariant, boolean, 'SMETS1' | 'SMETS2']))
    expect(slotA === slotB).toBe(JSON.stringify(a) === JSON.stringify(b))
    expect(slotA).toBeGreaterThanOrEqual(0)
    expect(slotA).toBeLessThan(serviceRequestVariants.length * SLOTS_PER_VARIANT)
  })
})
