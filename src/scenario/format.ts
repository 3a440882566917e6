/**
 * The scenario file format (docs/specification.md §4): the codec that checks a file's structure.
 *
 * Where the line is drawn. The scenario codec checks the *structure*: every object of the format
 * (the file, scenarios, `given`, steps, `expect`, expected alerts) and the field names of the
 * domain objects a step carries (`request`, `response`, `cplRemoval`, the CPL entries). A problem
 * there makes the whole file invalid. The *values* of those domain objects, and the whole device
 * record (whose extra fields are allowed), are checked by the library when the step runs, so that
 * a scenario can show that an input is refused (`expect: { error: true }`).
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import type { Either } from 'fp-ts/lib/Either.js'
import { left, right } from 'fp-ts/lib/Either.js'
import { N29Alert, N52Alert, type Recipient } from '../Alert.js'
import { CplEntry, CplRemoval } from '../Cpl.js'
import { Edition } from '../Edition.js'
import { enumeration, isRecord, primitive, struct, type Codec } from '../internal/codec.js'
import { decodeWith } from '../internal/decode.js'
import { clip, type Issue } from '../InputError.js'
import { rules as allRules } from '../rules/index.js'
import type { RuleId } from '../rules/Rule.js'
import { ServiceRequest } from '../ServiceRequest.js'
import { ActivateFirmwareResponse, ReadFirmwareVersionResponse } from '../ServiceResponse.js'

/**
 * A JSON object whose values the scenario codec does not judge.
 *
 * @category Scenario files
 * @since 0.1.0
 */
export type JsonObject = Readonly<Record<string, unknown>>

/**
 * The fields an expected alert may list; each is matched by equality, and `null` means the
 * emitted alert must not have that field.
 *
 * @category Scenario files
 * @since 0.1.0
 */
export interface ExpectedAlert {
  readonly code?: 'N29' | 'N52' | null
  readonly recipient?: Recipient | null
  readonly recipientUserId?: string | null
  readonly deviceId?: string | null
  readonly deviceType?: 'GSME' | null
  readonly firmwareVersionSmi?: string | null
  readonly firmwareVersionDevice?: string | null
}

/**
 * What must hold after a step (docs/specification.md §4). Omitted `device`: the device is exactly
 * as before the step; omitted `alerts`: the step emits none; `error: true`: the step is refused as
 * invalid input and changes nothing; `rules`: the ids of the rules that decided the step, compared
 * as a set (omitted: not checked).
 *
 * @category Scenario files
 * @since 0.1.0
 */
export interface StepExpectation {
  readonly outcome?: 'Authorised' | 'Rejected'
  readonly responseCode?: 'E5' | 'E12'
  /** Fields that must hold; `null` means the field must be absent. */
  readonly device?: JsonObject
  readonly alerts?: readonly ExpectedAlert[]
  readonly error?: boolean
  /** The ids of the rules that decided the step, in any order. @since 0.2.0 */
  readonly rules?: readonly RuleId[]
}

/**
 * A step that sends a service request to `authoriseRequest`.
 *
 * @category Scenario files
 * @since 0.1.0
 */
export interface RequestStep {
  readonly request: JsonObject
  readonly expect?: StepExpectation
}

/**
 * A step that passes a response to `processResponse`.
 *
 * @category Scenario files
 * @since 0.1.0
 */
export interface ResponseStep {
  readonly response: JsonObject
  readonly expect?: StepExpectation
}

/**
 * A step that takes firmware off the CPL (`applyCplRemoval`).
 *
 * @category Scenario files
 * @since 0.1.0
 */
export interface CplRemovalStep {
  readonly cplRemoval: JsonObject
  readonly expect?: StepExpectation
}

/**
 * @category Scenario files
 * @since 0.1.0
 */
export type Step = RequestStep | ResponseStep | CplRemovalStep

/**
 * The kind of a step, by the one input it carries.
 *
 * @category Scenario files
 * @since 0.1.0
 */
export type StepKind = 'request' | 'response' | 'cplRemoval'

/**
 * @category Scenario files
 * @since 0.1.0
 */
export interface Scenario {
  /** Unique in its file. */
  readonly id: string
  readonly description: string
  /** Default `SECMP0105`. */
  readonly edition?: Edition
  readonly given: {
    readonly device: JsonObject
    /** Default `[]`. */
    readonly cpl?: readonly JsonObject[]
  }
  readonly steps: readonly Step[]
}

/**
 * @category Scenario files
 * @since 0.1.0
 */
export interface ScenarioFile {
  /** A JSON Schema reference for editors; ignored. @since 0.2.0 */
  readonly $schema?: string
  readonly description?: string
  readonly scenarios: readonly Scenario[]
}

/**
 * A scenario file whose structure is invalid: every problem, with its path in the file
 * (`scenarios[2].steps[0].expect.device`).
 *
 * @category Scenario files
 * @since 0.1.0
 */
export interface ScenarioFileError {
  readonly _tag: 'ScenarioFileError'
  /** The file name given to the decoder. */
  readonly file: string
  /** Every issue as `FILE: path: message`, one per line. */
  readonly message: string
  readonly issues: readonly Issue[]
}

/** The kind of a step. @since 0.1.0 */
export function stepKind(step: Step): StepKind {
  return 'request' in step ? 'request' : 'response' in step ? 'response' : 'cplRemoval'
}

// ---------------------------------------------------------------------------------------------
// building blocks

interface Problem {
  /** Path below the value being refined. */
  readonly path: ReadonlyArray<string | number>
  readonly message: string
}

/** A codec that adds checks across fields to `codec`, reported at their own paths. */
function refine<A>(codec: Codec<A>, check: (a: A) => readonly Problem[]): Codec<A> {
  return new t.Type<A, A, unknown>(
    codec.name,
    (u): u is A => codec.is(u) && check(u).length === 0,
    (u, c) => {
      const r = codec.validate(u, c)
      if (r._tag === 'Left') return r
      const problems = check(r.right)
      if (problems.length === 0) return r
      return t.failures(
        problems.map((p) => {
          let context = c
          let value: unknown = r.right
          for (const key of p.path) {
            value = isRecord(value) || Array.isArray(value) ? (value as Record<string | number, unknown>)[key] : undefined
            context = t.appendContext(context, String(key), t.unknown, value)
          }
          return { value, context, message: p.message }
        })
      )
    },
    t.identity
  )
}

/** The field names of a struct codec of the core (its required and optional fields). */
function fieldNames(...codecs: ReadonlyArray<Codec<unknown>>): string[] {
  return Object.keys(fieldCodecs(...codecs))
}

/** An object with only the named fields; their values are left to the library to judge. */
function fieldsOnly(name: string, names: readonly string[]): Codec<JsonObject> {
  const optional: Record<string, t.Mixed> = {}
  for (const n of names) optional[n] = t.unknown
  return struct(name, {}, optional, true) as unknown as Codec<JsonObject>
}

const JsonObjectCodec = (name: string): Codec<JsonObject> => primitive(name, isRecord)

const orNull = <A>(codec: Codec<A>): Codec<A | null> =>
  primitive(`${codec.name} or null (the field must be absent)`, (u: unknown): u is A | null => u === null || codec.is(u))

function nonEmptyArray<A>(item: Codec<A>, name: string): Codec<readonly A[]> {
  const array = t.readonlyArray(item, name)
  return new t.Type<readonly A[], readonly A[], unknown>(
    name,
    (u): u is readonly A[] => array.is(u) && u.length > 0,
    (u, c) => {
      const r = array.validate(u, c)
      if (r._tag === 'Left' || r.right.length > 0) return r
      return t.failure(u, c, `is empty; expected ${name}`)
    },
    t.identity
  )
}

const NonEmptyString = primitive('a non-empty string', (u: unknown): u is string => typeof u === 'string' && u.trim().length > 0)

// ---------------------------------------------------------------------------------------------
// the format

/** The fields of a service request. */
const RequestFields = fieldsOnly('a service request', fieldNames(ServiceRequest as Codec<unknown>))
/** The fields of an SR11.2 or SR11.3 response. */
const ResponseFields = fieldsOnly(
  'an SR11.2 or SR11.3 response',
  fieldNames(ReadFirmwareVersionResponse as Codec<unknown>, ActivateFirmwareResponse as Codec<unknown>)
)
const CplRemovalFields = fieldsOnly('a CPL removal', fieldNames(CplRemoval as Codec<unknown>))
const CplEntryFields = fieldsOnly('a CPL entry', fieldNames(CplEntry as Codec<unknown>))

/** The field codecs of a core struct codec. */
function fieldCodecs(...codecs: ReadonlyArray<Codec<unknown>>): Record<string, t.Mixed> {
  const out: Record<string, t.Mixed> = {}
  for (const codec of codecs) {
    const s = codec as unknown as { required?: Record<string, t.Mixed>; optional?: Record<string, t.Mixed> }
    Object.assign(out, s.required ?? {}, s.optional ?? {})
  }
  return out
}

/** Every field an N29 or N52 alert can have, each also allowed to be null (absent). */
const expectedAlertFields: Record<string, t.Mixed> = {}
for (const [k, codec] of Object.entries({
  ...fieldCodecs(N29Alert as Codec<unknown>, N52Alert as Codec<unknown>),
  code: enumeration(['N29', 'N52'] as const)
})) {
  expectedAlertFields[k] = orNull(codec as Codec<unknown>)
}

const ExpectedAlertCodec = struct(
  'an expected alert (the alert fields to match)',
  {},
  expectedAlertFields,
  true
) as unknown as Codec<ExpectedAlert>

/** The ids of every rule, and the table (so the step kind) each belongs to. */
const RULE_TABLE: ReadonlyMap<string, 'request' | 'response' | 'cplRemoval'> = new Map(
  allRules.map((r) => [r.id, r.table === 'authorisation' ? 'request' : r.table === 'response' ? 'response' : 'cplRemoval'] as const)
)
const RuleIdCodec = enumeration([...RULE_TABLE.keys()] as unknown as readonly [RuleId, ...RuleId[]])

const ExpectCodec = struct(
  'the expectations of a step',
  {},
  {
    outcome: enumeration(['Authorised', 'Rejected'] as const),
    responseCode: enumeration(['E5', 'E12'] as const),
    device: JsonObjectCodec('the device fields that must hold (null: absent)'),
    alerts: t.readonlyArray(ExpectedAlertCodec, 'the list of every alert the step emits'),
    error: t.boolean,
    rules: nonEmptyArray(RuleIdCodec, 'the ids of the rules that decide the step (a non-empty list)')
  },
  true
)

const STEP_INPUTS = ['request', 'response', 'cplRemoval'] as const

/** The rule table that decides each kind of step, in words. */
const STEP_TABLES: Readonly<Record<StepKind, string>> = {
  request: 'authorisation (A1-A8)',
  response: 'response processing (R1-R7)',
  cplRemoval: 'CPL removal (S1-S2)'
}

const StepShape = struct(
  'a step',
  {},
  { request: RequestFields, response: ResponseFields, cplRemoval: CplRemovalFields, expect: ExpectCodec },
  true
)

const StepCodec: Codec<Step> = refine(StepShape, (step) => {
  const problems: Problem[] = []
  const inputs = STEP_INPUTS.filter((k) => step[k] !== undefined)
  if (inputs.length !== 1) {
    problems.push({
      path: [],
      message:
        inputs.length === 0
          ? 'has no input; expected exactly one of request, response, cplRemoval'
          : `has ${inputs.join(' and ')}; expected exactly one of request, response, cplRemoval`
    })
  }
  const e = step.expect
  if (e === undefined) return problems
  if (e.error === true) {
    for (const k of ['outcome', 'responseCode', 'device', 'alerts', 'rules'] as const) {
      if (e[k] !== undefined) {
        problems.push({
          path: ['expect', k],
          message: `cannot be combined with "error": true (a step refused as invalid input decides nothing and changes nothing); expected ${k} or error, not both`
        })
      }
    }
    return problems
  }
  const kind = inputs.length === 1 ? inputs[0] : undefined
  if (kind !== undefined && e.rules !== undefined) {
    e.rules.forEach((id, i) => {
      const table = RULE_TABLE.get(id)
      if (table !== kind) {
        problems.push({
          path: ['expect', 'rules', i],
          message: `${JSON.stringify(id)} is a rule of ${STEP_TABLES[table as StepKind]}, and this step is a ${kind} step; expected a rule of ${STEP_TABLES[kind]}`
        })
      }
    })
  }
  if (kind !== undefined && kind !== 'request') {
    for (const k of ['outcome', 'responseCode'] as const) {
      if (e[k] !== undefined) {
        problems.push({
          path: ['expect', k],
          message: `is an outcome of a service request, and this step is a ${kind} step; expected device and alerts only`
        })
      }
    }
  } else {
    if (e.outcome === 'Rejected' && e.responseCode === undefined) {
      problems.push({ path: ['expect', 'responseCode'], message: 'is required when outcome is "Rejected" (expected "E5" | "E12")' })
    }
    if (e.responseCode !== undefined && e.outcome !== 'Rejected') {
      problems.push({
        path: ['expect', 'responseCode'],
        message: 'goes only with outcome "Rejected"; expected outcome "Rejected" alongside it'
      })
    }
  }
  return problems
}) as Codec<Step>

const GivenCodec = struct(
  'the starting state ({ device, cpl? })',
  { device: JsonObjectCodec('a device record (a JSON object)') },
  { cpl: t.readonlyArray(CplEntryFields, 'a CPL (an array of CPL entries)') },
  true
)

const ScenarioCodec: Codec<Scenario> = struct(
  'a scenario',
  {
    id: NonEmptyString,
    description: t.string,
    given: GivenCodec,
    steps: nonEmptyArray(StepCodec, 'a list of at least one step')
  },
  { edition: Edition },
  true
) as unknown as Codec<Scenario>

/**
 * The io-ts codec of a scenario file. Decoding returns the input itself.
 *
 * @since 0.1.0
 */
export const ScenarioFileCodec: Codec<ScenarioFile> = refine(
  struct(
    'a scenario file ({ $schema?, description?, scenarios })',
    { scenarios: nonEmptyArray(ScenarioCodec, 'a list of at least one scenario') },
    { $schema: t.string, description: t.string },
    true
  ) as unknown as Codec<ScenarioFile>,
  (file) => {
    const first = new Map<string, number>()
    const problems: Problem[] = []
    file.scenarios.forEach((s, i) => {
      const seen = first.get(s.id)
      if (seen === undefined) first.set(s.id, i)
      else
        problems.push({
          path: ['scenarios', i, 'id'],
          message: `${clip(JSON.stringify(s.id))} is already the id of scenarios[${seen}]; expected an id unique in the file`
        })
    })
    return problems
  }
)

/**
 * Checks the structure of a parsed scenario file (docs/specification.md §4). Unknown fields
 * anywhere outside device records are errors; a top-level `$schema` string is allowed and ignored. Returns the file itself, or every problem with its path.
 *
 * @example
 * import { decodeScenarioFile } from 'suspended-device-rules/scenario'
 *
 * const result = decodeScenarioFile({ scenarios: [{ id: 'x', description: '', given: { device: {} }, steps: [{ request: {}, expect: { outcome: 'Maybe' } }] }] }, 'my.json')
 * if (result._tag === 'Left') console.log(result.left.message)
 * // my.json: scenarios[0].steps[0].expect.outcome: expected "Authorised" | "Rejected", got "Maybe"
 *
 * @category Scenario files
 * @since 0.1.0
 */
export function decodeScenarioFile(json: unknown, file: string): Either<ScenarioFileError, ScenarioFile> {
  const r = decodeWith(ScenarioFileCodec, '', json)
  if (r._tag === 'Right') return right(r.right)
  return left(scenarioFileError(file, r.left.issues))
}

/**
 * A {@link ScenarioFileError} for `file` from its issues.
 *
 * @since 0.1.0
 */
export function scenarioFileError(file: string, issues: readonly Issue[]): ScenarioFileError {
  return { _tag: 'ScenarioFileError', file, issues, message: issues.map((i) => `${file}: ${i.message}`).join('\n') }
}
