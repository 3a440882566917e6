/**
 * What the commands share: the `--edition` option and the reporting of invalid input.
 *
 * @internal
 */
import { Option } from 'commander'
import { Edition } from '../Edition.js'
import type { InputError } from '../InputError.js'
import { ruleById } from '../rules/index.js'
import { formatCitation, type RuleId } from '../rules/Rule.js'
import { EXIT, type CommandContext } from './io.js'

/** `--edition <edition>`, checked by commander against the two editions. */
export function editionOption(description: string): Option {
  return new Option('--edition <edition>', description).choices(Edition.values)
}

/** Writes the messages of invalid input to standard error and sets exit code 2. */
export function invalid(ctx: CommandContext, messages: readonly string[]): void {
  for (const m of messages) ctx.io.stderr(`${m}\n`)
  ctx.setExitCode(EXIT.invalid)
}

/**
 * The messages of an input error, each prefixed with the file its path is rooted in:
 * `device.json: device.status: expected …`. `files` maps a root (`device`, `request`, …) to the
 * file it was read from.
 */
export function inputErrorMessages(error: InputError, files: Readonly<Record<string, string>>): string[] {
  return error.issues.map((issue) => {
    const root = /^[A-Za-z_$][A-Za-z0-9_$]*/.exec(issue.path)?.[0]
    const file = root === undefined ? undefined : files[root]
    return file === undefined ? issue.message : `${file}: ${issue.message}`
  })
}

/** A citation of a rule that decided, as the CLI prints it beside a decision. */
export interface RuleCitation {
  readonly rule: RuleId
  /** `PIA §2.1`, `DUIS (…)`, `docs/assumptions.md#…`. */
  readonly source: string
  /** The sentence of the source, word for word, where there is one. */
  readonly quote?: string
}

/**
 * The citations of the rules that decided, in the order of the rules: what a reviewer reads to
 * check a decision against its source.
 */
export function citationsOf(ids: readonly RuleId[]): RuleCitation[] {
  return ids.flatMap((rule) =>
    (ruleById(rule)?.citations ?? []).map((c) => ({
      rule,
      source: formatCitation(c),
      ...(c.quote === undefined ? {} : { quote: c.quote })
    }))
  )
}

/** Pretty JSON with a final newline. */
export const json = (u: unknown): string => `${JSON.stringify(u, null, 2)}\n`
