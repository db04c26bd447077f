// The admin view of the limits and the abuse defence: what each policy counted and refused,
// what was shed and challenged, readable by admins only.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, TEST_LIMITS, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

const dir = mkdtempSync(join(tmpdir(), 'phare-admin-limits-'))
let server: TestServer
let admin: Person
let bob: Person

beforeAll(async () => {
  const file = join(dir, 'limits.json')
  writeFileSync(file, JSON.stringify({ policies: { ...TEST_LIMITS.policies, 'anonymous-ip': { limit: 60, window: '10m' }, 'search-ip': { limit: 3, window: '10m', shadow: true } } }))
  server = await startServer({ PHARE_LIMITS_FILE: file, PHARE_CHALLENGE: 'off' })
  admin = await signUp(server, 'ada')
  bob = await signUp(server, 'bob')
  await server.ctx.db.updateTable('users').set({ role: 'admin' }).where('account_id', '=', Number(admin.accountId)).execute()
  server.ctx.cache.changed({ tokens: true })
})
afterAll(async () => {
  await server?.close()
  rmSync(dir, { recursive: true, force: true })
})

const figures = async (p: Person | null) => api(server, p?.token ?? null, 'GET', '/api/v1/phare/admin/limits')
type PolicyRow = { name: string; counted: number; refused: number; shadow_refused: number; shadow: boolean; limit: number; window_s: number }

describe('the admin view of limits and defence', () => {
  it('is refused to anonymous callers (401) and to people who are not admins (403)', async () => {
    expect((await figures(null)).status).toBe(401)
    const r = await figures(bob)
    expect([r.status, r.json.code]).toEqual([403, 'forbidden'])
  })

  it('shows each policy with what it counted and refused, shadow refusals apart, and the defence figures', async () => {
    const ip = '203.0.113.9'
    const statuses: number[] = []
    for (let i = 0; i < 62; i++) {
      const res = await fetch(`${server.url}/api/v1/timelines/public`, { headers: { 'x-forwarded-for': ip } })
      statuses.push(res.status)
      await res.arrayBuffer()
    }
    expect(statuses).toEqual([...Array(60).fill(200), 429, 429])
    // A shadow policy over its limit refuses nobody, and is reported as what it would have refused.
    for (let i = 0; i < 4; i++) {
      const res = await fetch(`${server.url}/api/v2/search?q=x`, { headers: { 'x-forwarded-for': '203.0.113.10' } })
      expect(res.status).toBe(200)
      await res.arrayBuffer()
    }
    const r = await figures(admin)
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    const byName = Object.fromEntries((r.json.policies as PolicyRow[]).map((p) => [p.name, p]))
    expect(byName['anonymous-ip']).toMatchObject({ limit: 60, window_s: 600, shadow: false, refused: 2 })
    // The flood's 60 and the searches (anonymous too) from the other address.
    expect(byName['anonymous-ip']!.counted).toBeGreaterThanOrEqual(64)
    expect(byName['search-ip']).toMatchObject({ shadow: true, refused: 0, shadow_refused: 1 })
    // Plan quotas are policies too, named after their plan.
    expect(Object.keys(byName).some((n) => n.startsWith('plan-free-'))).toBe(true)
    expect(r.json.shedding).toMatchObject({ enabled: true, level: 0, max_level: 5 })
    expect(r.json.shedding.classes.map((c: { name: string; from_level: number }) => [c.name, c.from_level]))
      .toEqual([['anonymous-expensive', 1], ['anonymous', 2], ['passed', 3], ['person-read', 4], ['person-write', 5]])
    expect(r.json.challenge).toMatchObject({ mode: 'off', active: null, challenged: { operator: 0, pressure: 0 } })
  })
})
