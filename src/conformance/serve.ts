/**
 * The library speaking the conformance protocol (docs/specification.md §6): `serveLine` answers one
 * line with one line, deciding each step with `transition`. The command `serve` connects it to
 * standard input and output, so that `verify --implementation "suspended-device-rules serve"`
 * checks the library through the protocol, and a harness in any language can use the library as
 * its oracle. Pure: no I/O.
 *
 * @since 0.2.0
 */
import type { Edition } from '../Edition.js'
import { decodeWith } from '../internal/decode.js'
import { isRecord } from '../internal/codec.js'
import type { DeviceEvent, DeviceState } from '../transition.js'
import { transition } from '../transition.js'
import { PROTOCOL_VERSION, ProtocolMessage, type ProtocolMessage as Message } from './protocol.js'

/**
 * What `serve` says of itself in its answer to `start`.
 *
 * @category Protocol
 * @since 0.2.0
 */
export interface ServeIdentity {
  readonly name: string
  readonly version: string
}

const EDITIONS: readonly Edition[] = ['baseline', 'SECMP0105']

/**
 * Answers one message of the protocol with the library: the answer (a JSON object), and whether
 * the message was `stop` (then there is no answer, and the server ends). A message that is not
 * one of the protocol is answered with an `error` naming the field.
 *
 * @example
 * import { serveMessage } from 'suspended-device-rules/conformance'
 *
 * const identity = { name: 'suspended-device-rules', version: '0.2.0' }
 * console.log(JSON.stringify(serveMessage({ id: 1, cmd: 'start', protocol: 1 }, identity).answer))
 * // {"id":1,"ready":true,"implementation":{"name":"suspended-device-rules","version":"0.2.0"},"editions":["baseline","SECMP0105"],"rules":true}
 * const device = {
 *   deviceId: '00-DB-12-34-56-78-90-A0', deviceType: 'ESME', smetsGeneration: 'SMETS2',
 *   status: 'Suspended', statusBeforeSuspension: 'Commissioned',
 *   manufacturer: 'ACME', model: 'E-200', firmwareVersion: '0101AA00'
 * }
 * const request = { serviceReferenceVariant: '2.2', commandVariant: 1 }
 * const { answer } = serveMessage({ id: 2, cmd: 'authorise', edition: 'SECMP0105', request, device }, identity)
 * console.log(JSON.stringify(answer).slice(0, 60)) // {"id":2,"decision":{"outcome":"Rejected","responseCode":"E5"
 * console.log(serveMessage({ id: 3, cmd: 'stop' }, identity)) // { stop: true }
 *
 * @category Protocol
 * @since 0.2.0
 */
export function serveMessage(message: unknown, identity: ServeIdentity): { readonly answer?: object; readonly stop?: true } {
  const decoded = decodeWith(ProtocolMessage, '', message)
  if (decoded._tag === 'Left') {
    const id = isRecord(message) && message.id !== undefined ? message.id : null
    return { answer: { id, error: { message: decoded.left.message, issues: decoded.left.issues } } }
  }
  const m: Message = decoded.right
  switch (m.cmd) {
    case 'stop':
      return { stop: true }
    case 'start':
      return m.protocol === PROTOCOL_VERSION
        ? {
            answer: {
              id: m.id,
              ready: true,
              implementation: { name: identity.name, version: identity.version },
              editions: EDITIONS,
              rules: true
            }
          }
        : { answer: { id: m.id, ready: false, error: { message: `protocol: expected ${PROTOCOL_VERSION}, got ${m.protocol}` } } }
    case 'authorise':
      return { answer: decide(m.id, { device: m.device, cpl: [] }, { request: m.request }, m.edition) }
    case 'process':
      return { answer: decide(m.id, { device: m.device, cpl: m.cpl }, { response: m.response }, m.edition) }
    case 'cplRemoval':
      return { answer: decide(m.id, { device: m.device, cpl: m.cpl }, { cplRemoval: m.removal }, m.edition) }
  }
}

function decide(id: number, state: unknown, event: unknown, edition: Edition): object {
  const r = transition(state as DeviceState, event as DeviceEvent, { edition })
  return r._tag === 'Left' ? { id, error: { message: r.left.message, issues: r.left.issues } } : { id, decision: r.right.decision }
}

/**
 * Answers one line of the protocol with one line (without its newline); `stop` and a blank line
 * have no answer, and `stop` ends the server. A line that is not JSON is answered with an `error`
 * whose `id` is null.
 *
 * @example
 * import { serveLine } from 'suspended-device-rules/conformance'
 *
 * const identity = { name: 'suspended-device-rules', version: '0.2.0' }
 * console.log(serveLine('{"id":1,"cmd":"start","protocol":2}', identity).answer)
 * // {"id":1,"ready":false,"error":{"message":"protocol: expected 1, got 2"}}
 * console.log(serveLine('{"id":5,"cmd":"stop"}', identity)) // { stop: true }
 *
 * @category Protocol
 * @since 0.2.0
 */
export function serveLine(line: string, identity: ServeIdentity): { readonly answer?: string; readonly stop?: true } {
  if (line.trim() === '') return {}
  let message: unknown
  try {
    message = JSON.parse(line)
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e)
    return {
      answer: JSON.stringify({ id: null, error: { message: `(input): is not valid JSON (${why}); expected one JSON object on one line` } })
    }
  }
  const r = serveMessage(message, identity)
  return r.stop === true ? { stop: true } : { answer: JSON.stringify(r.answer) }
}
