/**
 * The two implementations of a struct's check (see `struct` in ./codec.ts): generated as code
 * with `new Function` where the platform allows it and the library is not jitless, or a loop
 * over the fields, with the same answers.
 *
 * Internal to the library, not part of its API. (Not tagged internal: a module comment is the
 * doc comment of the first import, which the declaration build would then strip.)
 */
import type * as t from 'io-ts'
import { getPrototypeOf, isPlainPrototype, isPlainRecord, ObjectPrototype } from './plain.js'

const hasOwn = Object.prototype.hasOwnProperty

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/

/** Whether struct checks must not be generated (see `configure` in src/configure.ts). */
let jitless = false
let evalProbe: boolean | undefined

/** Sets the switch: a struct check chooses its implementation at its first call. */
export function setJitless(value: boolean): void {
  jitless = value
}

/** Whether the struct checks are kept from generating code. */
export function isJitless(): boolean {
  return jitless
}

/**
 * Whether the platform lets `new Function` compile code (as zod's `allowsEval` asks): a page
 * under a Content-Security-Policy without `'unsafe-eval'`, or a platform such as Cloudflare
 * Workers, refuses it. Asked once, at the first struct check that would generate code.
 */
export function allowsEval(): boolean {
  if (evalProbe === undefined) {
    try {
      evalProbe = typeof new Function('return true') === 'function'
    } catch {
      evalProbe = false
    }
  }
  return evalProbe
}

/** What a struct's check checks: its fields with their checks, and its known fields when it is exact. */
export interface FieldChecks {
  readonly requiredKeys: readonly string[]
  readonly requiredIs: ReadonlyArray<t.Is<unknown>>
  readonly optionalKeys: readonly string[]
  readonly optionalIs: ReadonlyArray<t.Is<unknown>>
  readonly known: ReadonlySet<string> | undefined
}

/**
 * Generates the `is` of a struct as one straight-line expression: every field load and every
 * field check is then its own, monomorphic site, about twice as fast as a loop over the fields.
 * The generated source holds only the library's own field names (checked to be identifiers) and
 * array indices, never input. Returns `undefined` where the code cannot be generated.
 */
export function generateIs<A>({
  requiredKeys,
  requiredIs,
  optionalKeys,
  optionalIs,
  known
}: FieldChecks): ((u: unknown) => u is A) | undefined {
  // Stryker disable next-line all: equivalent, the loop and the generated check give the same answers (test/internal-codec.test.ts compares them); only speed differs
  if (![...requiredKeys, ...optionalKeys].every((k) => IDENTIFIER.test(k))) return undefined
  // Stryker disable next-line ArrayDeclaration: equivalent, generated code that does not compile falls back to the loop
  const checks = [
    // Stryker disable next-line StringLiteral: equivalent, generated code that does not compile falls back to the loop
    'typeof u === "object" && u !== null && !Array.isArray(u)',
    // Stryker disable next-line StringLiteral: equivalent, generated code that does not compile falls back to the loop
    '((p = getPrototypeOf(u)) === ObjectPrototype || isPlainPrototype(p))',
    // Stryker disable next-line StringLiteral,ArrowFunction: equivalent, generated code that does not compile falls back to the loop (an empty check is a syntax error)
    ...requiredKeys.map((k, i) => `r[${i}](u.${k})`),
    // Stryker disable next-line StringLiteral,ArrowFunction: equivalent, generated code that does not compile falls back to the loop (an empty check is a syntax error)
    ...optionalKeys.map((k, i) => `(u.${k} === undefined || o[${i}](u.${k}))`)
  ]
  const exactCheck =
    known === undefined
      ? // Stryker disable next-line StringLiteral: equivalent, generated code that does not compile falls back to the loop
        ''
      : // Stryker disable next-line ArrayDeclaration,ArrowFunction,StringLiteral: equivalent, generated code that does not compile falls back to the loop (a switch without cases is a syntax error); without the spaces the cases mean the same
        `for (const k in u) switch (k) { ${[...known].map((k) => `case ${JSON.stringify(k)}:`).join(' ')} break; default: if (hasOwn.call(u, k)) return false }\n`
  // Stryker disable next-line StringLiteral: equivalent, generated code that does not compile falls back to the loop
  const body = `return function is(u) {\nlet p\nif (!(${checks.join(' && ')})) return false\n${exactCheck}return true\n}`
  try {
    return new Function('r', 'o', 'hasOwn', 'getPrototypeOf', 'ObjectPrototype', 'isPlainPrototype', body)(
      requiredIs,
      optionalIs,
      hasOwn,
      getPrototypeOf,
      ObjectPrototype,
      isPlainPrototype
    ) as (u: unknown) => u is A
    // Stryker disable next-line BlockStatement: Node allows new Function; the loop it falls back to is tested directly (codegen: false, jitless)
  } catch {
    return undefined
  }
}

/** The field checks as a loop: the same answers as the generated check, without generating code. */
export function loopIs<A>({ requiredKeys, requiredIs, optionalKeys, optionalIs, known }: FieldChecks): (u: unknown) => u is A {
  return (u: unknown): u is A => {
    if (!isPlainRecord(u)) return false
    for (let i = 0; i < requiredKeys.length; i++) {
      if (!(requiredIs[i] as t.Is<unknown>)(u[requiredKeys[i] as string])) return false
    }
    for (let i = 0; i < optionalKeys.length; i++) {
      const v = u[optionalKeys[i] as string]
      if (v !== undefined && !(optionalIs[i] as t.Is<unknown>)(v)) return false
    }
    if (known !== undefined) {
      for (const k in u) if (!known.has(k) && hasOwn.call(u, k)) return false
    }
    return true
  }
}
