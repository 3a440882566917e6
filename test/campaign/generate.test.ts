import { describe, expect, it } from 'vitest'
import { decodeCpl, decodeDevice, removeFromCpl, suspendOnCplRemoval } from '../../src/index.js'
import { generateCampaign, V_REMOVED, V_TARGET } from '../../src/campaign/generate.js'

const take = <T>(it: Iterable<T>, n = Infinity): T[] => {
  const out: T[] = []
  for (const x of it) {
    if (out.length >= n) break
    out.push(x)
  }
  return out
}

describe('generateCampaign', () => {
  const campaign = generateCampaign({ devices: 2000, seed: 11 })
  const devices = take(campaign.inventory())
  const events = take(campaign.events())

  it('gives the same campaign for the same seed, and another for another seed', () => {
    const again = generateCampaign({ devices: 2000, seed: 11 })
    expect(take(again.inventory())).toEqual(devices)
    expect(take(again.events())).toEqual(events)
    const other = generateCampaign({ devices: 2000, seed: 12 })
    expect(take(other.inventory(), 50)).not.toEqual(devices.slice(0, 50))
  })

  it('writes one valid device per line, each ID once, of mixed types, generations and statuses', () => {
    expect(devices).toHaveLength(2000)
    for (const d of devices) expect(decodeDevice(d)._tag).toBe('Right')
    expect(new Set(devices.map((d) => d.deviceId)).size).toBe(2000)
    expect(new Set(devices.map((d) => d.deviceType))).toEqual(new Set(['ESME', 'GSME', 'CHF', 'GPF', 'PPMID', 'HCALCS']))
    expect(new Set(devices.map((d) => d.smetsGeneration))).toEqual(new Set(['SMETS1', 'SMETS2']))
    const statuses = new Set(devices.map((d) => d.status))
    for (const s of ['Commissioned', 'Suspended', 'Decommissioned', 'InstalledNotCommissioned']) expect(statuses).toContain(s)
  })

  it('puts the removed firmware on about the requested share of the fleet', () => {
    const share = devices.filter((d) => d.firmwareVersion === V_REMOVED).length / devices.length
    expect(share).toBeGreaterThan(0.2)
    expect(share).toBeLessThan(0.3)
  })

  it('writes a valid CPL of the requested size holding the removed and the target firmware as Current', () => {
    const cpl = decodeCpl(campaign.cpl)
    expect(cpl._tag).toBe('Right')
    expect(campaign.cpl).toHaveLength(5000)
    for (const r of campaign.removals) {
      expect(campaign.cpl).toContainEqual({ ...r, status: 'Current' })
      expect(campaign.cpl).toContainEqual({ ...r, firmwareVersion: V_TARGET, status: 'Current' })
    }
  })

  it('orders events in time: everyday traffic, the removal, then the firmware campaign, reads and GPF reads', () => {
    const kinds = events.map((l) => {
      try {
        const o = JSON.parse(l) as Record<string, { serviceReferenceVariant?: string; respondent?: string }>
        if ('cplRemoval' in o) return 'removal'
        const srv = o.request?.serviceReferenceVariant ?? o.response?.serviceReferenceVariant
        return srv === '11.1' ? 'firmware' : o.response?.respondent === 'GPF' ? 'gpf' : 'other'
      } catch {
        return 'bad'
      }
    })
    const firstRemoval = kinds.indexOf('removal')
    expect(firstRemoval).toBeGreaterThan(0)
    expect(kinds.slice(firstRemoval, firstRemoval + campaign.removals.length).every((k) => k === 'removal')).toBe(true)
    expect(kinds.indexOf('firmware')).toBeGreaterThan(firstRemoval)
    expect(kinds.lastIndexOf('firmware')).toBeLessThan(kinds.lastIndexOf('gpf'))
    expect(events.length).toBeGreaterThan(2000)
  })

  it('refuses options out of range, naming the option', () => {
    expect(() => generateCampaign({ devices: 0, seed: 1 })).toThrow(/devices/)
    expect(() => generateCampaign({ devices: 10, seed: 1.5 })).toThrow(/seed/)
    expect(() => generateCampaign({ devices: 10, seed: 1, removalShare: 2 })).toThrow(/removalShare/)
  })
})

describe("the campaign's firmware campaign", () => {
  it('goes to exactly the devices that the rules leave Suspended after the CPL removal', () => {
    const campaign = generateCampaign({ devices: 4000, seed: 12 })
    const suspendedByRules = new Set<string>()
    let cpl = campaign.cpl
    const inventory = take(campaign.inventory())
    for (const removal of campaign.removals) {
      const next = removeFromCpl(removal, cpl)
      if (next._tag === 'Left') throw new Error(next.left.message)
      cpl = next.right
    }
    for (const device of inventory) {
      let d = device
      for (const removal of campaign.removals) {
        const r = suspendOnCplRemoval(removal, d)
        if (r._tag === 'Left') throw new Error(r.left.message)
        d = r.right.device
      }
      if (d.status === 'Suspended') suspendedByRules.add(d.deviceId)
    }
    const targeted = new Set<string>()
    for (const line of campaign.events()) {
      let e: { deviceId?: string; request?: { serviceReferenceVariant?: string } }
      try {
        e = JSON.parse(line) as typeof e
      } catch {
        continue // one of the deliberately malformed lines
      }
      if (e.request?.serviceReferenceVariant === '11.1' && e.deviceId !== undefined) targeted.add(e.deviceId)
    }
    expect(inventory.some((d) => d.firmwareVersion === V_REMOVED && (d.status === 'Decommissioned' || d.status === 'Withdrawn'))).toBe(true)
    expect(suspendedByRules.size).toBeGreaterThan(500)
    expect([...targeted].sort()).toEqual([...suspendedByRules].sort())
  })
})
