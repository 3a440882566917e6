/**
 * Another program as an {@link Implementation}: started through the shell, spoken to through the
 * conformance protocol (docs/specification.md §6) on its standard input and output. Node only.
 *
 * What can go wrong with a program is a failed step, never a hung or crashed run: an answer that is
 * not one JSON object on one line, that carries another `id` or a field of the wrong shape, that
 * comes later than the timeout, or a program that exits, fails the step that asked, saying which;
 * the program is then ended and started afresh for the next step (so for the next scenario: a
 * scenario stops at its first failed step). Each program runs in its own process group, and the
 * whole group is ended when the program is stopped, replaced, or when this process is interrupted
 * (SIGINT, SIGTERM, SIGHUP) or exits: no process it started outlives the run.
 *
 * @since 0.2.0
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import type { Implementation, StepAnswer, StepQuestion } from '../scenario/runner.js'
import {
  COMMAND_OF,
  PROTOCOL_VERSION,
  parseAnswerLine,
  quote,
  readStartAnswer,
  readStepAnswer,
  stepMessage,
  type ImplementationInfo
} from './protocol.js'

/**
 * Options of {@link startProgram}.
 *
 * @category Running conformance
 * @since 0.2.0
 */
export interface ProgramOptions {
  /** How long to wait for each answer, in milliseconds (default 10000). */
  readonly timeout?: number
  /** The working directory of the program (default: this process's). */
  readonly cwd?: string
  /** Its environment (default: this process's). */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** How long a program may take to exit after `stop` before it is killed, in ms (default: the timeout, at most 2000). */
  readonly stopGrace?: number
}

/**
 * A running program that speaks the protocol: an {@link Implementation} the scenario runner can
 * use, with what it said of itself in its answer to `start`.
 *
 * @category Running conformance
 * @since 0.2.0
 */
export interface Program extends Implementation {
  /** The command it was started with. */
  readonly command: string
  /** What it answered to `start`. */
  readonly info: ImplementationInfo
  /** How many times it was started (1, plus one per restart after a failed step). */
  readonly starts: number
  /**
   * Sends `stop` and waits for the program to exit; one that does not exit in time is killed.
   * Resolves to notes for the report (a program that had to be killed). Ends its process group.
   */
  readonly stop: () => Promise<readonly string[]>
}

/**
 * The default of `--timeout`, in milliseconds.
 *
 * @example
 * import { DEFAULT_TIMEOUT } from 'suspended-device-rules/conformance'
 *
 * console.log(DEFAULT_TIMEOUT) // 10000
 *
 * @category Running conformance
 * @since 0.2.0
 */
export const DEFAULT_TIMEOUT = 10_000

/** How much of a program's standard error is kept for the report, per scenario (its end). */
const STDERR_KEPT = 4000
/** A line longer than this is not waited for: the answer fails. */
const MAX_LINE = 64 * 1024 * 1024

type Received =
  | { readonly kind: 'line'; readonly line: string }
  | { readonly kind: 'exit'; readonly problem: string }
  | { readonly kind: 'timeout'; readonly problem: string }

// ---------------------------------------------------------------------------------------------
// every live program, ended when this process is interrupted or exits

const live = new Set<Child>()
const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
const handlers = new Map<string, () => void>()

function killAll(): void {
  for (const c of [...live]) void c.kill()
}

function onExit(): void {
  killAll()
}

function track(c: Child): void {
  live.add(c)
  if (handlers.size > 0) return
  for (const signal of SIGNALS) {
    const handler = (): void => {
      killAll()
      untrackHandlers()
      // what this process would have done without us: its other listeners, or the default (exit)
      process.kill(process.pid, signal)
    }
    handlers.set(signal, handler)
    process.on(signal, handler)
  }
  process.on('exit', onExit)
}

function untrack(c: Child): void {
  live.delete(c)
  if (live.size === 0) untrackHandlers()
}

function untrackHandlers(): void {
  for (const [signal, handler] of handlers) process.removeListener(signal, handler)
  handlers.clear()
  process.removeListener('exit', onExit)
}

// ---------------------------------------------------------------------------------------------
// one process

/** One started process: its lines, its exit, and the end of its standard error. */
class Child {
  private readonly proc: ChildProcessWithoutNullStreams
  private readonly lines: string[] = []
  private partial = ''
  private exit: string | undefined
  private wake: (() => void) | undefined
  private stderrTail = ''
  private stderrTotal = 0
  private nextId = 1
  private killed = false

  constructor(
    readonly command: string,
    options: ProgramOptions
  ) {
    this.proc = spawn(command, {
      shell: true,
      detached: true,
      cwd: options.cwd,
      env: options.env as NodeJS.ProcessEnv | undefined,
      stdio: ['pipe', 'pipe', 'pipe']
    })
    track(this)
    this.proc.stdout.setEncoding('utf8')
    this.proc.stderr.setEncoding('utf8')
    this.proc.stdout.on('data', (chunk: string) => this.onStdout(chunk))
    this.proc.stderr.on('data', (chunk: string) => this.onStderr(chunk))
    this.proc.stdin.on('error', () => undefined) // EPIPE from a program that exited: its exit is reported
    this.proc.on('error', (e) => this.onExit(`could not be run (${e.message})`))
    this.proc.on('exit', (code, signal) => {
      // the last of its output may still be in the pipe: read it before reporting the exit
      const report = (): void => this.onExit(signal === null ? `exited with code ${code ?? '?'}` : `was ended by ${signal}`)
      if (this.proc.stdout.readableEnded) report()
      else {
        const timer = setTimeout(report, 100)
        this.proc.stdout.once('end', () => {
          clearTimeout(timer)
          report()
        })
      }
    })
  }

  /** True once it exited or was killed: it answers nothing more. */
  get exited(): boolean {
    return this.exit !== undefined || this.killed
  }

  private onStdout(chunk: string): void {
    this.partial += chunk
    let nl = this.partial.indexOf('\n')
    while (nl !== -1) {
      const line = this.partial.slice(0, nl)
      this.lines.push(line.endsWith('\r') ? line.slice(0, -1) : line)
      this.partial = this.partial.slice(nl + 1)
      nl = this.partial.indexOf('\n')
    }
    this.notify()
  }

  private onStderr(chunk: string): void {
    this.stderrTotal += chunk.length
    this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_KEPT)
  }

  private onExit(why: string): void {
    if (this.exit !== undefined) return
    this.exit = why
    // its group may hold more processes (a shell's children): end them too
    this.killGroup()
    untrack(this)
    this.notify()
  }

  private notify(): void {
    const wake = this.wake
    this.wake = undefined
    wake?.()
  }

  /** The next id, for the next message. */
  id(): number {
    return this.nextId++
  }

  /** Lines written that no message asked for (taken). */
  takeUnsolicited(): string[] {
    return this.lines.splice(0)
  }

  send(message: object): void {
    if (this.exit === undefined) this.proc.stdin.write(`${JSON.stringify(message)}\n`)
  }

  /** The next line, or the exit, or the timeout, while waiting for the answer to `cmd`. */
  receive(timeout: number, cmd: string): Promise<Received> {
    return new Promise((resolve) => {
      const done = (r: Received): true => {
        clearTimeout(timer)
        this.wake = undefined
        resolve(r)
        return true
      }
      const check = (): boolean => {
        const line = this.lines.shift()
        if (line !== undefined) return done({ kind: 'line', line })
        if (this.partial.length > MAX_LINE) {
          return done({
            kind: 'exit',
            problem: `the implementation wrote more than ${MAX_LINE} characters without a newline (answering ${cmd})`
          })
        }
        if (this.exit !== undefined) {
          const partial = this.partial === '' ? '' : `, leaving a partial line without its newline: ${quote(this.partial)}`
          return done({ kind: 'exit', problem: `the implementation ${this.exit} before answering ${cmd}${partial}` })
        }
        return false
      }
      const timer = setTimeout(() => {
        this.wake = undefined
        const partial = this.partial === '' ? '' : ` (it wrote a partial line without its newline: ${quote(this.partial)})`
        resolve({ kind: 'timeout', problem: `the implementation gave no answer to ${cmd} within ${timeout} ms${partial}` })
      }, timeout)
      const onWake = (): void => {
        if (!check()) this.wake = onWake
      }
      if (!check()) this.wake = onWake
    })
  }

  beginScenario(): void {
    this.stderrTail = ''
    this.stderrTotal = 0
  }

  /** What it wrote to standard error in this scenario, once the pipe has been quiet for a moment (at most 500 ms). */
  async settledStderr(): Promise<string> {
    for (let waited = 0; waited < 500; waited += 25) {
      const before = this.stderrTotal
      await new Promise((resolve) => setTimeout(resolve, 25))
      if (this.stderrTotal === before) break
    }
    return this.stderr()
  }

  stderr(): string {
    if (this.stderrTotal === 0) return ''
    const hidden = this.stderrTotal - this.stderrTail.length
    return hidden > 0 ? `… (${hidden} earlier characters not shown)\n${this.stderrTail}` : this.stderrTail
  }

  /** Waits up to `ms` for the process to exit; true when it did. */
  waitExit(ms: number): Promise<boolean> {
    if (this.proc.exitCode !== null || this.proc.signalCode !== null) return Promise.resolve(true)
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(this.exit !== undefined), ms)
      this.proc.once('exit', () => {
        clearTimeout(timer)
        resolve(true)
      })
    })
  }

  endInput(): void {
    this.proc.stdin.end()
  }

  private killGroup(): void {
    const pid = this.proc.pid
    if (pid === undefined) return
    try {
      process.kill(-pid, 'SIGKILL')
    } catch {
      // the group is already gone
    }
  }

  /** Ends the process and its whole group at once; resolves when the process is gone (at most 2 s). */
  kill(): Promise<boolean> {
    if (!this.killed) {
      this.killed = true
      this.killGroup()
      untrack(this)
      this.proc.stdout.destroy()
      this.proc.stderr.destroy()
      this.proc.stdin.destroy()
    }
    return this.proc.exitCode !== null || this.proc.signalCode !== null ? Promise.resolve(true) : this.waitExit(2000)
  }
}

// ---------------------------------------------------------------------------------------------
// the program

/** Starts the command and shakes hands: the child and what it said of itself, or why not. */
async function launch(
  command: string,
  options: ProgramOptions,
  timeout: number,
  children: Child[]
): Promise<
  { readonly ok: true; readonly child: Child; readonly info: ImplementationInfo } | { readonly ok: false; readonly problem: string }
> {
  const child = new Child(command, options)
  children.push(child)
  const fail = async (problem: string): Promise<{ readonly ok: false; readonly problem: string }> => {
    const stderr = (await child.settledStderr()).trim()
    await child.kill()
    return { ok: false, problem: stderr === '' ? problem : `${problem}; its standard error: ${stderr.slice(-1000)}` }
  }
  const id = child.id()
  child.send({ id, cmd: 'start', protocol: PROTOCOL_VERSION })
  const r = await child.receive(timeout, 'start')
  if (r.kind !== 'line') return fail(r.problem.replace(/^the implementation /, 'it '))
  const parsed = parseAnswerLine(r.line)
  if (!parsed.ok || parsed.value.id !== id) {
    return fail(`it wrote ${quote(r.line)} where its answer to start was expected (standard output carries answers only, from start on)`)
  }
  const info = readStartAnswer(id, parsed.value)
  return info.ok ? { ok: true, child, info: info.value } : fail(`it ${info.problem}`)
}

/**
 * Starts a program that speaks the conformance protocol (through the shell, so `CMD` may carry
 * arguments) and shakes hands with it. Resolves to the running {@link Program}, or to why it could
 * not be used: it could not be started, exited, did not answer `start` in time, or did not answer
 * `ready: true` with the shape the protocol gives. Never rejects.
 *
 * @example
 * import { startProgram } from 'suspended-device-rules/conformance'
 *
 * const started = await startProgram('exit 3', { timeout: 2000 })
 * console.log(started.ok || started.problem) // could not start "exit 3": it exited with code 3 before answering start
 *
 * @category Running conformance
 * @since 0.2.0
 */
export async function startProgram(
  command: string,
  options: ProgramOptions = {}
): Promise<{ readonly ok: true; readonly program: Program } | { readonly ok: false; readonly problem: string }> {
  const timeout = options.timeout ?? DEFAULT_TIMEOUT
  const children: Child[] = []
  const first = await launch(command, options, timeout, children)
  if (!first.ok) return { ok: false, problem: `could not start ${JSON.stringify(command)}: ${first.problem}` }
  let child: Child = first.child
  let starts = 1
  const info = first.info
  const stopGrace = options.stopGrace ?? Math.min(timeout, 2000)

  const decide = async (q: StepQuestion): Promise<StepAnswer> => {
    if (child.exited) {
      const restarted = await launch(command, options, timeout, children)
      starts++
      if (!restarted.ok) return { tag: 'failed', kind: q.kind, problem: `the implementation could not be restarted: ${restarted.problem}` }
      child = restarted.child
    }
    const answer = await ask(child, q, info.rules, timeout)
    // after a failed answer the conversation is out of step: end the program; the next step starts it afresh
    if (answer.tag === 'failed') void child.kill()
    return answer
  }

  const program: Program = {
    command,
    info,
    get starts() {
      return starts
    },
    decide,
    diagnostics: () => child.settledStderr(),
    beginScenario: () => child.beginScenario(),
    stop: async () => {
      const notes: string[] = []
      if (!child.exited) {
        child.send({ id: child.id(), cmd: 'stop' })
        child.endInput()
        if (!(await child.waitExit(stopGrace))) notes.push(`the implementation did not exit within ${stopGrace} ms of stop, and was killed`)
      }
      // every process it started, the replaced ones too, is gone before the run ends
      await Promise.all(children.map((c) => c.kill()))
      return notes
    }
  }
  return { ok: true, program }
}

/** Asks the child about one step and reads its answer. */
async function ask(child: Child, q: StepQuestion, reportsRules: boolean, timeout: number): Promise<StepAnswer> {
  const unsolicited = child.takeUnsolicited()
  if (unsolicited.length > 0) {
    return {
      tag: 'failed',
      kind: q.kind,
      problem: `the implementation wrote a line no message asked for: ${quote(unsolicited[0] as string)}`
    }
  }
  const id = child.id()
  child.send(stepMessage(id, q))
  const cmd = COMMAND_OF[q.kind]
  const r = await child.receive(timeout, cmd)
  if (r.kind !== 'line') return { tag: 'failed', kind: q.kind, problem: r.problem }
  const parsed = parseAnswerLine(r.line)
  if (!parsed.ok) return { tag: 'failed', kind: q.kind, problem: `the implementation answered ${cmd} ${parsed.problem}` }
  return readStepAnswer(q.kind, id, parsed.value, reportsRules)
}
