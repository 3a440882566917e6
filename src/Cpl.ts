/**
 * The Central Products List (CPL): which firmware is `Current` for a manufacturer and model.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { enumeration, struct, type Codec } from './internal/codec.js'
import { decodeWith } from './internal/decode.js'
import { FirmwareVersion, ProductName } from './Identifiers.js'
import { inputError, joinPath, makeIssue, type InputError } from './InputError.js'

/**
 * The PIA's words for a CPL entry's status (see docs/assumptions.md, "CPL vocabulary").
 *
 * @example
 * import { CplStatus } from 'suspended-device-rules'
 *
 * console.log(CplStatus.values) // [ 'Current', 'Removed' ]
 *
 * @category CPL
 * @since 0.1.0
 */
export const CplStatus = enumeration(['Current', 'Removed'] as const)

/**
 * @category CPL
 * @since 0.1.0
 */
export type CplStatus = t.TypeOf<typeof CplStatus>

/**
 * One CPL entry, keyed by manufacturer, model and firmware version.
 *
 * @category CPL
 * @since 0.1.0
 */
export interface CplEntry {
  readonly manufacturer: string
  readonly model: string
  readonly firmwareVersion: string
  readonly status: CplStatus
}

/**
 * The io-ts codec of {@link CplEntry}: the four fields, and no other (a misspelt field is refused, not ignored).
 *
 * @example
 * import { CplEntry } from 'suspended-device-rules'
 *
 * const entry = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
 * console.log(CplEntry.is(entry), CplEntry.is({ ...entry, note: 'x' })) // true false
 *
 * @category CPL
 * @since 0.1.0
 */
export const CplEntry: Codec<CplEntry> = struct(
  'a CPL entry',
  { manufacturer: ProductName, model: ProductName, firmwareVersion: FirmwareVersion, status: CplStatus },
  {},
  true
)

/**
 * The CPL: an array of entries, no two with the same manufacturer, model and firmware version.
 *
 * @category CPL
 * @since 0.1.0
 */
export type Cpl = readonly CplEntry[]

/**
 * What a CPL removal names: the firmware taken off the list.
 *
 * @category CPL
 * @since 0.1.0
 */
export interface CplRemoval {
  readonly manufacturer: string
  readonly model: string
  readonly firmwareVersion: string
}

/**
 * The io-ts codec of {@link CplRemoval}: manufacturer, model and firmware version, and no other field.
 *
 * @example
 * import { CplRemoval } from 'suspended-device-rules'
 *
 * console.log(CplRemoval.is({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00' })) // true
 * // a CPL entry is not a removal: it has a status
 * console.log(CplRemoval.is({ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' })) // false
 *
 * @category CPL
 * @since 0.1.0
 */
export const CplRemoval: Codec<CplRemoval> = struct(
  'a CPL removal',
  { manufacturer: ProductName, model: ProductName, firmwareVersion: FirmwareVersion },
  {},
  true
)

type Index = Map<string, Map<string, Map<string, number>>>

function lookup(index: Index, manufacturer: string, model: string, firmwareVersion: string): number | undefined {
  return index.get(manufacturer)?.get(model)?.get(firmwareVersion)
}

/** Builds the index of valid entries, and lists each duplicate as [its position, the first's]. */
function buildIndex(entries: Cpl): { readonly index: Index; readonly duplicates: ReadonlyArray<readonly [number, number]> } {
  const index: Index = new Map()
  const duplicates: Array<readonly [number, number]> = []
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as CplEntry
    let models = index.get(e.manufacturer)
    if (models === undefined) index.set(e.manufacturer, (models = new Map()))
    let versions = models.get(e.model)
    if (versions === undefined) models.set(e.model, (versions = new Map()))
    const first = versions.get(e.firmwareVersion)
    if (first === undefined) versions.set(e.firmwareVersion, i)
    else duplicates.push([i, first])
  }
  return { index, duplicates }
}

const duplicateMessage = (first: number): string =>
  `duplicates entry ${first} (same manufacturer, model and firmwareVersion); expected each entry once`

const PREPARED = Symbol.for('suspended-device-rules/PreparedCpl')

/**
 * A validated CPL with its lookup index built, for callers that want to prepare it once
 * explicitly. Every function that takes a CPL also takes this form.
 *
 * @category CPL
 * @since 0.1.0
 */
export interface PreparedCpl {
  readonly [PREPARED]: true
  /** The entries, as given. */
  readonly entries: Cpl
  /** The status of an entry, or `undefined` when the CPL has none for that key. */
  status(manufacturer: string, model: string, firmwareVersion: string): CplStatus | undefined
  /** True when the CPL holds the entry with status `Current`. */
  isCurrent(manufacturer: string, model: string, firmwareVersion: string): boolean
}

/** @internal */
export class PreparedCplImpl implements PreparedCpl {
  readonly [PREPARED] = true as const
  constructor(
    readonly entries: Cpl,
    private readonly index: Index
  ) {}
  status(manufacturer: string, model: string, firmwareVersion: string): CplStatus | undefined {
    const i = lookup(this.index, manufacturer, model, firmwareVersion)
    return i === undefined ? undefined : (this.entries[i] as CplEntry).status
  }
  isCurrent(manufacturer: string, model: string, firmwareVersion: string): boolean {
    return this.status(manufacturer, model, firmwareVersion) === 'Current'
  }
  /** Position of an entry in `entries`. @internal */
  position(manufacturer: string, model: string, firmwareVersion: string): number | undefined {
    return lookup(this.index, manufacturer, model, firmwareVersion)
  }
}

const CplEntries = t.readonlyArray(CplEntry, 'a CPL (an array of CPL entries)')

/**
 * The io-ts codec of {@link Cpl}: every entry valid, no duplicate keys.
 *
 * @example
 * import { Cpl } from 'suspended-device-rules'
 *
 * const entry = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' } as const
 * console.log(Cpl.is([entry]), Cpl.is([entry, { ...entry, status: 'Removed' }])) // true false
 *
 * @category CPL
 * @since 0.1.0
 */
export const Cpl: Codec<Cpl> = new t.Type<Cpl, Cpl, unknown>(
  'a CPL (an array of CPL entries, each key once)',
  (u): u is Cpl => CplEntries.is(u) && buildIndex(u).duplicates.length === 0,
  (u, c) => {
    const r = CplEntries.validate(u, c)
    if (r._tag === 'Left') return r
    const { duplicates } = buildIndex(r.right)
    if (duplicates.length === 0) return t.success(r.right)
    return t.failures(
      duplicates.map(([i, first]) => {
        const entry = r.right[i]
        return { value: entry, context: t.appendContext(c, String(i), CplEntry, entry), message: duplicateMessage(first) }
      })
    )
  },
  t.identity
)

/**
 * Decodes unknown JSON into a {@link Cpl} (paths start at `cpl`).
 *
 * @example
 * import { decodeCpl } from 'suspended-device-rules'
 *
 * const entry = { manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }
 * const result = decodeCpl([entry, entry])
 * if (result._tag === 'Left') console.log(result.left.message)
 * // cpl[1]: duplicates entry 0 (same manufacturer, model and firmwareVersion); expected each entry once
 *
 * @category CPL
 * @since 0.1.0
 */
export function decodeCpl(u: unknown): Either<InputError, Cpl> {
  return decodeWith(Cpl, 'cpl', u)
}

interface CacheEntry {
  readonly length: number
  readonly result: Either<InputError, PreparedCplImpl>
}

const cache = new WeakMap<object, CacheEntry>()

/**
 * Validates a CPL and builds its index. The result is cached per array, so passing the same
 * array again costs one lookup; a CPL is treated as an immutable value (the library never
 * changes one: a removal returns a new array).
 *
 * @example
 * import { prepareCpl } from 'suspended-device-rules'
 *
 * const prepared = prepareCpl([{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }])
 * if (prepared._tag === 'Right') console.log(prepared.right.isCurrent('ACME', 'E-200', '0102AB00')) // true
 *
 * @category CPL
 * @since 0.1.0
 */
export function prepareCpl(cpl: Cpl | PreparedCpl): Either<InputError, PreparedCpl> {
  return resolveCpl(cpl, 'cpl')
}

/** @internal */
export function resolveCpl(cpl: Cpl | PreparedCpl | unknown, root: string): Either<InputError, PreparedCplImpl> {
  if (cpl instanceof PreparedCplImpl) return right(cpl)
  if (!Array.isArray(cpl)) {
    return left(inputError([makeIssue(root, 'a CPL (an array of CPL entries)', cpl)]))
  }
  const hit = cache.get(cpl)
  if (hit !== undefined && hit.length === cpl.length) return hit.result
  const result = prepareUncached(cpl, root)
  cache.set(cpl, { length: cpl.length, result })
  return result
}

function prepareUncached(cpl: readonly unknown[], root: string): Either<InputError, PreparedCplImpl> {
  const decoded = decodeWith(CplEntries, root, cpl)
  if (decoded._tag === 'Left') return decoded
  const { index, duplicates } = buildIndex(decoded.right)
  if (duplicates.length > 0) {
    return left(
      inputError(duplicates.map(([i, first]) => makeIssue(joinPath(root, i), 'each entry once', decoded.right[i], duplicateMessage(first))))
    )
  }
  return right(new PreparedCplImpl(decoded.right, index))
}

/**
 * The outcome of taking an entry off the CPL: the new CPL (the entry's status now `Removed`).
 *
 * @internal
 */
export function removeEntry(prepared: PreparedCplImpl, removal: CplRemoval, root: string): Either<InputError, Cpl> {
  // -1 when the CPL has no such entry: entries[-1] is undefined
  const i = prepared.position(removal.manufacturer, removal.model, removal.firmwareVersion) ?? -1
  const entry = prepared.entries[i]
  if (entry === undefined || entry.status !== 'Current') {
    const found = entry === undefined ? 'holds no such entry' : `holds it as "${entry.status}"`
    return left(
      inputError([
        makeIssue(
          root,
          'an entry the CPL holds as "Current"',
          removal,
          `names firmware the CPL does not hold as "Current" (the CPL ${found}); expected an entry the CPL holds as "Current"`
        )
      ])
    )
  }
  const next = prepared.entries.slice()
  next[i] = { ...entry, status: 'Removed' }
  return right(next)
}
