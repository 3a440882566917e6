/**
 * What counts as a plain data object, as `JSON.parse` makes them (shared by the codecs and by the
 * struct checks they build).
 *
 * Internal to the library, not part of its API. (Not tagged internal: a module comment is the
 * doc comment of the first declaration, which the declaration build would then strip.)
 */
const hasOwn = Object.prototype.hasOwnProperty
export const getPrototypeOf = Object.getPrototypeOf
export const ObjectPrototype = Object.prototype

/**
 * True for a prototype a plain object can have: `Object.prototype` (of this realm or another),
 * or none. Any other prototype could lend the object fields that are not its own.
 */
export function isPlainPrototype(p: unknown): boolean {
  if (p === ObjectPrototype || p === null) return true
  // another realm's Object.prototype (a vm context, an iframe): a root object whose constructor is that realm's Object
  if (typeof p !== 'object' || getPrototypeOf(p) !== null || !hasOwn.call(p, 'constructor')) return false
  const ctor = (p as { constructor?: unknown }).constructor
  return typeof ctor === 'function' && (ctor as { prototype?: unknown }).prototype === p && ctor.name === 'Object'
}

/**
 * True for a plain data object, as `JSON.parse` makes them: a non-null, non-array object whose
 * prototype is `Object.prototype` or `null`. Objects with another prototype (`Object.create(proto)`,
 * a class instance, `Object.assign({}, JSON.parse('{"__proto__": …}'))`) are refused: their
 * inherited fields would be read as fields but lost by every copy.
 */
export const isPlainRecord = (u: unknown): u is Readonly<Record<string, unknown>> =>
  typeof u === 'object' && u !== null && !Array.isArray(u) && isPlainPrototype(getPrototypeOf(u))
