/**
 * `suspended-device-rules/scenario`: the executable specification (docs/specification.md §4).
 * Decodes scenario files, runs them against the library, and compares the two rule editions.
 * Pure: it takes parsed JSON and does no I/O.
 *
 * @module suspended-device-rules/scenario
 * @packageDocumentation
 */
export {
  decodeScenarioFile,
  type CplRemovalStep,
  type ExpectedAlert,
  type JsonObject,
  type RequestStep,
  type ResponseStep,
  type Scenario,
  type ScenarioFile,
  type ScenarioFileError,
  type Step,
  type StepExpectation,
  type StepKind
} from './format.js'
export {
  describeFailure,
  describeMismatch,
  libraryImplementation,
  runScenarioFile,
  runScenarioWith,
  runScenarios,
  verdictOf,
  type Implementation,
  type Mismatch,
  type NotRunStep,
  type RefusedInput,
  type RunOptions,
  type ScenarioFileResult,
  type ScenarioResult,
  type ScenarioState,
  type StepAnswer,
  type StepOutcome,
  type StepQuestion,
  type StepResult,
  type Verdict
} from './runner.js'
export { diffEditions, type EditionDiff, type EditionDifference, type EditionOutcome } from './diff.js'
