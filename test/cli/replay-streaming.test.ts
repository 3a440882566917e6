import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readByteLineBatches, readLineBatches } from '../../src/cli/replay/lines.js'
import { partitionOf, route, routeBytes } from '../../src/cli/replay/partition.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sdr-lines-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

async function bothReaders(path: string, chunk: number): Promise<{ text: string[]; bytes: string[]; firsts: number[] }> {
  const text: string[] = []
  const firsts: number[] = []
  for await (const b of readLineBatches(path, chunk)) {
    expect(b.first).toBe(text.length + 1)
    text.push(...b.lines)
    firsts.push(b.first)
  }
  const bytes: string[] = []
  for await (const b of readByteLineBatches(path, chunk)) {
    expect(b.first).toBe(bytes.length + 1)
    for (let k = 0; k < b.count; k++) bytes.push(b.buf.toString('utf8', b.starts[k], b.ends[k]))
  }
  return { text, bytes, firsts }
}

describe('reading NDJSON in chunks', () => {
  it('gives every line, numbered, whatever the chunk size: CRLF ends, blank lines, multi-byte characters cut by a chunk, no final newline', async () => {
    const lines = ['{"a":"é"}', '', '{"b":"€€€ 𝄞"}', '   ', '{"c":1}']
    const path = join(dir, 'mixed.ndjson')
    await writeFile(path, lines.slice(0, 3).join('\r\n') + '\n' + lines.slice(3).join('\n'))
    for (const chunk of [1, 2, 3, 5, 64]) {
      const { text, bytes } = await bothReaders(path, chunk)
      expect(text).toEqual(lines)
      expect(bytes).toEqual(lines)
    }
  })

  it('drops a byte order mark at the start of a file, whatever the chunk size, and keeps one further on', async () => {
    const path = join(dir, 'bom.ndjson')
    await writeFile(path, '\uFEFF{"a":1}\r\n\uFEFF{"b":2}\n')
    const single = join(dir, 'bom-single.ndjson')
    await writeFile(single, '\uFEFF{"a":1}')
    for (const chunk of [1, 2, 3, 4, 64]) {
      const { text, bytes } = await bothReaders(path, chunk)
      expect(text).toEqual(['{"a":1}', '\uFEFF{"b":2}'])
      expect(bytes).toEqual(text)
      expect(await bothReaders(single, chunk)).toMatchObject({ text: ['{"a":1}'], bytes: ['{"a":1}'] })
    }
  })

  it('reads an empty file as no lines', async () => {
    const path = join(dir, 'empty.ndjson')
    await writeFile(path, '')
    expect(await bothReaders(path, 16)).toEqual({ text: [], bytes: [], firsts: [] })
  })
})

describe('routing a line to its partition', () => {
  const id = '00-DB-12-34-56-78-90-A0'
  const usual = JSON.stringify({ deviceId: id, request: { serviceReferenceVariant: '11.2', commandVariant: 1 } })

  it('sends every line of a device to the same partition, however the line is written', () => {
    const p = partitionOf(id, 4)
    expect(route(usual, 4)).toBe(p)
    expect(route(`  { "request": {"serviceReferenceVariant": "11.2", "commandVariant": 1}, "deviceId": "${id}" }`, 4)).toBe(p)
    expect(route(`{"deviceId":"00-DB-12-34-56-78-90-\\u0041\\u0030","request":{}}`, 4)).toBe(p)
  })

  it('sends a CPL removal to every partition, and a line naming no device to partition 0', () => {
    expect(route('{"cplRemoval":{"manufacturer":"A","model":"B","firmwareVersion":"1"}}', 4)).toBe(-1)
    expect(route(' {"cplRemoval": {}}', 4)).toBe(-1)
    expect(route('{"deviceId":"00-DB', 4)).toBe(0)
    expect(route('[1,2]', 4)).toBe(0)
    expect(route('{"request":{}}', 4)).toBe(0)
  })

  it('routes the raw bytes of a line as it routes its text, and marks a blank line', () => {
    const lines = [
      usual,
      '{"cplRemoval":{}}',
      '{"deviceId":"00-db-12-34-56-78-90-a0","request":{}}',
      'not json',
      '  \t',
      '{"deviceId":"é"}'
    ]
    const buf = Buffer.from(lines.join('\n'), 'utf8')
    const starts: number[] = []
    const ends: number[] = []
    let at = 0
    for (const l of lines) {
      starts.push(at)
      at += Buffer.byteLength(l)
      ends.push(at)
      at++
    }
    const batch = {
      buf,
      starts: Int32Array.from(starts),
      ends: Int32Array.from(ends),
      count: lines.length,
      first: 1,
      bytesRead: buf.length
    }
    const routed = lines.map((_, k) => routeBytes(batch, k, 3))
    expect(routed).toEqual(lines.map((l, k) => (k === 4 ? -2 : route(l, 3))))
  })
})
