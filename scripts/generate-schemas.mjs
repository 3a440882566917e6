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

/** A device record: device.schema.json, and the device of every protocol message. */
const deviceRecord = {
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
}

/** A CPL: cpl.schema.json, and the CPL of the protocol's messages and answers. */
const cplList = {
  description:
    'The CPL: an array of entries, no two with the same manufacturer, model and firmware version. JSON Schema can only refuse entries that are wholly equal (uniqueItems); two entries with the same key but different statuses pass this schema and are refused by the library (see schemas/README.md).',
  $comment: 'Known difference from the library: duplicate keys with different statuses. uniqueItems compares whole entries.',
  type: 'array',
  items: { $ref: '#/$defs/cplEntry' },
  uniqueItems: true
}

/** An alert: alert.schema.json, and each alert of an answer to process. */
const alertBody = {
  description: 'A DCC Alert the rules emit, one per recipient: N29 Device Restored from Suspension or N52 GSME Firmware Version Mismatch.',
  type: 'object',
  required: ['code'],
  properties: { code: { enum: ['N29', 'N52'] } },
  oneOf: [{ $ref: '#/$defs/n29Alert' }, { $ref: '#/$defs/n52Alert' }]
}

/** The rule ids of the specification, in its order (test/schemas/conformance.test.ts checks them against the library's). */
export const RULE_IDS = ['A1', 'A2', 'A3', 'A4', 'A5', 'A6', 'A8', 'A7', 'R1', 'R2', 'R3', 'R4', 'R5', 'R6', 'R7', 'S1', 'S2']

/** Building blocks of the conformance protocol (docs/specification.md §6). */
function protocolDefinitions() {
  const rules = {
    description:
      'The ids of the rules that decided the step. Required of an implementation that answered start with "rules": true; not read otherwise (these schemas describe the former).',
    type: 'array',
    items: { enum: RULE_IDS }
  }
  return {
    device: deviceRecord,
    cpl: cplList,
    alert: alertBody,
    messageId: {
      description: 'The id of a message, echoed by its answer.',
      type: 'integer',
      minimum: 0,
      maximum: Number.MAX_SAFE_INTEGER
    },
    edition: { description: 'A rule edition.', enum: ['baseline', 'SECMP0105'] },
    stepInput: {
      description:
        "The step's input as the scenario file gives it: an object, checked by the implementation (an invalid one is answered with an error; the scenarios send some on purpose).",
      type: 'object'
    },
    stepDevice: {
      description:
        'The device the scenario has reached, as an object: valid, unless the scenario gives an invalid one on purpose (the implementation answers it with an error).',
      type: 'object'
    },
    stepCpl: {
      description: 'The CPL the scenario has reached, as an array: valid, unless the scenario gives an invalid one on purpose.',
      type: 'array'
    },
    ruleIds: rules,
    errorAnswer: {
      title: 'An error answer',
      description: "The step's input is refused as invalid (docs/specification.md §2). Fields beyond these are ignored.",
      type: 'object',
      required: ['id', 'error'],
      properties: {
        id: { $ref: '#/$defs/messageId' },
        error: {
          type: 'object',
          required: ['message'],
          properties: { message: { type: 'string', description: 'Why the input is refused, in words.' } }
        }
      }
    }
  }
}

/** A request message: `cmd` and the fields it carries (each required). */
function message(cmd, title, properties) {
  return {
    title,
    description:
      'A message of the conformance protocol (docs/specification.md §6), runner to implementation, on one line. Fields beyond these are ignored.',
    type: 'object',
    required: ['id', 'cmd', ...Object.keys(properties)],
    properties: { id: { $ref: '#/$defs/messageId' }, cmd: { const: cmd }, ...properties }
  }
}

/** An answer to a step message: `{ id, decision }`, or `{ id, error }` when it has no decision. */
function answer(cmd, decision) {
  return {
    title: `The answer to ${cmd}`,
    description: `The implementation's answer to a ${cmd} message, on one line: its decision, or an error that refuses the input. Fields beyond these are ignored.`,
    type: 'object',
    if: { required: ['decision'] },
    then: {
      required: ['id', 'decision'],
      properties: { id: { $ref: '#/$defs/messageId' }, decision }
    },
    else: { $ref: '#/$defs/errorAnswer' }
  }
}

/** The schemas of the conformance protocol's messages and answers. */
function protocolSchemas() {
  const step = { edition: { $ref: '#/$defs/edition' } }
  const ruled = { rules: { $ref: '#/$defs/ruleIds' } }
  return {
    'protocol-start.schema.json': message('start', 'start', { protocol: { description: 'The protocol version: 1.', type: 'number' } }),
    'protocol-start-answer.schema.json': {
      title: 'The answer to start',
      description:
        'What the implementation says of itself: it is ready, its name and version, the editions it supports, and whether it reports rule ids. Fields beyond these are ignored.',
      type: 'object',
      required: ['id', 'ready', 'implementation', 'editions', 'rules'],
      properties: {
        id: { $ref: '#/$defs/messageId' },
        ready: { const: true },
        implementation: {
          type: 'object',
          required: ['name', 'version'],
          properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 } }
        },
        editions: {
          description: 'The editions it supports: scenarios of another are skipped.',
          type: 'array',
          items: { $ref: '#/$defs/edition' }
        },
        rules: { description: 'Whether it reports the rule ids of the specification (expect.rules is checked only then).', type: 'boolean' }
      }
    },
    'protocol-authorise.schema.json': message('authorise', 'authorise', {
      ...step,
      request: { $ref: '#/$defs/stepInput' },
      device: { $ref: '#/$defs/stepDevice' }
    }),
    'protocol-authorise-answer.schema.json': answer('authorise', {
      description: 'What authoriseRequest decides: Authorised, or Rejected with its response code.',
      type: 'object',
      required: ['outcome', 'rules'],
      properties: { outcome: { enum: ['Authorised', 'Rejected'] }, responseCode: { enum: ['E5', 'E12'] }, ...ruled },
      if: { properties: { outcome: { const: 'Rejected' } } },
      then: { required: ['responseCode'] }
    }),
    'protocol-process.schema.json': message('process', 'process', {
      ...step,
      response: { $ref: '#/$defs/stepInput' },
      device: { $ref: '#/$defs/stepDevice' },
      cpl: { $ref: '#/$defs/stepCpl' }
    }),
    'protocol-process-answer.schema.json': answer('process', {
      description: 'What processResponse decides: the device after the response and the alerts it emits.',
      type: 'object',
      required: ['device', 'alerts', 'rules'],
      properties: { device: { $ref: '#/$defs/device' }, alerts: { type: 'array', items: { $ref: '#/$defs/alert' } }, ...ruled }
    }),
    'protocol-cpl-removal.schema.json': message('cplRemoval', 'cplRemoval', {
      ...step,
      removal: { $ref: '#/$defs/stepInput' },
      device: { $ref: '#/$defs/stepDevice' },
      cpl: { $ref: '#/$defs/stepCpl' }
    }),
    'protocol-cpl-removal-answer.schema.json': answer('cplRemoval', {
      description: 'What a CPL removal decides: the device and the CPL after it (an alerts field, always empty, is ignored).',
      type: 'object',
      required: ['device', 'cpl', 'rules'],
      properties: { device: { $ref: '#/$defs/device' }, cpl: { $ref: '#/$defs/cpl' }, ...ruled }
    }),
    'protocol-stop.schema.json': message('stop', 'stop', {})
  }
}

/** The top-level part of each schema file; `$defs` are added by `render`. */
function schemas() {
  return {
    'device.schema.json': { title: 'Device', ...deviceRecord },
    'cpl-entry.schema.json': { title: 'CPL entry', $ref: '#/$defs/cplEntry' },
    'cpl.schema.json': { title: 'Central Products List', ...cplList },
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
    'alert.schema.json': { title: 'DCC Alert', ...alertBody },
    ...protocolSchemas()
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
  const defs = { ...definitions(srvs), ...protocolDefinitions() }
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
