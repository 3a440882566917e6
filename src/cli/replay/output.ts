/**
 * The output folder of a replay, written so that nothing a reader finds there can be taken for a
 * complete run when it is not, and so that two replays never mix their lines. Node-only.
 *
 * - **One replay at a time.** A replay holds `DIR/.replay.lock` (its process ID, host and start)
 *   while it runs; a second replay into the same folder refuses. A lock whose process is gone
 *   (same host, process ID not running, or running but started at another time) is stale and is
 *   taken over, so a crashed or killed replay does not block the folder for ever.
 * - **Temporary names, renamed at the end.** The output files are written as
 *   `DIR/.replay-<pid>.<name>.tmp`; the previous run's files stay untouched until the replay has
 *   finished. Then `summary.json` is removed, the three NDJSON files are renamed into place, and
 *   the new `summary.json` is written (under a temporary name, then renamed) last: a folder holds
 *   a complete run exactly when it holds `summary.json`. A killed replay leaves its temporary files
 *   (and its lock), which the next replay into the folder removes.
 * - **Every failure names its file**: a read-only folder, a path blocked by a file, a full disk.
 *
 * @internal
 */
import { link, mkdir, open, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { LineWriter, OutputError, writeFailure } from './lines.js'

export { OutputError } from './lines.js'

/** The NDJSON files a replay writes, before `summary.json`. */
export const NDJSON_FILES = ['inventory.ndjson', 'alerts.ndjson', 'rejected.ndjson'] as const
export const SUMMARY_FILE = 'summary.json'
export const LOCK_FILE = '.replay.lock'
const TEMPORARY = /^\.replay-\d+\.(inventory\.ndjson|alerts\.ndjson|rejected\.ndjson|summary\.json)\.tmp$/

const code = (e: unknown): string | undefined => (e as NodeJS.ErrnoException | undefined)?.code

/** Creates the output folder (and its parents), naming the file that blocks the path. */
export async function createOutDir(dir: string): Promise<void> {
  try {
    await mkdir(dir, { recursive: true })
  } catch (e) {
    if (code(e) === 'EEXIST' || code(e) === 'ENOTDIR') {
      let blocker = dir
      for (let p = dir; dirname(p) !== p; p = dirname(p)) {
        const st = await stat(p).catch(() => undefined)
        if (st !== undefined) {
          blocker = p
          break
        }
      }
      throw new OutputError(
        blocker === dir
          ? `cannot use ${dir} as the output folder: it is a file; expected a folder (or a path that can be created)`
          : `cannot create the output folder ${dir}: ${blocker} is a file, not a folder`
      )
    }
    throw writeFailure('create the output folder', dir, e)
  }
}

interface Owner {
  readonly pid: number
  readonly hostname: string
  readonly started: string
  /** The process's start time as the system counts it (Linux), to tell a reused process ID. */
  readonly since?: string
}

/** The start time of a process (field 22 of /proc/PID/stat, Linux), or undefined. */
async function processStart(pid: number): Promise<string | undefined> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8')
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19]
  } catch {
    return undefined
  }
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return code(e) === 'EPERM'
  }
}

/** The locks this process holds (two replays in one process are told apart by these). */
const heldHere = new Set<string>()

/** True when the lock's owner is certainly gone: it ran on this host and its process is no more. */
async function stale(owner: Owner, path: string): Promise<boolean> {
  if (owner.hostname !== hostname()) return false
  // this process's own ID in a lock it does not hold: a process of another boot or container
  if (owner.pid === process.pid) return !heldHere.has(path)
  if (!running(owner.pid)) return true
  const since = await processStart(owner.pid)
  return owner.since !== undefined && since !== undefined && since !== owner.since
}

function readOwner(text: string): Owner | undefined {
  try {
    const o = JSON.parse(text) as Owner
    return Number.isSafeInteger(o.pid) && typeof o.hostname === 'string' ? o : undefined
  } catch {
    return undefined
  }
}

/**
 * Takes the folder's lock, or throws an {@link OutputError} saying who holds it. The lock is
 * written complete under a private name and linked into place (atomic: exactly one of two
 * replays starting together gets it).
 */
export async function lockOutDir(dir: string): Promise<{ release(): Promise<void> }> {
  const path = join(dir, LOCK_FILE)
  const since = await processStart(process.pid)
  const me = JSON.stringify({
    pid: process.pid,
    hostname: hostname(),
    started: new Date().toISOString(),
    ...(since === undefined ? {} : { since })
  })
  const mine = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}`
  const held = {
    release: async (): Promise<void> => {
      heldHere.delete(path)
      await unlink(path).catch(() => undefined)
    }
  }
  try {
    await writeFile(mine, me)
  } catch (e) {
    throw writeFailure('write the lock file', path, e)
  }
  try {
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        await link(mine, path)
        heldHere.add(path)
        return held
      } catch (e) {
        if (code(e) !== 'EEXIST') {
          // a file system without hard links: exclusive creation instead
          try {
            await writeFile(path, me, { flag: 'wx' })
            heldHere.add(path)
            return held
          } catch (e2) {
            if (code(e2) !== 'EEXIST') throw writeFailure('write the lock file', path, e2)
          }
        }
      }
      const text = await readFile(path, 'utf8').catch((e: unknown) => {
        if (code(e) === 'ENOENT') return undefined
        throw writeFailure('read the lock file', path, e)
      })
      if (text === undefined) continue
      const owner = readOwner(text)
      if (owner === undefined)
        throw new OutputError(
          `${dir} is locked by ${path}, which does not say which replay holds it; remove it if no replay is writing to ${dir}`
        )
      if (!(await stale(owner, path)))
        throw new OutputError(
          `${dir} is in use by another replay (process ${owner.pid} on ${owner.hostname}, started ${owner.started}); ` +
            `wait for it to finish or choose another --out (if that replay is no longer running, remove ${path})`
        )
      // stale: move it aside (only one replay can), check it is the lock that was judged, drop it
      const aside = `${path}.stale-${process.pid}`
      try {
        await rename(path, aside)
      } catch (e) {
        if (code(e) === 'ENOENT') continue
        throw writeFailure('remove the stale lock file', path, e)
      }
      const moved = await readFile(aside, 'utf8').catch(() => undefined)
      // another replay took the lock in between: give it back
      if (moved !== text) await link(aside, path).catch(() => undefined)
      await unlink(aside).catch(() => undefined)
    }
    throw new OutputError(`cannot take the lock ${path}: other replays keep taking it; expected one replay at a time per output folder`)
  } finally {
    await unlink(mine).catch(() => undefined)
  }
}

/** The output files of one replay, under temporary names until {@link ReplayOutput.commit}. */
export class ReplayOutput {
  readonly inventory: LineWriter
  readonly alerts: LineWriter
  readonly rejected: LineWriter
  private readonly temporary: (name: string) => string

  private constructor(private readonly dir: string) {
    this.temporary = (name) => join(dir, `.replay-${process.pid}.${name}.tmp`)
    const writer = (name: string): LineWriter =>
      new LineWriter(this.temporary(name), { name: join(dir, name), exclusive: true, sync: true })
    this.inventory = writer('inventory.ndjson')
    this.alerts = writer('alerts.ndjson')
    this.rejected = writer('rejected.ndjson')
  }

  /**
   * Opens the output in a locked folder: refuses when an output name is taken by something that
   * is not a file, removes what killed replays left, and starts the temporary files.
   */
  static async open(dir: string): Promise<ReplayOutput> {
    for (const name of [...NDJSON_FILES, SUMMARY_FILE]) {
      const st = await stat(join(dir, name)).catch(() => undefined)
      if (st !== undefined && !st.isFile())
        throw new OutputError(
          `cannot write ${join(dir, name)}: it is ${st.isDirectory() ? 'a folder' : 'not a regular file'}; expected a file replay can replace`
        )
    }
    let names: string[]
    try {
      names = await readdir(dir)
    } catch (e) {
      throw writeFailure('read the output folder', dir, e)
    }
    for (const name of names) if (TEMPORARY.test(name)) await unlink(join(dir, name)).catch(() => undefined)
    const out = new ReplayOutput(dir)
    try {
      await out.inventory.opened()
      await out.alerts.opened()
      await out.rejected.opened()
    } catch (e) {
      await out.abort()
      throw e
    }
    return out
  }

  /**
   * Finishes the run: closes and syncs the NDJSON files, then (summary.json last) replaces the
   * previous run's files.
   */
  async commit(summary: string): Promise<void> {
    await Promise.all([this.inventory.close(), this.alerts.close(), this.rejected.close()])
    const final = join(this.dir, SUMMARY_FILE)
    const tmp = this.temporary(SUMMARY_FILE)
    try {
      await writeFile(tmp, summary, { flag: 'wx' })
      await sync(tmp)
    } catch (e) {
      throw writeFailure('write', final, e)
    }
    await unlink(final).catch((e: unknown) => {
      if (code(e) !== 'ENOENT') throw writeFailure('replace', final, e)
    })
    for (const name of NDJSON_FILES) {
      try {
        await rename(this.temporary(name), join(this.dir, name))
      } catch (e) {
        throw writeFailure('replace', join(this.dir, name), e)
      }
    }
    try {
      await rename(tmp, final)
    } catch (e) {
      throw writeFailure('replace', final, e)
    }
    await sync(this.dir).catch(() => undefined)
  }

  /** Drops the temporary files: the previous run's files stay as they were. */
  async abort(): Promise<void> {
    this.inventory.destroy()
    this.alerts.destroy()
    this.rejected.destroy()
    for (const name of [...NDJSON_FILES, SUMMARY_FILE]) await unlink(this.temporary(name)).catch(() => undefined)
  }
}

/** fsync of a file or folder. */
export async function sync(path: string): Promise<void> {
  const handle = await open(path, 'r')
  try {
    await handle.sync()
  } finally {
    await handle.close()
  }
}
