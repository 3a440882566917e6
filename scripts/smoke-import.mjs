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

// every subpath entry point loads in both module systems, and shares the root's core: a setting
// made through the root is the one the subpaths see (one copy of the codecs, not one per entry)
const pkg = JSON.parse(await (await import('node:fs/promises')).readFile(new URL('../package.json', import.meta.url), 'utf8'))
const require = createRequire(import.meta.url)
for (const sub of Object.keys(pkg.exports).filter((k) => k !== '.' && !k.includes('*') && k !== './package.json')) {
  const name = sub.slice(2)
  const subEsm = await import(`../dist/${name}.js`)
  const subCjs = require(`../dist/${name}.cjs`)
  assert.ok(Object.keys(subEsm).length > 0, `${sub} (ESM) exports nothing`)
  assert.deepEqual(Object.keys(subCjs).sort(), Object.keys(subEsm).sort(), `${sub}: the same exports in ESM and CJS`)
  console.log(`${sub}: ok (ESM and CJS: ${Object.keys(subEsm).sort().join(', ')})`)
}
const harness = require('../dist/harness.cjs')
const smi = harness.createSmi({ devices: [device] })
assert.equal(smi._tag, 'Right')
assert.equal(smi.right.apply({ deviceId: device.deviceId, request }).right.decision.responseCode, 'E5')
for (const file of ['harness.cjs', 'harness.js', 'index.cjs', 'index.js']) {
  const text = await (await import('node:fs/promises')).readFile(new URL(`../dist/${file}`, import.meta.url), 'utf8')
  assert.ok(!text.includes('new Function('), `${file} holds its own copy of the codecs; expected it to share the core chunk`)
}
console.log('harness (CJS): ok (decides through createSmi; the entry points share one copy of the core)')
