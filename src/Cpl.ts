/**
 * The Central Products List (CPL): which firmware is `Current` for a manufacturer and model.
 *
 * @since 0.1.0
 */
import * as t from 'io-ts'
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { CHANGED, enumeration, isPlainRecord, struct, type Codec } from './internal/codec.js'
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
 * A validated CPL with its lookup index built: an immutable value. Every function that takes a
 * CPL also takes this form, and reads it in O(1) (one index lookup), where an array that can
 * still change is read in full, O(n), on every call.
 *
 * @category CPL
 * @since 0.1.0
 */
export interface PreparedCpl {
  readonly [PREPARED]: true
  /**
   * The entries: a frozen array of frozen entries (the given ones where they were frozen already,
   * copies read once from them otherwise). Passing this array as a CPL is O(1) too.
   */
  readonly entries: Cpl
  /** The status of an entry, or `undefined` when the CPL has none for that key. */
  status(manufacturer: string, model: string, firmwareVersion: string): CplStatus | undefined
  /** True when the CPL holds the entry with status `Current`. */
  isCurrent(manufacturer: string, model: string, firmwareVersion: string): boolean
}

/** The prepared CPLs this library made (a forged object is not one). */
const genuine = new WeakSet<object>()

/**
 * Frozen CPL arrays whose entries are all frozen plain data, validated once: such an array can
 * never change, so it is read in O(1). Arrays that can change are never cached.
 */
const frozenCpls = new WeakMap<object, PreparedCplImpl>()

/** @internal */
export class PreparedCplImpl implements PreparedCpl {
  readonly [PREPARED] = true as const
  readonly #index: Index
  /** @param entries frozen, with frozen entries; @param index positions in `entries`, never changed after this */
  constructor(
    readonly entries: Cpl,
    index: Index
  ) {
    this.#index = index
    Object.freeze(this)
    genuine.add(this)
    frozenCpls.set(entries, this)
  }
  status(manufacturer: string, model: string, firmwareVersion: string): CplStatus | undefined {
    const i = lookup(this.#index, manufacturer, model, firmwareVersion)
    return i === undefined ? undefined : (this.entries[i] as CplEntry).status
  }
  isCurrent(manufacturer: string, model: string, firmwareVersion: string): boolean {
    return this.status(manufacturer, model, firmwareVersion) === 'Current'
  }
  /** Position of an entry in `entries`. @internal */
  position(manufacturer: string, model: string, firmwareVersion: string): number | undefined {
    return lookup(this.#index, manufacturer, model, firmwareVersion)
  }
  /** The same CPL with entry `i` replaced (positions unchanged, so the index is shared). @internal */
  withEntry(i: number, entry: CplEntry): PreparedCplImpl {
    const next = this.entries.slice()
    next[i] = Object.freeze(entry)
    return new PreparedCplImpl(Object.freeze(next), this.#index)
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

/**
 * Validates a CPL and builds its index, once: the result is an immutable value (frozen entries, a
 * private index) that every function taking a CPL reads in O(1). Prepare a CPL when you pass it on
 * many calls. A frozen array whose entries are all frozen is as good: it is validated on its first
 * use and remembered (it can never change). Any other array is read in full, O(n), on every call,
 * so that a CPL changed in place is answered by its new content.
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

/**
 * The CPL as it is now: O(1) for a prepared CPL and for a frozen array of frozen entries met
 * before; otherwise every entry is read (once each) and checked, O(n).
 *
 * @internal
 */
export function resolveCpl(cpl: Cpl | PreparedCpl | unknown, root: string): Either<InputError, PreparedCplImpl> {
  if (genuine.has(cpl as object)) return right(cpl as PreparedCplImpl)
  const known = frozenCpls.get(cpl as object)
  if (known !== undefined) return right(known)
  if (!Array.isArray(cpl)) {
    return left(inputError([makeIssue(root, 'a CPL (an array of CPL entries)', cpl)]))
  }
  return readCpl(cpl, root)
}

/** True when `e` is a frozen plain object whose own fields are all data properties. */
function isFrozenData(e: object): boolean {
  if (!Object.isFrozen(e)) return false
  for (const k of Reflect.ownKeys(e)) {
    const d = Object.getOwnPropertyDescriptor(e, k)
    // Stryker disable next-line ConditionalExpression: equivalent for the `d === undefined` half, an own key always has a descriptor
    if (d === undefined || !('value' in d)) return false
  }
  return true
}

/**
 * Reads every entry of an array once (a snapshot of its own fields), checks it, and indexes it.
 * A frozen array of frozen entries is kept as it is (and so remembered); otherwise the prepared
 * CPL holds frozen copies of the entries.
 */
function readCpl(cpl: readonly unknown[], root: string): Either<InputError, PreparedCplImpl> {
  const n = cpl.length
  const copies: unknown[] = new Array<unknown>(n)
  let valid = true
  let unchanging = Object.isFrozen(cpl)
  for (let i = 0; i < n; i++) {
    const e: unknown = cpl[i]
    let v: unknown = e
    if (isPlainRecord(e)) {
      try {
        v = { ...e }
      } catch {
        valid = false // a field that throws: reported below
      }
    }
    copies[i] = v
    if (valid && !CplEntry.is(v)) valid = false
    if (unchanging) unchanging = typeof e === 'object' && e !== null && isFrozenData(e)
  }
  if (!valid) {
    // the issues of the copies, so that they agree with what was read
    const decoded = decodeWith(CplEntries, root, copies)
    // Stryker disable next-line ConditionalExpression: equivalent when made true (decodeWith fails on copies that CplEntry.is refused); made false, the tests naming a bad entry's field fail
    if (decoded._tag === 'Left') return decoded
    return left(inputError([makeIssue(root, 'a CPL (an array of CPL entries)', undefined, CHANGED)]))
  }
  const entries = copies as CplEntry[]
  const { index, duplicates } = buildIndex(entries)
  if (duplicates.length > 0) {
    return left(
      inputError(duplicates.map(([i, first]) => makeIssue(joinPath(root, i), 'each entry once', entries[i], duplicateMessage(first))))
    )
  }
  if (unchanging) return right(new PreparedCplImpl(cpl as Cpl, index))
  for (let i = 0; i < n; i++) Object.freeze(entries[i])
  return right(new PreparedCplImpl(Object.freeze(entries), index))
}

/**
 * The outcome of taking an entry off the CPL: the new CPL (the entry's status now `Removed`), a
 * frozen array of frozen entries, itself prepared (so that it is read in O(1) afterwards).
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
  const removed: CplEntry = {
    manufacturer: entry.manufacturer,
    model: entry.model,
    firmwareVersion: entry.firmwareVersion,
    status: 'Removed'
  }
  return right(prepared.withEntry(i, removed).entries)
}
