/**
 * `authoriseRequest`: may this service request go to this device, and if not, with which code.
 *
 * @since 0.1.0
 */
import { left, right, type Either, type Right } from 'fp-ts/lib/Either.js'
import type { AuthorisationDecision } from './Decision.js'
import { Device, DeviceShape } from './Device.js'
import type { Edition, RuleOptions } from './Edition.js'
import { checkedAs, unreadable } from './internal/decode.js'
import { checkFields, deviceIdMismatch, editionOf, fieldReader, Invalid, Issues } from './internal/inputs.js'
import type { InputError } from './InputError.js'
import {
  authorisationRules,
  contextSlot,
  SLOTS_PER_VARIANT,
  type AuthorisationContext,
  type AuthorisationRule
} from './rules/authorisation.js'
import { ServiceRequest } from './ServiceRequest.js'
import { serviceRequestVariants, type ServiceRequestVariantInfo } from './ServiceRequestVariant.js'

type Decision = Right<AuthorisationDecision>

/** Evaluates an edition's rule table in order: the first rule that applies decides. */
function evaluate(edition: Edition, context: AuthorisationContext): Decision {
  for (const rule of authorisationRules) {
    const effect = rule.effects[edition]
    if (effect !== undefined && rule.applies(context)) return decisionOf(rule, edition)
  }
  // every edition's table ends with A7, which applies to everything that reaches it
  // Stryker disable next-line all: unreachable, A7 applies to every request that reaches it
  throw new Error(`no authorisation rule applied to ${context.variant.srv}`)
}

const decisions = new Map<string, Decision>()

/** The decision of a rule in an edition, built once and frozen: deciding allocates nothing. */
function decisionOf(rule: AuthorisationRule, edition: Edition): Decision {
  const key = `${rule.id}/${edition}`
  let decision = decisions.get(key)
  if (decision === undefined) {
    const effect = rule.effects[edition] as NonNullable<AuthorisationRule['effects'][Edition]>
    const rules = Object.freeze([rule.id])
    const value: AuthorisationDecision =
      effect.outcome === 'Authorised'
        ? { outcome: 'Authorised', edition, rules, reason: effect.reason }
        : // Stryker disable next-line LogicalOperator,StringLiteral: unreachable default, every Rejected effect names its code
          { outcome: 'Rejected', responseCode: effect.responseCode ?? 'E5', edition, rules, reason: effect.reason }
    decision = Object.freeze(right(Object.freeze(value))) as Decision
    decisions.set(key, decision)
  }
  return decision
}

/**
 * A decision depends only on the edition and the four facts of {@link AuthorisationContext};
 * there are 2 x 129 x 8 x 2 x 2 combinations, numbered by `contextSlot` (beside the type, in
 * src/rules/authorisation.ts). Each is evaluated from the rule table the first time it is met and
 * remembered, so a decision costs one array read after validation.
 */
const memo: Readonly<Record<Edition, Array<Decision | undefined>>> = {
  baseline: new Array<Decision | undefined>(serviceRequestVariants.length * SLOTS_PER_VARIANT),
  SECMP0105: new Array<Decision | undefined>(serviceRequestVariants.length * SLOTS_PER_VARIANT)
}
const variantIndex = new Map<string, number>(serviceRequestVariants.map((v, i) => [v.srv, i]))

const checkedRequests = checkedAs(ServiceRequest)
const checkedDevices = checkedAs(Device)
const REQUEST_FIELDS: readonly string[] = ['serviceReferenceVariant', 'commandVariant', 'deviceId']
const DEVICE_FIELDS: readonly string[] = [...Object.keys(DeviceShape.required), ...Object.keys(DeviceShape.optional)]
const readRequest = fieldReader(REQUEST_FIELDS)
const readDevice = fieldReader(DEVICE_FIELDS)

/**
 * Evaluates the rule table for a context, without the memo (for tests that compare the two).
 *
 * @internal
 */
export function evaluateAuthorisation(edition: Edition, context: AuthorisationContext): AuthorisationDecision {
  return evaluate(edition, context).right
}

/**
 * Decides whether a service request may be sent to a device, by the authorisation rules A1-A7
 * of the chosen edition, checked in order.
 *
 * Plain JSON objects in the contract's shapes can be passed straight in. Both are checked in full
 * on every call, the device whole (every contract field, not only those the rules read), each
 * field read once (see docs/guarantees.md): inconsistent or malformed input, or an object that is
 * not plain data, is a `Left` naming every offending field. Never throws, never changes its
 * inputs. The decisions are shared, frozen objects.
 *
 * Cost: O(1). Fast path: a frozen request or device that `decodeServiceRequest` or
 * `decodeDevice` accepted once is remembered as checked and not checked again.
 *
 * @example
 * import { authoriseRequest } from 'suspended-device-rules'
 *
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0102AB00'
 * } as const
 * const read = { serviceReferenceVariant: '11.2', commandVariant: 1 } as const
 *
 * const now = authoriseRequest(read, device)
 * if (now._tag === 'Right') console.log(now.right.outcome, now.right.rules) // Authorised [ 'A6' ]
 *
 * const before = authoriseRequest(read, device, { edition: 'baseline' })
 * if (before._tag === 'Right' && before.right.outcome === 'Rejected') console.log(before.right.responseCode, before.right.rules) // E5 [ 'A7' ]
 *
 * @category Rule functions
 * @since 0.1.0
 */
export function authoriseRequest(sr: ServiceRequest, device: Device, options?: RuleOptions): Either<InputError, AuthorisationDecision> {
  try {
    const edition = editionOf(options)
    // each read once into a snapshot of the contract fields: the rules read nothing else
    const request = checkFields(ServiceRequest, checkedRequests, sr, readRequest, REQUEST_FIELDS, true)
    const checked = checkFields(Device, checkedDevices, device, readDevice, DEVICE_FIELDS, false)
    if (edition === undefined || request instanceof Invalid || checked instanceof Invalid) {
      const issues = new Issues()
      if (edition === undefined) issues.options(options)
      if (request instanceof Invalid) issues.input(ServiceRequest, 'request', request)
      if (checked instanceof Invalid) issues.input(Device, 'device', checked)
      return left(issues.error())
    }
    const named = request.deviceId
    if (named !== undefined && named !== checked.deviceId) {
      const issues = new Issues()
      issues.push(deviceIdMismatch('request.deviceId', named, checked.deviceId))
      return left(issues.error())
    }
    const index = variantIndex.get(request.serviceReferenceVariant) as number
    const suspended = checked.status === 'Suspended'
    const slot = contextSlot(index, request.commandVariant, suspended, checked.smetsGeneration)
    const table = memo[edition]
    let decision = table[slot]
    // Stryker disable next-line ConditionalExpression: equivalent, evaluating the table again gives the same (memoised) decision
    if (decision === undefined) {
      const context: AuthorisationContext = {
        variant: serviceRequestVariants[index] as ServiceRequestVariantInfo,
        commandVariant: request.commandVariant,
        suspended,
        smetsGeneration: checked.smetsGeneration
      }
      table[slot] = decision = evaluate(edition, context)
    }
    return decision
  } catch (e) {
    return left(unreadable('(input)', e))
  }
}
