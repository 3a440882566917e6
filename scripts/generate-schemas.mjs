#!/usr/bin/env node
// Generates the JSON Schemas (draft 2020-12) of the JSON shapes of docs/specification.md §3 into schemas/.
// The Service Request Variant enumeration comes from data/service-request-variants.json, the
// catalogue the library itself is generated from. Run `npm run generate:schemas` after either
// changes; test/schemas/conformance.test.ts fails while schemas/ and this script disagree.
//
// Each schema is self-contained (its building blocks are inlined under `$defs`), so a harness in
// any language can load one file without a schema registry.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

/** Where the published schemas can be fetched (and the base of every `$id`). */
export const SCHEMA_BASE = 'https://unpkg.com/suspended-device-rules/schemas/'

const DRAFT = 'https://json-schema.org/draft/2020-12/schema'

/** The building blocks, referenced as `#/$defs/<name>` and inlined into each schema that uses them. */
function definitions(srvs) {
  const deviceStatuses = [
    'Pending',
    'Whitelisted',
    'InstalledNotCommissioned',
    'Commissioned',
    'Decommissioned',
    'Withdrawn',
    'Suspended',
    'Recovery',
    'Recovered'
  ]
  const eui64 = {
    description:
      'An EUI-64 as DUIS writes it: eight upper-case hex pairs joined by "-", e.g. "00-DB-12-34-56-78-90-A0". (The length bounds keep regex engines whose "$" also matches before a final newline from accepting one.)',
    type: 'string',
    minLength: 23,
    maxLength: 23,
    pattern: '^[0-9A-F]{2}(-[0-9A-F]{2}){7}$'
  }
  const firmwareVersion = {
    description:
      'A firmware version: 1 to 8 characters (Unicode code points, as JSON Schema counts them). GBCS uses 4 octets written as 8 hex digits; hex is not required.',
    type: 'string',
    minLength: 1,
    maxLength: 8
  }
  const productName = {
    description: 'A manufacturer or model name, as the CPL keys it: any non-empty string.',
    type: 'string',
    minLength: 1
  }
  const respondent = {
    description: "Who answered: the device itself (the default), or the GPF from its copy of a GSME's data.",
    enum: ['Device', 'GPF']
  }
  const recipient = {
    description: "Who receives an alert: the device's Responsible Import Supplier or Responsible Network Operator.",
    enum: ['ResponsibleImportSupplier', 'ResponsibleNetworkOperator']
  }
  const cplEntry = {
    description: 'One CPL entry, keyed by manufacturer, model and firmware version.',
    type: 'object',
    required: ['manufacturer', 'model', 'firmwareVersion', 'status'],
    properties: {
      manufacturer: { $ref: '#/$defs/productName' },
      model: { $ref: '#/$defs/productName' },
      firmwareVersion: { $ref: '#/$defs/firmwareVersion' },
      status: { $ref: '#/$defs/cplStatus' }
    },
    additionalProperties: false
  }
  return {
    eui64,
    firmwareVersion,
    productName,
    deviceStatus: { description: 'The SMI statuses of DUIS DeviceStatus.', enum: deviceStatuses },
    unsuspendedStatus: {
      description: 'Every status but "Suspended": what statusBeforeSuspension may hold.',
      enum: deviceStatuses.filter((s) => s !== 'Suspended')
    },
    deviceType: {
      description: 'The Type 1 device types of DUIS DeviceType. Type 2 devices (IHD, CAD) carry no SMI status and are outside these rules.',
      enum: ['ESME', 'GSME', 'GPF', 'CHF', 'PPMID', 'HCALCS']
    },
    smetsGeneration: { description: 'The SMETS generation of the device.', enum: ['SMETS1', 'SMETS2'] },
    cplStatus: { description: "A CPL entry's status.", enum: ['Current', 'Removed'] },
    cplEntry,
    serviceReferenceVariant: {
      description: `One of the ${srvs.length} DUIS Service Request Variants (generated from data/service-request-variants.json).`,
      enum: srvs
    },
    commandVariant: {
      description:
        'A DUIS Command Variant: 1-3 Non-Critical, 4-7 Critical, 8 Non-Device. Whether it suits the SRV is a rule (A1, E12), not a shape check.',
      type: 'integer',
      minimum: 1,
      maximum: 8
    },
    respondent,
    activateImageResponseCode: {
      description: 'The outcome code of an SR11.3 response (GBCS integers 0-3 in this order).',
      enum: ['success', 'noImageHeld', 'hashMismatch', 'activationFailure']
    },
    recipient,
    readFirmwareVersionResponse: {
      title: 'SR11.2 Read Firmware Version response',
      type: 'object',
      description: 'A response without firmwareVersion is a read failure: it changes nothing and raises no alert.',
      required: ['serviceReferenceVariant'],
      properties: {
        serviceReferenceVariant: { const: '11.2' },
        firmwareVersion: { $ref: '#/$defs/firmwareVersion' },
        respondent: { $ref: '#/$defs/respondent' },
        deviceId: { $ref: '#/$defs/eui64' }
      },
      additionalProperties: false
    },
    activateFirmwareResponse: {
      title: 'SR11.3 Activate Firmware response',
      description:
        'Both activateImageResponseCode and firmwareVersion are optional: an "accepted for future-dated execution" response has neither, and a SMETS1 failed activation may carry no firmware version.',
      type: 'object',
      required: ['serviceReferenceVariant'],
      properties: {
        serviceReferenceVariant: { const: '11.3' },
        activateImageResponseCode: { $ref: '#/$defs/activateImageResponseCode' },
        firmwareVersion: { $ref: '#/$defs/firmwareVersion' },
        respondent: { $ref: '#/$defs/respondent' },
        deviceId: { $ref: '#/$defs/eui64' }
      },
      additionalProperties: false
    },
    n29Alert: {
      title: 'N29 Device Restored from Suspension',
      type: 'object',
      required: ['code', 'recipient', 'deviceId'],
      properties: {
        code: { const: 'N29' },
        recipient: { $ref: '#/$defs/recipient' },
        recipientUserId: { $ref: '#/$defs/eui64', description: 'Present only when the device record names that recipient.' },
        deviceId: { $ref: '#/$defs/eui64' }
      },
      additionalProperties: false
    },
    n52Alert: {
      title: 'N52 GSME Firmware Version Mismatch',
      type: 'object',
      required: ['code', 'recipient', 'deviceId', 'deviceType', 'firmwareVersionSmi', 'firmwareVersionDevice'],
      properties: {
        code: { const: 'N52' },
        recipient: { $ref: '#/$defs/recipient' },
        recipientUserId: { $ref: '#/$defs/eui64', description: 'Present only when the device record names that recipient.' },
        deviceId: { $ref: '#/$defs/eui64' },
        deviceType: { const: 'GSME' },
        firmwareVersionSmi: { $ref: '#/$defs/firmwareVersion' },
        firmwareVersionDevice: { $ref: '#/$defs/firmwareVersion' }
      },
      additionalProperties: false
    }
  }
}

/** The top-level part of each schema file; `$defs` are added by `render`. */
function schemas() {
  return {
    'device.schema.json': {
      title: 'Device',
      description:
        'A device record (an entry of the Smart Metering Inventory). statusBeforeSuspension is present exactly when status is "Suspended". Fields beyond these are allowed and kept untouched by the library.',
      type: 'object',
      required: ['deviceId', 'deviceType', 'smetsGeneration', 'status', 'manufacturer', 'model', 'firmwareVersion'],
      properties: {
        deviceId: { $ref: '#/$defs/eui64' },
        deviceType: { $ref: '#/$defs/deviceType' },
        smetsGeneration: { $ref: '#/$defs/smetsGeneration' },
        status: { $ref: '#/$defs/deviceStatus' },
        statusBeforeSuspension: {
          $ref: '#/$defs/unsuspendedStatus',
          description: 'The status the device held before it was suspended: required when status is "Suspended", absent otherwise.'
        },
        manufacturer: { $ref: '#/$defs/productName' },
        model: { $ref: '#/$defs/productName' },
        firmwareVersion: { $ref: '#/$defs/firmwareVersion' },
        responsibleImportSupplier: { $ref: '#/$defs/eui64', description: 'The DCC User ID of the Responsible Import Supplier.' },
        responsibleNetworkOperator: { $ref: '#/$defs/eui64', description: 'The DCC User ID of the Responsible Network Operator.' }
      },
      if: { properties: { status: { const: 'Suspended' } }, required: ['status'] },
      then: { required: ['statusBeforeSuspension'] },
      else: { not: { required: ['statusBeforeSuspension'] } }
    },
    'cpl-entry.schema.json': { title: 'CPL entry', $ref: '#/$defs/cplEntry' },
    'cpl.schema.json': {
      title: 'Central Products List',
      description:
        'The CPL: an array of entries, no two with the same manufacturer, model and firmware version. JSON Schema can only refuse entries that are wholly equal (uniqueItems); two entries with the same key but different statuses pass this schema and are refused by the library (see schemas/README.md).',
      $comment: 'Known difference from the library: duplicate keys with different statuses. uniqueItems compares whole entries.',
      type: 'array',
      items: { $ref: '#/$defs/cplEntry' },
      uniqueItems: true
    },
    'cpl-removal.schema.json': {
      title: 'CPL removal',
      description: 'What a CPL removal names: the firmware taken off the list.',
      type: 'object',
      required: ['manufacturer', 'model', 'firmwareVersion'],
      properties: {
        manufacturer: { $ref: '#/$defs/productName' },
        model: { $ref: '#/$defs/productName' },
        firmwareVersion: { $ref: '#/$defs/firmwareVersion' }
      },
      additionalProperties: false
    },
    'service-request.schema.json': {
      title: 'Service request',
      description: 'A service request, as far as the rules read it: its SRV, its Command Variant and, optionally, the device it targets.',
      type: 'object',
      required: ['serviceReferenceVariant', 'commandVariant'],
      properties: {
        serviceReferenceVariant: { $ref: '#/$defs/serviceReferenceVariant' },
        commandVariant: { $ref: '#/$defs/commandVariant' },
        deviceId: { $ref: '#/$defs/eui64' }
      },
      additionalProperties: false
    },
    'service-response.schema.json': {
      title: 'Service response',
      description: 'A response the rules process: SR11.2 Read Firmware Version or SR11.3 Activate Firmware.',
      type: 'object',
      required: ['serviceReferenceVariant'],
      properties: { serviceReferenceVariant: { enum: ['11.2', '11.3'] } },
      oneOf: [{ $ref: '#/$defs/readFirmwareVersionResponse' }, { $ref: '#/$defs/activateFirmwareResponse' }]
    },
    'alert.schema.json': {
      title: 'DCC Alert',
      description:
        'A DCC Alert the rules emit, one per recipient: N29 Device Restored from Suspension or N52 GSME Firmware Version Mismatch.',
      type: 'object',
      required: ['code'],
      properties: { code: { enum: ['N29', 'N52'] } },
      oneOf: [{ $ref: '#/$defs/n29Alert' }, { $ref: '#/$defs/n52Alert' }]
    }
  }
}

/** The names a schema fragment refers to as `#/$defs/<name>`. */
function refsOf(node, out = new Set()) {
  if (Array.isArray(node)) for (const n of node) refsOf(n, out)
  else if (node !== null && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) out.add(v.slice('#/$defs/'.length))
      else refsOf(v, out)
    }
  }
  return out
}

/** Every schema file's text, by file name. */
export function render(srvs) {
  const defs = definitions(srvs)
  const files = {}
  for (const [file, body] of Object.entries(schemas())) {
    // the transitive closure of the definitions it uses, in definition order
    const used = refsOf(body)
    const pending = [...used]
    while (pending.length > 0) {
      for (const r of refsOf(defs[pending.pop()])) {
        if (!used.has(r)) {
          used.add(r)
          pending.push(r)
        }
      }
    }
    const $defs = Object.fromEntries(
      Object.keys(defs)
        .filter((n) => used.has(n))
        .map((n) => [n, defs[n]])
    )
    for (const name of used) if (defs[name] === undefined) throw new Error(`${file}: unknown definition ${name}`)
    const schema = { $schema: DRAFT, $id: SCHEMA_BASE + file, ...body, $defs }
    files[file] = JSON.stringify(schema, null, 2) + '\n'
  }
  return files
}

/** The SRV ids of the catalogue, in DUIS order. */
export function catalogueSrvs() {
  const source = JSON.parse(readFileSync(`${root}data/service-request-variants.json`, 'utf8'))
  return source.serviceRequestVariants.map((v) => v.srv)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const files = render(catalogueSrvs())
  for (const [file, text] of Object.entries(files)) writeFileSync(`${root}schemas/${file}`, text)
  console.log(`wrote ${Object.keys(files).length} schemas to schemas/`)
}
