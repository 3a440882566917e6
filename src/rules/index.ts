/**
 * All rule tables, as data: for rendering the decision tables and tracing decisions to sources.
 *
 * @since 0.1.0
 */
import type { Edition } from '../Edition.js'
import { authorisationRules, type AuthorisationRule } from './authorisation.js'
import { responseRules, type ResponseRule } from './response.js'
import type { RuleId, RuleInfo } from './Rule.js'
import { suspensionRules, type SuspensionRule } from './suspension.js'

/**
 * @category Rules
 * @since 0.1.0
 */
export type AnyRule = AuthorisationRule | ResponseRule | SuspensionRule

/**
 * Every rule, table by table, each in evaluation order.
 *
 * @example
 * import { rules } from 'suspended-device-rules'
 *
 * console.log(rules.map((r) => r.id).join(' '))
 * // A1 A2 A3 A4 A5 A6 A8 A7 R1 R2 R3 R4 R5 R6 R7 S1 S2
 *
 * @category Rules
 * @since 0.1.0
 */
export const rules: readonly AnyRule[] = Object.freeze([...authorisationRules, ...responseRules, ...suspensionRules])

const byId = new Map<string, AnyRule>(rules.map((r) => [r.id, r]))

/**
 * Looks a rule up by its id.
 *
 * @example
 * import { ruleById, formatCitation } from 'suspended-device-rules'
 *
 * const a6 = ruleById('A6')
 * console.log(a6?.effect, a6?.citations.map(formatCitation))
 * // { SECMP0105: 'Authorised' } [ 'PIA §3 Req 1', 'PIA §3.2' ]
 *
 * @category Rules
 * @since 0.1.0
 */
export function ruleById(id: RuleId | string): AnyRule | undefined {
  return byId.get(id)
}

/**
 * The rules that are part of an edition, in evaluation order (A6 and R2 are SECMP0105's only).
 *
 * @example
 * import { rulesOf } from 'suspended-device-rules'
 *
 * console.log(rulesOf('baseline').map((r) => r.id).join(' ')) // A1 A2 A3 A4 A5 A8 A7 R1 R3 R4 R5 R6 R7 S1 S2
 *
 * @category Rules
 * @since 0.1.0
 */
export function rulesOf(edition: Edition): readonly RuleInfo[] {
  return rules.filter((r) => r.effect[edition] !== undefined)
}
