/**
 * Property 5: E5 ⇔ Suspended ∧ Non-Critical ∧ not an exception, over every SRV × CV × SMETS
 * generation × status (× edition); a device that is not Suspended is never refused E5; the CV
 * check (E12) always comes first. The oracle reads only the DUIS catalogue's flags and the PIA's
 * list of exceptions, not the rule table.
 */
import { describe, expect, it } from 'vitest'
import { fc, test } from '@fast-check/vitest'
import {
  authoriseRequest,
  DeviceStatus,
  Edition,
  serviceRequestVariant,
  serviceRequestVariants,
  SmetsGeneration,
  UnsuspendedStatus,
  type CommandVariant,
  type Device,
  type ServiceRequest
} from '../../src/index.js'
import * as arb from '../arbitraries.js'
import { DCC_RECORD_SRVS } from '../model/smi.js'
import { rightOf } from './support.js'

/** DUIS: Critical SRVs take CV 4-7, Non-Device ones CV 8, the others CV 1-3. */
function cvFits(srv: string, cv: number): boolean {
  const info = serviceRequestVariant(srv)
  if (info === undefined) throw new Error(`unknown SRV ${srv}`)
  return info.critical ? cv >= 4 && cv <= 7 : info.nonDevice ? cv === 8 : cv >= 1 && cv <= 3
}

/** The Non-Device requests of DUIS sections 8 and 12, as the specification lists them (rule A8). */
const DCC_RECORDS = new Set(DCC_RECORD_SRVS)

/** PIA §2.1's exceptions, SECMP0105's SR11.2, and the DCC's own records (A8). */
function isException(sr: ServiceRequest, device: Device, edition: Edition): boolean {
  const srv = sr.serviceReferenceVariant
  return (
    srv === '11.1' ||
    srv === '6.23' ||
    (srv === '2.2' && sr.commandVariant === 2 && device.smetsGeneration === 'SMETS1') ||
    (srv === '11.2' && edition === 'SECMP0105') ||
    DCC_RECORDS.has(srv)
  )
}

function expectedCode(sr: ServiceRequest, device: Device, edition: Edition): 'E5' | 'E12' | undefined {
  if (!cvFits(sr.serviceReferenceVariant, sr.commandVariant)) return 'E12'
  const critical = serviceRequestVariant(sr.serviceReferenceVariant)?.critical === true
  return device.status === 'Suspended' && !critical && !isException(sr, device, edition) ? 'E5' : undefined
}

function codeOf(sr: ServiceRequest, device: Device, edition: Edition): 'E5' | 'E12' | undefined {
  const decision = rightOf(authoriseRequest(sr, device, { edition }))
  return decision.outcome === 'Rejected' ? decision.responseCode : undefined
}

const request = fc.record({ serviceReferenceVariant: arb.focusedServiceReferenceVariant, commandVariant: arb.commandVariant })

describe('property 5: E5 is exactly the Suspended, Non-Critical, unexcepted requests; E12 comes first', () => {
  test.prop([request, arb.device({ status: fc.oneof(arb.deviceStatus, fc.constant('Suspended' as const)) }), arb.edition])(
    'a request is refused with E12 when its CV does not fit, else with E5 exactly when the device is Suspended, the SRV Non-Critical and not an exception',
    (sr, device, edition) => {
      expect(codeOf(sr, device, edition)).toBe(expectedCode(sr, device, edition))
    }
  )

  test.prop([request, arb.device({ status: arb.unsuspendedStatus }), arb.edition])(
    'a device that is not Suspended is never refused E5',
    (sr, device, edition) => {
      expect(codeOf(sr, device, edition)).not.toBe('E5')
    }
  )

  test.prop([request.filter((sr) => !cvFits(sr.serviceReferenceVariant, sr.commandVariant)), arb.device(), arb.edition])(
    'a CV that does not fit the SRV is refused with E12 whatever the device status',
    (sr, device, edition) => {
      expect(codeOf(sr, device, edition)).toBe('E12')
    }
  )

  it('holds for every SRV × CV × SMETS generation × status × edition, exhaustively', () => {
    const mismatches: string[] = []
    let checked = 0
    for (const { srv } of serviceRequestVariants)
      for (let cv = 1; cv <= 8; cv++)
        for (const smetsGeneration of SmetsGeneration.values)
          for (const status of DeviceStatus.values)
            for (const before of status === 'Suspended' ? UnsuspendedStatus.values : [undefined])
              for (const edition of Edition.values) {
                const device = {
                  deviceId: '00-DB-12-34-56-78-90-A0',
                  deviceType: 'ESME',
                  smetsGeneration,
                  status,
                  ...(before === undefined ? {} : { statusBeforeSuspension: before }),
                  manufacturer: 'ACME',
                  model: 'E-200',
                  firmwareVersion: '0101AA00'
                } as Device
                const sr = { serviceReferenceVariant: srv, commandVariant: cv as CommandVariant }
                checked++
                const want = expectedCode(sr, device, edition)
                const got = codeOf(sr, device, edition)
                if (want !== got)
                  mismatches.push(`${srv} CV${cv} ${smetsGeneration} ${status}/${before} ${edition}: expected ${want}, got ${got}`)
              }
    expect(checked).toBe(129 * 8 * 2 * (8 + 8) * 2)
    expect(mismatches).toEqual([])
  })
})
