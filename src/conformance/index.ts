/**
 * suspended-device-rules/conformance: the conformance kit (docs/specification.md §6). Runs scenario
 * files against any implementation of the rules: the library, another program speaking the
 * protocol on its standard input and output (`startProgram`), or an adapter of your own (an
 * {@link Implementation}). Also the protocol itself: its messages, the checks of its answers, and
 * the library's own answers (`serveMessage`, what `suspended-device-rules serve` speaks).
 *
 * @module suspended-device-rules/conformance
 * @packageDocumentation
 */

// the seam: what decides a step (the same types as the main entry's)
export {
  libraryImplementation,
  runScenarioWith,
  verdictOf,
  type Implementation,
  type RefusedInput,
  type StepAnswer,
  type StepQuestion,
  type Verdict
} from '../scenario/runner.js'

// running files against an implementation
export { countVerdicts, runConformance, type ConformanceCounts, type ConformanceOptions, type ConformanceResult } from './run.js'

// the protocol
export {
  COMMAND_OF,
  PROTOCOL_VERSION,
  ProtocolMessage,
  answerCodec,
  parseAnswerLine,
  readStartAnswer,
  readStepAnswer,
  stepMessage,
  type AuthoriseMessage,
  type CplRemovalMessage,
  type ImplementationInfo,
  type ProcessMessage,
  type StartAnswer,
  type StartMessage,
  type StopMessage
} from './protocol.js'

// the library speaking it
export { serveLine, serveMessage, type ServeIdentity } from './serve.js'

// another program speaking it (Node)
export { DEFAULT_TIMEOUT, startProgram, type Program, type ProgramOptions } from './program.js'
