/**
 * The second, independent implementation (examples/python/sdr.py, written from the specification in
 * Python) passes the bundled specification through the conformance protocol; with a divergence
 * planted (SDR_PLANT=sr112-refused: SR11.2 refused under SECMP0105, as before the modification),
 * verify fails exactly the scenarios that show it, and no other.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { bundledSpecDir } from '../../src/cli/files.js'
import { cli } from '../cli/fakeIO.js'
import { readScenarioFiles } from './support.js'

const python = spawnSync('python3', ['--version']).status === 0
const command = `python3 ${join(process.cwd(), 'examples/python/sdr.py')}`

const failedIds = (stdout: string): string[] =>
  stdout
    .split('\n')
    .filter((l) => l.startsWith('  FAIL  '))
    .map((l) => l.split('  ')[2] as string)
    .sort()

describe.skipIf(!python)('the Python implementation (examples/python)', () => {
  it('passes the bundled specification through the protocol', async () => {
    const r = await cli(['verify', '--implementation', command])
    expect(r.stdout.split('\n')[0]).toBe(
      `implementation: sdr-python 1.0.0 (command: ${JSON.stringify(command)}; editions: baseline, SECMP0105)`
    )
    expect(failedIds(r.stdout)).toEqual([])
    expect(r.code).toBe(0)
  })

  it('with SR11.2 refused under SECMP0105 planted, fails exactly the SECMP0105 scenarios that expect an SR11.2 request authorised', async () => {
    // computed from the scenario files alone, not from any run
    const expected = readScenarioFiles(bundledSpecDir())
      .flatMap((f) => f.content.scenarios)
      .filter((s) => (s.edition ?? 'SECMP0105') === 'SECMP0105')
      .filter((s) =>
        s.steps.some((st) => 'request' in st && st.request.serviceReferenceVariant === '11.2' && st.expect?.outcome === 'Authorised')
      )
      .map((s) => s.id)
      .sort()
    expect(expected.length).toBeGreaterThan(3)
    process.env.SDR_PLANT = 'sr112-refused'
    try {
      const r = await cli(['verify', '--implementation', command])
      expect(failedIds(r.stdout)).toEqual(expected)
      expect(r.code).toBe(1)
      for (const id of expected)
        expect(r.stdout).toMatch(
          new RegExp(
            `FAIL  ${id.replace(/[.@]/g, '\\$&')}  .*\\n {8}step \\d+ of \\d+, SR11\\.2 request \\(CV \\d\\), at .*\\n {10}expected outcome Authorised, got Rejected E5`
          )
        )
    } finally {
      delete process.env.SDR_PLANT
    }
  })
})
