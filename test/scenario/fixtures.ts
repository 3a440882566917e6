/** Devices, CPLs and scenario builders shared by the scenario tests. */
import { RIS, RNO, suspendedEsme } from '../support.js'

export { RIS, RNO, suspendedEsme }
export const ESME_ID = suspendedEsme.deviceId

export const cpl = [
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00', status: 'Removed' },
  { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
]

export const readFirmware = { serviceReferenceVariant: '11.2', commandVariant: 1 }
export const readFirmwareResponse = { serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' }

/** A file with one scenario of the given steps (edition SECMP0105 unless given). */
export function oneScenario(steps: unknown[], extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    description: 'test file',
    scenarios: [{ id: 's1', description: 'a scenario', given: { device: suspendedEsme, cpl }, steps, ...extra }]
  }
}

/** The example of docs/specification.md §4, filled in: one step of each kind and an error step. */
export const contractExample = {
  description: 'what this file covers',
  scenarios: [
    {
      id: 'R1-gpf-never-restores',
      description: 'the example of docs/specification.md §4, filled in',
      edition: 'SECMP0105',
      given: { device: suspendedEsme, cpl },
      steps: [
        {
          request: { serviceReferenceVariant: '2.2', commandVariant: 1 },
          expect: { outcome: 'Rejected', responseCode: 'E5', rules: ['A7'] }
        },
        {
          response: readFirmwareResponse,
          expect: {
            device: { status: 'Commissioned', statusBeforeSuspension: null },
            alerts: [
              { code: 'N29', recipient: 'ResponsibleImportSupplier' },
              { code: 'N29', recipient: 'ResponsibleNetworkOperator' }
            ]
          }
        },
        { cplRemoval: { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00' }, expect: { device: { status: 'Suspended' } } },
        { response: { serviceReferenceVariant: '11.2', firmwareVersion: '' }, expect: { error: true } }
      ]
    }
  ]
}

/** Freezes a JSON value all the way down. */
export function deepFreeze<T>(u: T): T {
  if (typeof u === 'object' && u !== null) {
    for (const v of Object.values(u)) deepFreeze(v)
    Object.freeze(u)
  }
  return u
}
