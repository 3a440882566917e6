/**
 * Fault injection: the command line given what a hostile or unlucky user gives it (symbolic links
 * and loops, FIFOs and devices, duplicate keys, invalid UTF-8, a byte order mark, deep nesting,
 * huge values, a reader that goes away, a full disk) never reports a false success, never hangs,
 * and says which file is wrong and why.
 */
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, existsSync, mkdirSync, openSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { cpl, oneScenario, readFirmware, readFirmwareResponse, suspendedEsme } from '../scenario/fixtures.js'
import { cli, folder } from './fakeIO.js'

const root = fileURLToPath(new URL('../../', import.meta.url))
const built = `${root}dist/cli.js`
const posix = process.platform !== 'win32'
const hasMkfifo = posix && spawnSync('mkfifo', ['--version']).error === undefined

/** A scenario that passes in SECMP0105 (A6 authorises SR11.2 to a Suspended device). */
const passing = oneScenario([{ request: readFirmware, expect: { outcome: 'Authorised' } }])
/** The same scenario expecting the wrong outcome: it fails. */
const failing = oneScenario([{ request: readFirmware, expect: { outcome: 'Rejected', responseCode: 'E5' } }])

/** Writes `text` (or bytes) into a new folder as `name`, with the usual inputs beside it. */
function inputs(extra: Record<string, string | Uint8Array> = {}): string {
  const dir = folder({ 'device.json': suspendedEsme, 'request.json': readFirmware, 'response.json': readFirmwareResponse, 'cpl.json': cpl })
  for (const [name, content] of Object.entries(extra)) writeFileSync(join(dir, name), content)
  return dir
}

/** JSON text whose value is nested `depth` arrays deep (written as text: no recursion). */
const nested = (depth: number): string => `${'['.repeat(depth)}${']'.repeat(depth)}`

/** Every line a run wrote to standard error is at most this long. */
const MESSAGE_BOUND = 1_000

describe('verify follows symbolic links (a linked file or folder is never skipped)', () => {
  it.skipIf(!posix)('runs a failing scenario file reached through a symbolic link, and exits 1', async () => {
    const dir = folder({ 'ok.json': passing })
    mkdirSync(join(dir, 'elsewhere'))
    writeFileSync(join(dir, 'elsewhere', 'bad.txt'), JSON.stringify(failing))
    mkdirSync(join(dir, 'spec'))
    symlinkSync('../ok.json', join(dir, 'spec', 'a.json'))
    symlinkSync('../elsewhere/bad.txt', join(dir, 'spec', 'b.json'))
    const r = await cli(['verify', 'spec'], { cwd: dir })
    expect(r.stdout).toContain('spec/b.json')
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe('1 passed, 1 failed')
    expect(r.code).toBe(1)
  })

  it.skipIf(!posix)('runs the files of a folder reached through a symbolic link', async () => {
    const dir = folder({})
    mkdirSync(join(dir, 'real'))
    writeFileSync(join(dir, 'real', 'x.json'), JSON.stringify(failing))
    mkdirSync(join(dir, 'spec'))
    symlinkSync('../real', join(dir, 'spec', 'linked'))
    const r = await cli(['verify', 'spec'], { cwd: dir })
    expect(r.stdout).toContain('spec/linked/x.json')
    expect(r.code).toBe(1)
  })

  it.skipIf(!posix)('reports a link back into an enclosing folder as a loop, naming the link, and exits 2', async () => {
    const dir = folder({})
    mkdirSync(join(dir, 'spec'))
    writeFileSync(join(dir, 'spec', 'x.json'), JSON.stringify(passing))
    symlinkSync('..', join(dir, 'spec', 'up'))
    const r = await cli(['verify', 'spec'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('spec/up/spec: leads back to spec, a folder that encloses it (through the symbolic link spec/up): a loop')
  })

  it.skipIf(!posix)('names a symbolic link loop as a loop, not as "no such file"', async () => {
    const dir = folder({})
    symlinkSync('a.json', join(dir, 'b.json'))
    symlinkSync('b.json', join(dir, 'a.json'))
    for (const args of [
      ['verify', 'a.json'],
      ['diff', 'a.json'],
      ['authorise', '--device', 'a.json', '--request', 'a.json'],
      ['verify', '.']
    ]) {
      const r = await cli(args, { cwd: dir })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('a.json: is a symbolic link loop (it leads back to itself, directly or through other links)')
      expect(r.stderr).not.toContain('no such file')
    }
  })

  it.skipIf(!posix)('names a link to nothing inside a folder, rather than skipping it', async () => {
    const dir = folder({ 'ok.json': passing })
    symlinkSync('gone.json', join(dir, 'x.json'))
    const r = await cli(['verify', '.'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('x.json: is a symbolic link to gone.json, which does not exist')
  })
})

describe('no false green: a run in which nothing ran is not a success', () => {
  it('exits 2 and says why when no scenario is of the edition asked for', async () => {
    const dir = folder({ 'x.json': passing })
    const r = await cli(['verify', 'x.json', '--only-edition', 'baseline'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'no scenario ran: none of the 1 scenario in the 1 file given is of edition baseline; expected at least one scenario to run\n'
    )
  })

  it('still exits 0 when the edition asked for has scenarios', async () => {
    const r = await cli(['verify', 'x.json', '--only-edition', 'SECMP0105'], { cwd: folder({ 'x.json': passing }) })
    expect(r.code).toBe(0)
  })

  it.each([
    ['verify', [], '--only-edition'],
    ['authorise', ['--device', 'device.json', '--request', 'request.json'], '--edition'],
    ['process', ['--device', 'device.json', '--response', 'response.json', '--cpl', 'cpl.json'], '--edition'],
    ['table', [], '--edition']
  ])('exits 2 for an edition option that is not an edition (%s %s)', async (command, args, option) => {
    const r = await cli([command, ...args, option, 'secmp0105'], { cwd: inputs() })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("argument 'secmp0105' is invalid. Allowed choices are baseline, SECMP0105.")
  })
})

describe('duplicate keys are refused, with the file, the line and the path', () => {
  it('refuses a scenario file whose failing expectation is hidden by a second "expect"', async () => {
    // JSON.parse keeps the last "expect", which passes: without this check the failing one never runs
    const text =
      '{"scenarios": [{"id": "s1", "description": "d", "given": {"device": ' +
      JSON.stringify(suspendedEsme) +
      '},\n "steps": [{"request": {"serviceReferenceVariant": "11.2", "commandVariant": 1},\n' +
      '   "expect": {"outcome": "Rejected", "responseCode": "E5"},\n   "expect": {"outcome": "Authorised"}}]}]}'
    const r = await cli(['verify', 'x.json'], { cwd: folder({ 'x.json': text }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(
      'x.json:4:4: duplicate key "expect" in the object at scenarios[0].steps[0] (first at line 3, column 4); expected each key at most once in an object'
    )
  })

  it('sees a key written with an escape as the same key', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', '-'], {
      cwd: inputs(),
      stdin: '{"serviceReferenceVariant": "11.2", "commandVariant": 1, "command\\u0056ariant": 2}'
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^<stdin>:1:58: duplicate key "commandVariant" in the object at the top level/)
  })

  it.each([
    ['authorise --device', ['authorise', '--device', 'dup.json', '--request', 'request.json']],
    ['authorise --request', ['authorise', '--device', 'device.json', '--request', 'dup.json']],
    ['process --cpl', ['process', '--device', 'device.json', '--response', 'response.json', '--cpl', 'dup.json']],
    ['diff', ['diff', 'dup.json']]
  ])('refuses duplicate keys in every JSON the CLI reads (%s)', async (_, args) => {
    const r = await cli(args, { cwd: inputs({ 'dup.json': '[{"a": 1, "b": {"c": 1, "c": 2}}]' }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('dup.json:1:25: duplicate key "c" in the object at [0].b')
  })
})

describe('text must be UTF-8; a byte order mark is accepted everywhere', () => {
  // "E-200" with an invalid byte in the device and another in the CPL: replaced by U+FFFD, they would match
  const device = Buffer.concat([
    Buffer.from(JSON.stringify({ ...suspendedEsme, model: 'E-20' }).replace('"E-20"', '"E-20')),
    Buffer.from([0xff, 0x22, 0x7d])
  ])

  it('refuses invalid UTF-8, naming the file, the line and the byte', async () => {
    const r = await cli(['process', '--device', 'device.json', '--response', 'response.json', '--cpl', 'cpl.json'], {
      cwd: inputs({ 'device.json': device })
    })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      `device.json: line 1, byte ${device.indexOf(0xff) + 1} of the line: byte 0xFF is not UTF-8 here; expected UTF-8 text\n`
    )
  })

  it.each([
    ['an overlong encoding of "/"', [0xc0, 0xaf]],
    ['a surrogate (U+D800)', [0xed, 0xa0, 0x80]],
    ['a character cut short at the end', [0xe2, 0x82]]
  ])('refuses %s in a scenario file, naming the line', async (_, bytes) => {
    const text = Buffer.concat([Buffer.from('{"description": "a\n b '), Buffer.from(bytes)])
    const r = await cli(['verify', 'x.json'], { cwd: inputs({ 'x.json': text }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^x\.json: line 2, byte 4 of the line: .*expected UTF-8 text$/m)
  })

  it('refuses invalid UTF-8 on standard input', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', '-'], {
      cwd: inputs(),
      stdin: Uint8Array.from([0x7b, 0x0a, 0x22, 0x80, 0x22, 0x3a, 0x31, 0x7d])
    })
    expect(r).toMatchObject({ code: 2, stderr: '<stdin>: line 2, byte 2 of the line: byte 0x80 is not UTF-8 here; expected UTF-8 text\n' })
  })

  const bom = (u: unknown): Buffer => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(u))])
  it.each([
    ['verify', ['verify', 'x.json']],
    ['diff', ['diff', 'x.json']],
    ['authorise', ['authorise', '--device', 'd.json', '--request', 'request.json']],
    ['process', ['process', '--device', 'd.json', '--response', 'response.json', '--cpl', 'c.json']]
  ])('accepts a leading byte order mark in %s', async (_, args) => {
    const r = await cli(args, { cwd: inputs({ 'x.json': bom(passing), 'd.json': bom(suspendedEsme), 'c.json': bom(cpl) }) })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('accepts a byte order mark on standard input too', async () => {
    const r = await cli(['verify', '-'], { stdin: bom(passing) })
    expect(r.code).toBe(0)
  })

  it('refuses a byte order mark anywhere but at the start', async () => {
    const r = await cli(['verify', 'x.json'], { cwd: inputs({ 'x.json': Buffer.concat([Buffer.from(' '), bom(passing)]) }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('x.json:1:2: invalid JSON: unexpected character U+FEFF')
  })
})

describe('what is not a regular file is refused, never read without end', () => {
  it.skipIf(!hasMkfifo)('refuses a FIFO in every command that reads files, without waiting for a writer', async () => {
    const dir = inputs()
    spawnSync('mkfifo', [join(dir, 'pipe.json')])
    for (const args of [
      ['verify', 'pipe.json'],
      ['diff', 'pipe.json'],
      ['authorise', '--device', 'pipe.json', '--request', 'request.json'],
      ['process', '--device', 'device.json', '--response', 'response.json', '--cpl', 'pipe.json']
    ]) {
      const r = await cli(args, { cwd: dir })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain(
        'pipe.json: is a named pipe (FIFO), not a regular file; expected a JSON file (use "-" to read standard input)'
      )
    }
  })

  it.skipIf(!hasMkfifo)('refuses a FIFO found in a folder', async () => {
    const dir = folder({ 'ok.json': passing })
    spawnSync('mkfifo', [join(dir, 'pipe.json')])
    const r = await cli(['verify', '.'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('pipe.json: is a named pipe (FIFO), not a regular file; expected a scenario file')
  })

  it.skipIf(!existsSync('/dev/zero'))('refuses /dev/zero as a character device', async () => {
    for (const args of [
      ['verify', '/dev/zero'],
      ['diff', '/dev/zero'],
      ['authorise', '--device', '/dev/zero', '--request', 'request.json']
    ]) {
      const r = await cli(args, { cwd: inputs() })
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('/dev/zero: is a character device, not a regular file; expected a JSON file')
    }
  })

  it('refuses a folder given as a JSON file', async () => {
    const r = await cli(['authorise', '--device', '.', '--request', 'request.json'], { cwd: inputs() })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/: is a folder; expected a JSON file$/m)
  })

  it('refuses standard input larger than the bound', async () => {
    let asked = 0
    const { main } = await import('../../src/cli/main.js')
    let stderr = ''
    const code = await main(['verify', '-'], {
      stdout: () => undefined,
      stderr: (t) => void (stderr += t),
      // a stand-in for an endless input: the reader stops once it has more than it was allowed
      readStdin: async (max) => {
        asked = max
        return { length: max + 1 } as Uint8Array
      },
      cwd: process.cwd(),
      stderrIsTTY: false
    })
    expect(asked).toBe(256 * 1024 * 1024)
    expect(code).toBe(2)
    expect(stderr).toContain('<stdin>: is larger than 256 MiB; expected a JSON input of at most that size')
  })
})

describe('deep nesting is refused naming the file, never a stack overflow', () => {
  const deepDevice = `${JSON.stringify(suspendedEsme).slice(0, -1)}, "extra": ${nested(100_000)}}`
  const deepScenario = (depth: number): string =>
    JSON.stringify(passing).replace(
      `"deviceId":"${suspendedEsme.deviceId}"`,
      `"deviceId":"${suspendedEsme.deviceId}","extra":${nested(depth)}`
    )

  it.each([
    ['process', ['process', '--device', 'deep.json', '--response', 'response.json', '--cpl', 'cpl.json']],
    ['authorise', ['authorise', '--device', 'deep.json', '--request', 'request.json']]
  ])('%s exits 2 naming the file and the path', async (_, args) => {
    const r = await cli(args, { cwd: inputs({ 'deep.json': deepDevice }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(
      /^deep\.json:1:\d+: nesting deeper than 512 levels at extra\[0\]\[0\].*; expected at most 512 nested arrays and objects\n {2}1 \| …?\[+…\n {4}\| +\^\n$/
    )
    expect(r.stderr.length).toBeLessThan(MESSAGE_BOUND)
  })

  it.each(['verify', 'diff'])('%s exits 2 naming the file', async (command) => {
    const r = await cli([command, 'deep.json'], { cwd: inputs({ 'deep.json': deepScenario(100_000) }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('deep.json:1:')
    expect(r.stderr).toContain('nesting deeper than 512 levels at scenarios[0].given.device.extra[0]')
  })

  it.each(['verify', 'diff'])('%s still runs a file nested as deep as allowed', async (command) => {
    // 512 levels in all: the file, scenarios, the scenario, given, device, then the extra field
    const r = await cli([command, 'deep.json'], { cwd: inputs({ 'deep.json': deepScenario(507) }) })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('prints a device nested as deep as allowed', async () => {
    const device = `${JSON.stringify(suspendedEsme).slice(0, -1)}, "extra": ${nested(511)}}`
    const r = await cli(['process', '--device', 'deep.json', '--response', 'response.json', '--cpl', 'cpl.json'], {
      cwd: inputs({ 'deep.json': device })
    })
    expect(r.code).toBe(0)
  })
})

describe('messages quote at most a couple of hundred characters of a value', () => {
  const huge = 'A'.repeat(4_000_000)

  it.each([
    ['a 4 MB firmware version in the device', 'd.json', { ...suspendedEsme, firmwareVersion: huge }],
    ['a 4 MB device id', 'd.json', { ...suspendedEsme, deviceId: huge }],
    ['a 4 MB unknown key in the response', 'r.json', { ...readFirmwareResponse, [huge]: 1 }],
    ['a 4 MB status in a CPL entry', 'c.json', [{ ...cpl[0], status: huge }]]
  ])('process refuses %s in a short message', async (_, name, content) => {
    const files = { 'd.json': suspendedEsme, 'r.json': readFirmwareResponse, 'c.json': cpl, [name]: content }
    const r = await cli(['process', '--device', 'd.json', '--response', 'r.json', '--cpl', 'c.json'], { cwd: folder(files) })
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^${name.replace('.', '\\.')}: `))
    for (const line of r.stderr.trimEnd().split('\n')) expect(line.length).toBeLessThan(MESSAGE_BOUND)
  })

  it('a request naming a 4 MB device id gives a short message', async () => {
    const r = await cli(['authorise', '--device', 'device.json', '--request', '-'], {
      cwd: inputs(),
      stdin: JSON.stringify({ ...readFirmware, deviceId: huge })
    })
    expect(r.code).toBe(2)
    expect(r.stderr.length).toBeLessThan(MESSAGE_BOUND)
  })

  it('verify reports a step with 4 MB values in a short line', async () => {
    const file = oneScenario([{ request: { serviceReferenceVariant: huge, commandVariant: 1 }, expect: { outcome: 'Authorised' } }])
    const r = await cli(['verify', 'x.json'], { cwd: folder({ 'x.json': file }) })
    for (const line of `${r.stdout}${r.stderr}`.trimEnd().split('\n')) expect(line.length).toBeLessThan(MESSAGE_BOUND)
  })

  it('verify reports a duplicated 4 MB scenario id in a short line', async () => {
    const file = { scenarios: [0, 1].map(() => ({ ...(passing.scenarios as object[])[0], id: huge })) }
    const r = await cli(['verify', 'x.json'], { cwd: folder({ 'x.json': file }) })
    expect(r.code).toBe(2)
    for (const line of r.stderr.trimEnd().split('\n')) expect(line.length).toBeLessThan(MESSAGE_BOUND)
  })

  it('a duplicate 4 MB key is quoted in a few characters', async () => {
    const r = await cli(['authorise', '--device', 'd.json', '--request', 'request.json'], {
      cwd: inputs({ 'd.json': `{"${huge}": 1, "${huge}": 2}` })
    })
    expect(r.code).toBe(2)
    expect(r.stderr.length).toBeLessThan(MESSAGE_BOUND)
  })
})

describe('messages name the file and the real problem', () => {
  it.skipIf(!existsSync('/dev/full'))('a full disk behind --output is named as a full disk, with the file', async () => {
    const r = await cli(['verify', '--output', '/dev/full', 'x.json'], { cwd: folder({ 'x.json': passing }) })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('--output /dev/full: could not be written (the disk is full); expected a file the report can be written to\n')
  })

  it('--output naming a folder says so', async () => {
    const dir = folder({ 'x.json': passing })
    mkdirSync(join(dir, 'reports'))
    const r = await cli(['verify', '--output', 'reports', 'x.json'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('--output reports: could not be written (it is a folder); expected a file the report can be written to\n')
  })

  it('generate --out naming a file says it is a file, not "EEXIST … mkdir"', async () => {
    const dir = folder({ 'taken.txt': 'x' })
    const r = await cli(['generate', '--devices', '10', '--seed', '1', '--out', 'taken.txt'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'generate: --out taken.txt: is a file, not a folder; expected a folder to write the campaign to (created if missing)\n'
    )
  })

  it('generate --out below a file names the problem', async () => {
    const dir = folder({ 'taken.txt': 'x' })
    const r = await cli(['generate', '--devices', '10', '--seed', '1', '--out', 'taken.txt/out'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('taken.txt/out: could not be written (a part of its path is a file, not a folder)')
    expect(r.stderr).not.toContain('EEXIST')
  })

  it.skipIf(!existsSync('/dev/full') || !posix)('generate on a full disk names the file it was writing', async () => {
    const dir = folder({})
    mkdirSync(join(dir, 'out'))
    symlinkSync('/dev/full', join(dir, 'out', 'cpl.json'))
    const r = await cli(['generate', '--devices', '10', '--seed', '1', '--out', 'out'], { cwd: dir })
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(
      'generate: out/cpl.json: could not be written (the disk is full); expected a file the campaign can be written to\n'
    )
  })
})

describe.skipIf(!existsSync(built) || !posix)('the built executable and its output streams (needs `npm run build`)', () => {
  it('ends quietly when its reader goes away (verify | head -1), keeping the exit code of the run', async () => {
    const dir = folder({ 'x.json': failing })
    const child = spawn(process.execPath, [built, 'verify', 'x.json'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.destroy() // the reader goes away before anything is written
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()))
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).toBe('')
    expect(code).toBe(1)
  })

  it.skipIf(!existsSync('/dev/full'))('reports standard output on a full disk and exits 2, not 0', () => {
    const out = openSync('/dev/full', 'w')
    try {
      const r = spawnSync(process.execPath, [built, 'table'], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8' })
      expect(r.stderr).toMatch(/^suspended-device-rules: standard output could not be written \(ENOSPC: .*\); the output is incomplete\n$/)
      expect(r.status).toBe(2)
    } finally {
      closeSync(out)
    }
  })

  it.skipIf(!existsSync('/dev/zero'))('refuses an endless standard input once it passes the bound, rather than hanging', () => {
    const zero = openSync('/dev/zero', 'r')
    try {
      const r = spawnSync(process.execPath, [built, 'verify', '-'], { stdio: [zero, 'pipe', 'pipe'], encoding: 'utf8', timeout: 60_000 })
      expect(r.stderr).toContain('<stdin>: is larger than 256 MiB')
      expect(r.status).toBe(2)
    } finally {
      closeSync(zero)
    }
  })

  it('reads a scenario file from standard input as bytes (a BOM accepted, invalid UTF-8 refused)', () => {
    const good = spawnSync(process.execPath, [built, 'verify', '-'], {
      input: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON.stringify(passing))])
    })
    expect(good.status).toBe(0)
    const bad = spawnSync(process.execPath, [built, 'verify', '-'], { input: Buffer.from([0x22, 0xff, 0x22]), encoding: 'utf8' })
    expect(bad.stderr).toContain('<stdin>: line 1, byte 2 of the line: byte 0xFF is not UTF-8 here')
    expect(bad.status).toBe(2)
  })
})
