/**
 * `processResponse`: what an SR11.2 or SR11.3 response does to the device record, and which
 * alerts it raises.
 *
 * @since 0.1.0
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js'
import { resolveCpl, type Cpl, type PreparedCpl } from './Cpl.js'
import type { ResponseDecision } from './Decision.js'
import { Device } from './Device.js'
import type { Edition, RuleOptions } from './Edition.js'
import { checkedAs, unreadable } from './internal/decode.js'
import { checkInput, deviceIdMismatch, editionOf, Invalid, Issues } from './internal/inputs.js'
import { makeIssue, type InputError } from './InputError.js'
import { responseRules, type ResponseContext, type ResponseEffect, type ResponseRule } from './rules/response.js'
import { ASSUMPTION, type ResponseRuleId } from './rules/Rule.js'
import { ServiceResponse } from './ServiceResponse.js'

interface CompiledRule {
  readonly rule: ResponseRule
  readonly effect: ResponseEffect
  readonly rules: readonly ResponseRuleId[]
}

function compile(edition: Edition): readonly CompiledRule[] {
  const out: CompiledRule[] = []
  for (const rule of responseRules) {
    const effect = rule.effects[edition]
    if (effect !== undefined) out.push(Object.freeze({ rule, effect, rules: Object.freeze([rule.id]) }))
  }
  return Object.freeze(out)
}

/** Where the GPF-respondent check comes from, cited in its message. */
const GPF_CITATION = ASSUMPTION.gpfOnlyForGsme.reference

const TABLES: Readonly<Record<Edition, readonly CompiledRule[]>> = {
  baseline: compile('baseline'),
  SECMP0105: compile('SECMP0105')
}

const checkedResponses = checkedAs(ServiceResponse)
const checkedDevices = checkedAs(Device)

/**
 * The consistency checks between a valid response and a valid device: the response names the
 * device given (if it names one), and `respondent: "GPF"` stands only on an SR11.2 response for a
 * GSME, the one answer a GPF gives from its copy of a GSME's data (PIA §3.2; the reading is
 * docs/assumptions.md#only-a-gsme-has-a-gpf-answer, which the message cites).
 */
function consistencyIssues(response: ServiceResponse, device: Device): Issues | undefined {
  let issues: Issues | undefined
  if (response.deviceId !== undefined && response.deviceId !== device.deviceId) {
    ;(issues ??= new Issues()).push(deviceIdMismatch('response.deviceId', response.deviceId, device.deviceId))
  }
  if (response.respondent === 'GPF' && (response.serviceReferenceVariant !== '11.2' || device.deviceType !== 'GSME')) {
    const what =
      response.serviceReferenceVariant !== '11.2'
        ? `an SR${response.serviceReferenceVariant} response`
        : `a response for a ${device.deviceType}`
    ;(issues ??= new Issues()).push(
      makeIssue(
        'response.respondent',
        '"Device"',
        'GPF',
        `is "GPF" on ${what}; a GPF answers only SR11.2 for a GSME (${GPF_CITATION}): expected "Device" (or no respondent)`
      )
    )
  }
  return issues
}

/**
 * Processes an SR11.2 or SR11.3 response for a device against the CPL, by the response rules
 * R1-R7 of the chosen edition: returns the new device record (the same object when nothing
 * changes) and the alerts to emit.
 *
 * "Current" means the CPL holds the device's manufacturer and model with the reported firmware
 * version as `Current`. The CPL is read as it is at the call: O(1) for an immutable CPL (the
 * result of `prepareCpl`, its `entries`, a CPL a removal returned, or a frozen array of frozen
 * entries after its first use), O(n) on every call for any other array, which may have changed
 * since the last call. The response and device are checked in full, each field read once (see
 * docs/guarantees.md); inconsistent or malformed input is a `Left` naming every offending field.
 * Never throws, never changes its inputs; fields of the device beyond the contract are kept.
 * Fast path: a frozen response or device that a decode function accepted once is not checked again.
 *
 * @example
 * import { processResponse } from 'suspended-device-rules'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00',
 *   responsibleImportSupplier: '90-B3-D5-1F-30-01-00-01'
 * } as const
 * const cpl = [{ manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00', status: 'Current' }] as const
 *
 * const result = processResponse({ serviceReferenceVariant: '11.2', firmwareVersion: '0102AB00' }, device, cpl)
 * if (result._tag === 'Right') {
 *   console.log(result.right.device.status, result.right.rules) // Commissioned [ 'R2' ]
 *   console.log(result.right.alerts.map((a) => `${a.code} → ${a.recipient}`).join(', '))
 *   // N29 → ResponsibleImportSupplier, N29 → ResponsibleNetworkOperator
 * }
 *
 * @category Rule functions
 * @since 0.1.0
 */
export function processResponse(
  resp: ServiceResponse,
  device: Device,
  cpl: Cpl | PreparedCpl,
  options?: RuleOptions
): Either<InputError, ResponseDecision> {
  try {
    const edition = editionOf(options)
    const response = checkInput(ServiceResponse, checkedResponses, resp)
    const checked = checkInput(Device, checkedDevices, device)
    const prepared = resolveCpl(cpl, 'cpl')
    if (edition === undefined || response instanceof Invalid || checked instanceof Invalid || prepared._tag === 'Left') {
      const issues = new Issues()
      if (edition === undefined) issues.options(options)
      if (response instanceof Invalid) issues.input(ServiceResponse, 'response', response)
      if (checked instanceof Invalid) issues.input(Device, 'device', checked)
      if (prepared._tag === 'Left') issues.add(prepared.left)
      return left(issues.error())
    }
    const inconsistent = consistencyIssues(response, checked)
    if (inconsistent !== undefined) return left(inconsistent.error())

    const reported = response.firmwareVersion
    const context: ResponseContext = {
      response,
      device: checked,
      reported,
      // Stryker disable next-line ConditionalExpression: equivalent, no CPL entry has an undefined firmware version
      current: reported !== undefined && prepared.right.isCurrent(checked.manufacturer, checked.model, reported)
    }
    const table = TABLES[edition]
    // Stryker disable next-line EqualityOperator: equivalent, R3, R6 and R7 end the loop before i reaches the length
    for (let i = 0; i < table.length; i++) {
      const entry = table[i] as CompiledRule
      if (entry.rule.applies(context)) {
        const outcome = entry.effect(context)
        // a device the rule left unchanged is returned as the caller gave it, not as the snapshot read of it
        const next = outcome.device === checked ? device : outcome.device
        return right({ device: next, alerts: outcome.alerts, edition, rules: entry.rules, reason: outcome.reason })
      }
    }
    // R3, R6 and R7 between them cover every valid response in both editions
    // Stryker disable next-line all: unreachable, R3, R6 and R7 between them apply to every valid response
    return left(unreadable('response', new Error('no response rule applied')))
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}
