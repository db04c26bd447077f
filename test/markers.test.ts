import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp } from './support/people.ts'

let server: TestServer
beforeAll(async () => { server = await startServer() })
afterAll(async () => { await server.close() })

describe('markers', () => {
  it('markers round-trip, and each write bumps the version', async () => {
    const uma = await signUp(server, 'uma')
    expect(await uma.client.v1.markers.fetch({ timeline: ['home', 'notifications'] })).toEqual({})
    const set = await uma.client.v1.markers.create({ home: { lastReadId: '1001' }, notifications: { lastReadId: '2002' } })
    expect(set.home).toMatchObject({ lastReadId: '1001', version: 1 })
    expect(set.notifications).toMatchObject({ lastReadId: '2002', version: 1 })
    const again = await uma.client.v1.markers.create({ home: { lastReadId: '1005' } })
    expect(Object.keys(again)).toEqual(['home'])
    expect(again.home).toMatchObject({ lastReadId: '1005', version: 2 })
    const read = await uma.client.v1.markers.fetch({ timeline: ['home', 'notifications'] })
    expect(read.home).toMatchObject({ lastReadId: '1005', version: 2 })
    expect(read.notifications).toMatchObject({ lastReadId: '2002', version: 1 })
    expect(Date.parse(read.home!.updatedAt)).toBeGreaterThan(0)
    expect(Object.keys(await uma.client.v1.markers.fetch({ timeline: ['notifications'] }))).toEqual(['notifications'])
  })

  it('markers accept form-encoded bodies, refuse bad ids with 422, and belong to one person', async () => {
    const [vic, wes] = await Promise.all([signUp(server, 'vic'), signUp(server, 'wes')])
    const res = await fetch(`${server.url}/api/v1/markers`, {
      method: 'POST', headers: { authorization: `Bearer ${vic.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'notifications[last_read_id]=77',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { notifications: { last_read_id: string } }).notifications.last_read_id).toBe('77')
    const bad = await api(server, vic.token, 'POST', '/api/v1/markers', { home: { last_read_id: 'abc' } })
    expect(bad.status).toBe(422)
    expect(bad.json.code).toBe('validation_failed')
    expect(await wes.client.v1.markers.fetch({ timeline: ['notifications'] })).toEqual({})
  })
})
