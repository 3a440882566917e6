/**
 * A small, independent model of the Smart Metering Inventory for the model-based property
 * (test/properties/model-based.test.ts). It restates docs/specification.md §2 in the plainest
 * code possible, straight from its prose. It deliberately imports nothing from `src/rules`, nor any
 * engine: only types and the DUIS SRV catalogue (reference data: criticality and the Non-Device
 * flag). If the library and this model disagree, one of them misreads the specification.
 */
import type { Alert, CplRemoval, Device, Edition, ServiceRequest, ServiceResponse } from '../../src/index.js'
import { serviceRequestVariants } from '../../src/index.js'

export type CplState = 'Current' | 'Removed'

/** The model's whole world: one device record, the CPL as a map, and the edition in force. */
export interface SmiModel {
  device: Device
  cpl: Map<string, CplState>
  readonly edition: Edition
}

export const keyOf = (manufacturer: string, model: string, firmwareVersion: string): string =>
  JSON.stringify([manufacturer, model, firmwareVersion])

/** What the model expects a step to do: refuse the input, or decide. */
export type Expectation<T> = { readonly error: true } | ({ readonly error: false } & T)

const INPUT_ERROR = { error: true } as const

// ------------------------------------------------------------------ authorisation

const CRITICAL: ReadonlySet<string> = new Set(serviceRequestVariants.filter((v) => v.critical).map((v) => v.srv))
const NON_DEVICE: ReadonlySet<string> = new Set(serviceRequestVariants.filter((v) => v.nonDevice).map((v) => v.srv))

/**
 * The Non-Device requests of DUIS sections 8 and 12 that the specification lists (rule A8): nothing
 * reaches the device. Written out, not derived from the library, so that the tests that use it are
 * independent oracles.
 */
export const DCC_RECORD_SRVS: readonly string[] = [
  '8.2',
  '8.3',
  '8.4',
  '8.6',
  '8.13',
  '8.14.1',
  '8.14.2',
  '8.14.3',
  '8.14.4',
  '12.1',
  '12.2'
]
const DCC_RECORDS: ReadonlySet<string> = new Set(DCC_RECORD_SRVS)

function cvFits(srv: string, cv: number): boolean {
  if (CRITICAL.has(srv)) return cv >= 4 && cv <= 7
  if (NON_DEVICE.has(srv)) return cv === 8
  return cv >= 1 && cv <= 3
}

export type ExpectedAuthorisation = Expectation<
  { readonly outcome: 'Authorised' } | { readonly outcome: 'Rejected'; readonly responseCode: 'E5' | 'E12' }
>

export function authorise(m: SmiModel, sr: ServiceRequest): ExpectedAuthorisation {
  if (sr.deviceId !== undefined && sr.deviceId !== m.device.deviceId) return INPUT_ERROR
  const srv = sr.serviceReferenceVariant
  if (!cvFits(srv, sr.commandVariant)) return { error: false, outcome: 'Rejected', responseCode: 'E12' }
  if (m.device.status !== 'Suspended') return { error: false, outcome: 'Authorised' }
  // Suspended: Critical ones, and the PIA's exceptions, pass; everything else is E5.
  const passes =
    CRITICAL.has(srv) ||
    srv === '11.1' ||
    srv === '6.23' ||
    (srv === '2.2' && sr.commandVariant === 2 && m.device.smetsGeneration === 'SMETS1') ||
    (srv === '11.2' && m.edition === 'SECMP0105') ||
    DCC_RECORDS.has(srv)
  return passes ? { error: false, outcome: 'Authorised' } : { error: false, outcome: 'Rejected', responseCode: 'E5' }
}

// ------------------------------------------------------------------ responses

export type ExpectedResponse = Expectation<{ readonly device: Device; readonly alerts: readonly Alert[] }>

function withUserId<T extends object>(alert: T, userId: string | undefined): T {
  return userId === undefined ? alert : { ...alert, recipientUserId: userId }
}

function n29(d: Device): Alert[] {
  return [
    withUserId(
      { code: 'N29' as const, recipient: 'ResponsibleImportSupplier' as const, deviceId: d.deviceId },
      d.responsibleImportSupplier
    ),
    withUserId(
      { code: 'N29' as const, recipient: 'ResponsibleNetworkOperator' as const, deviceId: d.deviceId },
      d.responsibleNetworkOperator
    )
  ]
}

function n52(d: Device, reported: string): Alert[] {
  const body = { deviceId: d.deviceId, deviceType: 'GSME' as const, firmwareVersionSmi: d.firmwareVersion, firmwareVersionDevice: reported }
  return [
    withUserId({ code: 'N52' as const, recipient: 'ResponsibleImportSupplier' as const, ...body }, d.responsibleImportSupplier),
    withUserId({ code: 'N52' as const, recipient: 'ResponsibleNetworkOperator' as const, ...body }, d.responsibleNetworkOperator)
  ]
}

/** The specification's "restore": back to the status before suspension, on the reported firmware. */
function restored(d: Device, reported: string): Device {
  const copy: Record<string, unknown> = { ...d }
  copy.status = d.statusBeforeSuspension
  delete copy.statusBeforeSuspension
  copy.firmwareVersion = reported
  return copy as unknown as Device
}

export function respond(m: SmiModel, r: ServiceResponse): ExpectedResponse {
  const d = m.device
  if (r.deviceId !== undefined && r.deviceId !== d.deviceId) return INPUT_ERROR
  const byGpf = r.respondent === 'GPF'
  if (byGpf && !(r.serviceReferenceVariant === '11.2' && d.deviceType === 'GSME')) return INPUT_ERROR

  const nothing = { error: false, device: d, alerts: [] } as const
  const reported = r.firmwareVersion
  if (byGpf) {
    // the GPF's copy never changes the GSME's record; a mismatch is reported with N52
    return reported !== undefined && reported !== d.firmwareVersion ? { error: false, device: d, alerts: n52(d, reported) } : nothing
  }
  if (reported === undefined) return nothing // SR11.3 without a version, or an SR11.2 read failure
  const current = m.cpl.get(keyOf(d.manufacturer, d.model, reported)) === 'Current'
  if (!current) return nothing
  const suspended = d.status === 'Suspended'

  if (r.serviceReferenceVariant === '11.2') {
    // only SECMP0105 lets an SR11.2 response restore
    return suspended && m.edition === 'SECMP0105' ? { error: false, device: restored(d, reported), alerts: n29(d) } : nothing
  }
  // SR11.3: SECMP0105 ignores the response code; the baseline acts only on success
  const acts = m.edition === 'SECMP0105' || r.activateImageResponseCode === 'success'
  if (!acts) return nothing
  if (suspended) return { error: false, device: restored(d, reported), alerts: n29(d) }
  if (reported === d.firmwareVersion) return nothing
  return { error: false, device: { ...d, firmwareVersion: reported }, alerts: [] }
}

// ------------------------------------------------------------------ CPL removal

export type ExpectedRemoval = Expectation<{ readonly device: Device }>

export function remove(m: SmiModel, removal: CplRemoval): ExpectedRemoval {
  const key = keyOf(removal.manufacturer, removal.model, removal.firmwareVersion)
  if (m.cpl.get(key) !== 'Current') return INPUT_ERROR
  const d = m.device
  const runsIt = d.manufacturer === removal.manufacturer && d.model === removal.model && d.firmwareVersion === removal.firmwareVersion
  const suspendable = d.status !== 'Suspended' && d.status !== 'Decommissioned' && d.status !== 'Withdrawn'
  if (runsIt && suspendable) return { error: false, device: { ...d, status: 'Suspended', statusBeforeSuspension: d.status } as Device }
  return { error: false, device: d }
}
