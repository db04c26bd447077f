// /metrics: Prometheus figures for the operator, never for the public.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp } from './support/people.ts'

describe('/metrics', () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer({ PHARE_METRICS_TOKEN: 'scrape-secret-123' }) })
  afterAll(async () => { await server.close() })

  const read = (headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers })

  it('answers this machine with the process and live-room figures', async () => {
    const alice = await signUp(server, 'alice')
    await api(server, alice.token, 'POST', '/api/v1/phare/rooms', { title: 'Counted' })
    await expect.poll(async () => /^phare_rooms_live_broadcasts 1$/m.test(await (await read()).text()), { timeout: 5000 }).toBe(true)
    const res = await read()
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await res.text()
    expect(text).toMatch(/^phare_process_cpu_user_seconds_total \d/m)
    expect(text).toMatch(/^phare_rooms_listeners_told_to_wait_total \d+$/m)
    expect(text).toMatch(/^phare_rooms_speakers_connected 0$/m)
  })

  it('is a 404 for anyone relayed by a proxy or elsewhere, unless they bring the token', async () => {
    expect((await read({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(404)
    expect((await read({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer wrong-secret-12' })).status).toBe(404)
    expect((await read({ 'x-forwarded-for': '203.0.113.9', authorization: 'Bearer scrape-secret-123' })).status).toBe(200)
  })
})
