// Imports the built package from native ESM and from CommonJS and makes one decision with each.
import { createRequire } from 'node:module'
import assert from 'node:assert/strict'

const device = {
  deviceId: '00-DB-12-34-56-78-90-A0',
  deviceType: 'ESME',
  smetsGeneration: 'SMETS2',
  status: 'Suspended',
  statusBeforeSuspension: 'Commissioned',
  manufacturer: 'ACME',
  model: 'E-200',
  firmwareVersion: '0102AB00'
}
const request = { serviceReferenceVariant: '2.2', commandVariant: 1 }

const esm = await import('../dist/index.js')
const cjs = createRequire(import.meta.url)('../dist/index.cjs')
for (const [name, lib] of [
  ['ESM', esm],
  ['CJS', cjs]
]) {
  const decision = lib.authoriseRequest(request, device)
  assert.equal(decision._tag, 'Right', `${name}: ${JSON.stringify(decision)}`)
  assert.equal(decision.right.responseCode, 'E5')
  console.log(`${name}: ok (${decision.right.rules.join(', ')} ${decision.right.outcome} ${decision.right.responseCode})`)
}
