// `npm start`: shows what the rules decide for a Suspended device, in both editions.
import { authoriseRequest, processResponse } from '../dist/index.js'

const device = {
  deviceId: '00-DB-12-34-56-78-90-A0',
  deviceType: 'ESME',
  smetsGeneration: 'SMETS2',
  status: 'Suspended',
  statusBeforeSuspension: 'Commissioned',
  manufacturer: 'ACME',
  model: 'E-200',
  firmwareVersion: '0101AA00',
  responsibleImportSupplier: '90-B3-D5-1F-30-01-00-01',
  responsibleNetworkOperator: '90-B3-D5-1F-30-01-00-02'
}
const cpl = [{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }]
const show = (label, r) =>
  console.log(
    `${label.padEnd(48)} ${r._tag === 'Left' ? `error: ${r.left.message}` : `${r.right.rules.join(',')} ${r.right.outcome ?? r.right.device.status}${r.right.responseCode ? ' ' + r.right.responseCode : ''}${r.right.alerts?.length ? ' alerts ' + r.right.alerts.map((a) => a.code).join(',') : ''}`}`
  )

for (const edition of ['baseline', 'SECMP0105']) {
  console.log(`\n${edition}`)
  show('SR11.2 Read Firmware Version (CV 1)', authoriseRequest({ serviceReferenceVariant: '11.2', commandVariant: 1 }, device, { edition }))
  show('SR2.2 Top Up Device (CV 1)', authoriseRequest({ serviceReferenceVariant: '2.2', commandVariant: 1 }, device, { edition }))
  show('SR11.3 Activate Firmware (CV 5)', authoriseRequest({ serviceReferenceVariant: '11.3', commandVariant: 5 }, device, { edition }))
  show(
    'SR11.2 response, firmware Current',
    processResponse({ serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' }, device, cpl, { edition })
  )
  show(
    'SR11.3 response, hashMismatch, firmware Current',
    processResponse(
      { serviceReferenceVariant: '11.3', activateImageResponseCode: 'hashMismatch', firmwareVersion: '0102AB00' },
      device,
      cpl,
      { edition }
    )
  )
}
