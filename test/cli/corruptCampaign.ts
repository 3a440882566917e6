/**
 * A corrupted campaign: a small generated campaign with every kind of damage a real feed shows
 * spliced into its inventory and its events (for the fault-injection tests of `replay`).
 */
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { generateCampaign } from '../../src/campaign/generate.js'

/** A device record 20,000 levels deep in an extra field. */
export const deeplyNested = (deviceId: string): string =>
  `{"deviceId":"${deviceId}","deviceType":"ESME","smetsGeneration":"SMETS2","status":"Commissioned","manufacturer":"ACME","model":"E-200","firmwareVersion":"01020000","responsibleImportSupplier":"90-B3-D5-1F-30-01-00-01","extra":${'['.repeat(20000)}${']'.repeat(20000)}}`

/**
 * Writes inventory.ndjson, events.ndjson and cpl.json of a corrupted campaign into `dir`:
 * truncated JSON, wrong types, unknown devices, duplicate inventory IDs, duplicate keys (at the
 * top and deeper), CRLF line ends, byte order marks (at the start, dropped; inside, rejected), bytes that are not UTF-8, a 10 MB line, removal-shaped inventory
 * lines, removal-shaped events that are not removals, escaped and lower-case IDs, and 20,000
 * levels of nesting.
 */
export async function writeCorruptCampaign(dir: string, devices = 300): Promise<{ inventory: string; events: string; cpl: string }> {
  await mkdir(dir, { recursive: true })
  const campaign = generateCampaign({ devices, seed: 11 })
  const inventory = [...campaign.inventory()].map((d) => JSON.stringify(d))
  const events = [...campaign.events()]
  const ids = [...campaign.inventory()].map((d) => d.deviceId)
  const a = ids[3] as string
  const b = ids[4] as string
  const ghost = '00-DB-99-99-99-99-99-99'
  const removal = '{"manufacturer":"ACME","model":"E-200","firmwareVersion":"01010000"}'
  const escaped = (id: string): string => id.replace(/0/g, '\\u0030')

  const badInventory = [
    inventory[0]?.slice(0, 60) as string, // truncated JSON
    JSON.stringify({ ...JSON.parse(inventory[5] as string), deviceId: 5 }), // wrong type
    JSON.stringify({ ...JSON.parse(inventory[6] as string), status: 7 }),
    inventory[7] as string, // a duplicate ID, the same record
    JSON.stringify({ ...JSON.parse(inventory[8] as string), status: 'Suspended', statusBeforeSuspension: 'Commissioned' }), // a duplicate ID, another record
    `{"cplRemoval":${removal}}`, // removal-shaped inventory lines
    ` {"cplRemoval": ${removal}}`,
    (inventory[9] as string).replace('{', `{"deviceId":"${ghost}",`), // duplicate key: the first names another device
    (inventory[10] as string).replace(/}$/, `,"deviceId":"${ghost}"}`), // duplicate key: the last names another device
    (inventory[11] as string).replace(/}$/, `,"x":{"k":1,"k":2}}`), // a duplicate key deeper down
    '\uFEFF' + (inventory[15] as string), // a byte order mark inside the file
    '[1,2]',
    'null',
    '',
    '   \t'
  ]
  const inv = inventory.slice()
  inv[12] = (inventory[12] as string).replace(ids[12] as string, escaped(ids[12] as string)) // an escaped ID
  inv[13] = deeplyNested(ids[13] as string)
  inv.splice(20, 0, ...badInventory)

  const req = (id: string, srv = '11.2'): string => `{"deviceId":"${id}","request":{"serviceReferenceVariant":"${srv}","commandVariant":1}}`
  const badEvents = [
    req(a).slice(0, 50), // truncated JSON
    `{"deviceId":5,"request":{"serviceReferenceVariant":"11.2","commandVariant":1}}`, // wrong types
    `{"deviceId":"${a}","request":"11.2"}`,
    req(ghost), // unknown device
    req(a.toLowerCase()),
    `{"deviceId":"${a}","deviceId":"${b}","request":{"serviceReferenceVariant":"11.2","commandVariant":1}}`, // duplicate keys
    `{"deviceId":"${ghost}","deviceId":"${a}","request":{"serviceReferenceVariant":"11.2","commandVariant":1}}`,
    `{"deviceId":"${a}","request":{"serviceReferenceVariant":"11.2","serviceReferenceVariant":"11.3","commandVariant":1}}`,
    `{"cplRemoval":${removal},"cplRemoval":${removal}}`,
    `{"cplRemoval":${removal},"extra":1}`, // removal-shaped, not removals
    `{"cplRemoval":${removal},"deviceId":"${a}"}`,
    `{"deviceId":"${a}","cplRemoval":${removal}}`,
    `{"deviceId":"${escaped(b)}","request":{"serviceReferenceVariant":"11.2","commandVariant":1}}`, // escaped ID
    `{"deviceId":"${a}","response":{"serviceReferenceVariant":"11.3","firmwareVersion":"01020000"}}`, // unrequested
    `{"deviceId":"${b}","request":{"serviceReferenceVariant":"11.2","commandVariant":1,"pad":"${'x'.repeat(10 * 1024 * 1024)}"}}`, // 10 MB
    `{"deviceId":"${a}","request":{"serviceReferenceVariant":"11.2","commandVariant":1,"x":${'['.repeat(20000)}${']'.repeat(20000)}}}`,
    '"a string"',
    '\uFEFF' + req(a), // a byte order mark inside the file
    '',
    ' '
  ]
  const ev: string[] = []
  const step = Math.max(1, Math.floor(events.length / badEvents.length))
  events.forEach((line, k) => {
    ev.push(line)
    if (k % step === step - 1 && badEvents.length > 0) ev.push(badEvents.shift() as string)
  })
  ev.push(...badEvents)

  // CRLF on every third line, and a byte order mark at the start of both files (dropped, as every command does)
  const join3 = (lines: readonly string[]): string => '\uFEFF' + lines.map((l, k) => l + (k % 3 === 1 ? '\r\n' : '\n')).join('')
  const files = { inventory: join(dir, 'inventory.ndjson'), events: join(dir, 'events.ndjson'), cpl: join(dir, 'cpl.json') }
  // lines that are not UTF-8: a byte that starts no character, and a character the line ends inside
  const notUtf8 = (line: string, bytes: number[]): Buffer => {
    const [head, tail] = line.split('@') as [string, string]
    return Buffer.concat([Buffer.from(head), Buffer.from(bytes), Buffer.from(tail + '\n')])
  }
  const device = (inventory[16] as string).replace('"manufacturer":"', '"manufacturer":"@')
  await writeFile(files.inventory, Buffer.concat([Buffer.from(join3(inv)), notUtf8(device, [0xc3, 0x28])]))
  await writeFile(
    files.events,
    Buffer.concat([
      Buffer.from(join3(ev)),
      notUtf8(req(a).replace('"11.2"', '"11.2@"'), [0xff]),
      notUtf8(`{"deviceId":"${a}","request":{"serviceReferenceVariant":"11.2","commandVariant":1,"x":"@`, [0xe2, 0x82])
    ])
  )
  await writeFile(files.cpl, JSON.stringify(campaign.cpl))
  return files
}
