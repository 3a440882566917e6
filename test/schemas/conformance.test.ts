/**
 * The JSON Schemas in schemas/ and the library's io-ts codecs must give the same answer for every
 * shared fixture in test/fixtures: every valid fixture passes both, every invalid one fails both
 * (and the library reports it at the path the fixture names). The one difference JSON Schema
 * cannot avoid is listed in KNOWN_DIFFERENCES, and the test checks that it still holds.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js'
import type { Either } from 'fp-ts/lib/Either.js'
import { describe, expect, it } from 'vitest'
import {
  ActivateImageResponseCode,
  CplEntry,
  CplRemoval,
  CplStatus,
  DeviceStatus,
  DeviceType,
  Recipient,
  Respondent,
  SmetsGeneration,
  UnsuspendedStatus,
  decodeAlert,
  decodeCpl,
  decodeDevice,
  decodeServiceRequest,
  decodeServiceResponse,
  rules,
  serviceRequestVariants,
  type InputError
} from '../../src/index.js'
import { decodeWith } from '../../src/internal/decode.js'
import { ProtocolMessage, answerCodec } from '../../src/conformance/protocol.js'
import { RULE_IDS, SCHEMA_BASE, catalogueSrvs, render } from '../../scripts/generate-schemas.mjs'

const root = fileURLToPath(new URL('../..', import.meta.url))
const schemasDir = join(root, 'schemas')
const fixturesDir = join(root, 'test/fixtures')

/** Each fixture directory's schema file and the library function that decodes the same shape. */
const SHAPES: Record<string, { readonly schema: string; readonly decode: (u: unknown) => Either<InputError, unknown> }> = {
  device: { schema: 'device.schema.json', decode: decodeDevice },
  cpl: { schema: 'cpl.schema.json', decode: decodeCpl },
  'cpl-entry': { schema: 'cpl-entry.schema.json', decode: (u) => decodeWith(CplEntry, 'entry', u) },
  'cpl-removal': { schema: 'cpl-removal.schema.json', decode: (u) => decodeWith(CplRemoval, 'removal', u) },
  'service-request': { schema: 'service-request.schema.json', decode: decodeServiceRequest },
  'service-response': { schema: 'service-response.schema.json', decode: decodeServiceResponse },
  alert: { schema: 'alert.schema.json', decode: decodeAlert },
  // the conformance protocol: each message as serve reads it, each answer as the runner checks it
  'protocol-start': { schema: 'protocol-start.schema.json', decode: (u) => decodeWith(ProtocolMessage, '', u) },
  'protocol-authorise': { schema: 'protocol-authorise.schema.json', decode: (u) => decodeWith(ProtocolMessage, '', u) },
  'protocol-process': { schema: 'protocol-process.schema.json', decode: (u) => decodeWith(ProtocolMessage, '', u) },
  'protocol-cpl-removal': { schema: 'protocol-cpl-removal.schema.json', decode: (u) => decodeWith(ProtocolMessage, '', u) },
  'protocol-stop': { schema: 'protocol-stop.schema.json', decode: (u) => decodeWith(ProtocolMessage, '', u) },
  'protocol-start-answer': { schema: 'protocol-start-answer.schema.json', decode: (u) => decodeWith(answerCodec('start'), '', u) },
  'protocol-authorise-answer': {
    schema: 'protocol-authorise-answer.schema.json',
    decode: (u) => decodeWith(answerCodec('authorise'), '', u)
  },
  'protocol-process-answer': { schema: 'protocol-process-answer.schema.json', decode: (u) => decodeWith(answerCodec('process'), '', u) },
  'protocol-cpl-removal-answer': {
    schema: 'protocol-cpl-removal-answer.schema.json',
    decode: (u) => decodeWith(answerCodec('cplRemoval'), '', u)
  }
}

/**
 * Fixtures on which the schema and the library are known to disagree, and why. Each is still run:
 * the test checks that the schema accepts it and the library refuses it, so that the entry is
 * removed once the difference goes away. Documented in schemas/README.md.
 */
const KNOWN_DIFFERENCES: Readonly<Record<string, string>> = {
  'invalid/cpl/duplicate-key-different-status.json':
    'JSON Schema cannot say "no two entries share manufacturer, model and firmwareVersion": uniqueItems compares whole entries, so a duplicate key with a different status passes the schema'
}

interface Fixture {
  readonly file: string
  readonly valid: boolean
  readonly shape: string
  readonly description: string
  readonly invalidAt?: string
  readonly data: unknown
}

function loadFixtures(): Fixture[] {
  const out: Fixture[] = []
  for (const kind of ['valid', 'invalid'] as const) {
    for (const shape of readdirSync(join(fixturesDir, kind)).sort()) {
      for (const name of readdirSync(join(fixturesDir, kind, shape)).sort()) {
        const file = `${kind}/${shape}/${name}`
        const body = JSON.parse(readFileSync(join(fixturesDir, file), 'utf8')) as Omit<Fixture, 'file' | 'valid' | 'shape'>
        out.push({ file, valid: kind === 'valid', shape, ...body })
      }
    }
  }
  return out
}

const fixtures = loadFixtures()
const schemaFiles = readdirSync(schemasDir)
  .filter((f) => f.endsWith('.schema.json'))
  .sort()

/** The schemas this project generates (scripts/generate-schemas.mjs); others, such as the scenario schema, are written by hand. */
const generated = Object.keys(render(catalogueSrvs())).sort()

/**
 * Every schema in schemas/, in one ajv instance (so that cross-file references resolve). Strict
 * mode refuses unknown keywords; `strictTypes` and `strictRequired` are ajv's own lints about
 * style, not the standard, and are applied to the generated schemas only (see below).
 */
function makeAjv(files: readonly string[], options: { strictTypes: boolean; strictRequired: boolean }): Ajv2020 {
  const ajv = new Ajv2020({ strict: true, ...options, allErrors: true })
  for (const f of files) ajv.addSchema(JSON.parse(readFileSync(join(schemasDir, f), 'utf8')))
  return ajv
}

const ajv = makeAjv(schemaFiles, { strictTypes: false, strictRequired: false })
const validator = (schemaFile: string): ValidateFunction => {
  const v = ajv.getSchema(SCHEMA_BASE + schemaFile)
  if (v === undefined) throw new Error(`no schema ${schemaFile}`)
  return v
}

describe('the JSON Schemas', () => {
  it('compile under ajv strict mode, each with its $id under the published schemas/ URL', () => {
    expect(schemaFiles).toEqual(expect.arrayContaining(generated))
    expect(generated).toHaveLength(16)
    for (const f of schemaFiles) {
      const schema = JSON.parse(readFileSync(join(schemasDir, f), 'utf8')) as { $schema: string; $id: string }
      expect(schema.$schema, f).toBe('https://json-schema.org/draft/2020-12/schema')
      expect(schema.$id, f).toBe(SCHEMA_BASE + f)
      expect(ajv.getSchema(schema.$id), f).toBeTypeOf('function')
    }
  })

  it("that are generated also pass ajv's strictTypes lint (strictRequired is off: the device schema's if/then names a field of its parent)", () => {
    const strictest = makeAjv(generated, { strictTypes: true, strictRequired: false })
    for (const f of generated) expect(strictest.getSchema(SCHEMA_BASE + f), f).toBeTypeOf('function')
  })

  it("all compile with ajv's default options without a single warning, the hand-written scenario schema included", () => {
    const warnings: string[] = []
    const record = (...args: unknown[]): void => void warnings.push(args.map(String).join(' '))
    // ajv's defaults (strict mode, strictTypes "log"), with its logger caught instead of printing
    const defaults = new Ajv2020({ logger: { log: record, warn: record, error: record } })
    for (const f of schemaFiles) defaults.addSchema(JSON.parse(readFileSync(join(schemasDir, f), 'utf8')))
    for (const f of schemaFiles) expect(defaults.getSchema(SCHEMA_BASE + f), f).toBeTypeOf('function')
    expect(warnings).toEqual([])
  })

  it('are exactly what scripts/generate-schemas.mjs generates (run `npm run generate:schemas` after changing it)', () => {
    for (const [file, text] of Object.entries(render(catalogueSrvs()))) {
      expect(readFileSync(join(schemasDir, file), 'utf8'), file).toBe(text)
    }
  })

  it('list the same 129 SRV ids as the catalogue the library is built from, in DUIS order', () => {
    const schema = JSON.parse(readFileSync(join(schemasDir, 'service-request.schema.json'), 'utf8')) as {
      $defs: { serviceReferenceVariant: { enum: string[] } }
    }
    const srvs = schema.$defs.serviceReferenceVariant.enum
    expect(srvs).toHaveLength(129)
    expect(srvs).toEqual(serviceRequestVariants.map((v) => v.srv))
    expect(srvs).toEqual(catalogueSrvs())
  })

  it("of the protocol's answers list exactly the library's rule ids", () => {
    expect(RULE_IDS).toEqual(rules.map((r) => r.id))
  })

  it('accept a request for each of the 129 SRVs, as the library does', () => {
    const validate = validator('service-request.schema.json')
    for (const { srv } of serviceRequestVariants) {
      const request = { serviceReferenceVariant: srv, commandVariant: 1 }
      expect(validate(request), srv).toBe(true)
      expect(decodeServiceRequest(request)._tag, srv).toBe('Right')
    }
  })
})

describe('the shared fixtures', () => {
  it('are well-formed: a known shape, a description, and invalidAt exactly on the invalid ones', () => {
    expect(fixtures.length).toBeGreaterThan(100)
    for (const f of fixtures) {
      expect(Object.keys(SHAPES), f.file).toContain(f.shape)
      expect(f.description, f.file).toMatch(/\S/)
      expect(f.file.endsWith('.json'), f.file).toBe(true)
      if (f.valid) expect(f.invalidAt, f.file).toBeUndefined()
      else expect(f.invalidAt, f.file).toMatch(/^[a-z]/)
    }
  })

  it('cover every shape with valid and invalid cases', () => {
    for (const shape of Object.keys(SHAPES)) {
      expect(
        fixtures.some((f) => f.shape === shape && f.valid),
        shape
      ).toBe(true)
      expect(
        fixtures.some((f) => f.shape === shape && !f.valid),
        shape
      ).toBe(true)
    }
  })

  it('use every value of every enumeration in some valid fixture', () => {
    const seen = (shape: string, field: string): Set<unknown> =>
      new Set(
        fixtures
          .filter((f) => f.valid && f.shape === shape)
          .flatMap((f) => (Array.isArray(f.data) ? f.data : [f.data]) as Record<string, unknown>[])
          .map((d) => d[field])
      )
    const covers = (shape: string, field: string, values: readonly unknown[]): void => {
      const s = seen(shape, field)
      for (const v of values) expect(s.has(v), `${shape}.${field} = ${JSON.stringify(v)}`).toBe(true)
    }
    covers('device', 'status', DeviceStatus.values)
    covers('device', 'statusBeforeSuspension', UnsuspendedStatus.values)
    covers('device', 'deviceType', DeviceType.values)
    covers('device', 'smetsGeneration', SmetsGeneration.values)
    covers('cpl-entry', 'status', CplStatus.values)
    covers('cpl', 'status', CplStatus.values)
    covers('service-request', 'commandVariant', [1, 2, 3, 4, 5, 6, 7, 8])
    covers('service-response', 'serviceReferenceVariant', ['11.2', '11.3'])
    covers('service-response', 'respondent', Respondent.values)
    covers('service-response', 'activateImageResponseCode', ActivateImageResponseCode.values)
    covers('alert', 'code', ['N29', 'N52'])
    covers('alert', 'recipient', Recipient.values)
  })

  it('name every known difference after a fixture that exists', () => {
    for (const file of Object.keys(KNOWN_DIFFERENCES)) expect(fixtures.map((f) => f.file)).toContain(file)
  })

  describe.each(fixtures.map((f) => [f.file, f] as const))('%s', (_, f) => {
    const shape = SHAPES[f.shape]
    const known = KNOWN_DIFFERENCES[f.file]
    if (shape === undefined) return

    if (f.valid) {
      it(`passes the schema and the library: ${f.description}`, () => {
        const validate = validator(shape.schema)
        expect(validate(f.data), JSON.stringify(validate.errors)).toBe(true)
        const decoded = shape.decode(f.data)
        expect(decoded._tag === 'Left' ? decoded.left.message : 'Right').toBe('Right')
      })
    } else {
      it(`is refused by the library at ${f.invalidAt}: ${f.description}`, () => {
        const decoded = shape.decode(f.data)
        if (decoded._tag === 'Right') expect.fail('the library accepted it')
        expect(decoded.left.issues.map((i) => i.path)).toContain(f.invalidAt)
      })
      if (known === undefined) {
        it(`is refused by the schema: ${f.description}`, () => {
          expect(validator(shape.schema)(f.data)).toBe(false)
        })
      } else {
        it(`is accepted by the schema, a known and documented difference: ${known}`, () => {
          expect(validator(shape.schema)(f.data)).toBe(true)
        })
      }
    }
  })
})
