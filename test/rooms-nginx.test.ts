// Phare behind the shipped deploy/nginx/rooms.conf (Debian's nginx on loopback): a room's
// listeners are served from the cache, Phare sees about one request per part however many
// listen, and what carries credentials is never shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Agent } from 'node:http'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { opusTone, speaker, type Speaker } from './support/room-audio.ts'
import { findNginx, startNginx, type Nginx } from './support/nginx.ts'
import { emptyStats, listen, type ListenerStats } from './support/hls-listener.ts'
import type { RtpPacket } from 'werift'

let server: TestServer
let nginx: Nginx
let alice: Person, bob: Person
let tone: RtpPacket[]
const speakers: Speaker[] = []
beforeAll(async () => {
  // CI installs nginx (.ci/run); without it this file must fail, not pass by skipping.
  if (!findNginx()) throw new Error('nginx is not installed: these tests run Debian\'s nginx with deploy/nginx/rooms.conf (apt-get install nginx)')
  server = await startServer()
  nginx = await startNginx(new URL(server.url).host)
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  tone = await opusTone(440, 3)
})
afterAll(async () => {
  await Promise.all(speakers.map((s) => s.close()))
  await nginx?.stop()
  await server?.close()
})

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('nginx in front of Phare (deploy/nginx/rooms.conf)', () => {
  it('50 listeners arriving at once all get every part, and Phare answers each part and playlist version about once', async () => {
    const room = (await api(server, alice.token, 'POST', '/api/v1/phare/rooms', { title: 'Cached' })).json
    const mic = await speaker(async (sdp) => (await api(server, alice.token, 'POST', `/api/v1/phare/rooms/${room.id}/stage/connect`, { sdp })).json)
    speakers.push(mic)
    const talking = mic.say(tone)
    const agent = new Agent({ keepAlive: true })
    const start = Date.now() + 200
    const until = start + 4000
    const each: ListenerStats[] = Array.from({ length: 50 }, () => emptyStats())
    await Promise.all(each.map((stats) => listen({ base: nginx.url, roomId: room.id, arriveAt: start + Math.random() * 500, until, agent, stats })))
    agent.destroy()
    await talking
    // A request still waiting on the cache lock is logged within 500 ms of its listener leaving.
    await sleep(1200)

    for (const s of each) {
      expect(s.failures).toEqual({})
      expect(s.attached).toBe(1)
      expect(s.parts).toBeGreaterThanOrEqual(6) // 4 s of 320 ms parts, from 3 behind the edge
    }
    const lines = nginx.log().filter((l) => l.uri.startsWith(`/hls/rooms/${room.id}/`))
    const origin = new Map<string, number>()
    for (const l of lines) if (l.upstream) origin.set(l.uri, (origin.get(l.uri) ?? 0) + 1)
    // Every part, segment, init and blocking reload (?_HLS_msn=…) is one URL and one answer:
    // proxy_cache_lock lets one request through while the others wait for the cached copy.
    const byUrl = [...origin].filter(([uri]) => !uri.endsWith('.m3u8'))
    expect(byUrl.length).toBeGreaterThan(5)
    expect(byUrl.filter(([, count]) => count > 2)).toEqual([])
    // The plain live playlist (`max-age=1`) is asked for at joins: about once a second at most.
    const plain = [...origin].filter(([uri]) => uri.endsWith('.m3u8')).reduce((t, [, c]) => t + c, 0)
    expect(plain).toBeLessThanOrEqual(8)
    const parts = each.reduce((t, s) => t + s.parts, 0)
    const partsAtOrigin = [...origin].filter(([uri]) => /\.\d+\.m4s$/.test(uri)).reduce((t, [, c]) => t + c, 0)
    expect(partsAtOrigin / parts).toBeLessThan(0.05)
    expect(lines.filter((l) => /\.\d+\.m4s$/.test(l.uri)).every((l) => l.status === 200)).toBe(true)
  })

  it('the anonymous room is shared for a second, while signed-in answers and cookies bypass the cache', async () => {
    const room = (await api(server, alice.token, 'POST', '/api/v1/phare/rooms', { title: 'Who sees what', scheduled_at: new Date(Date.now() + 3_600_000).toISOString() })).json
    const path = `${nginx.url}/api/v1/phare/rooms/${room.id}`
    const first = await fetch(path)
    const second = await fetch(path)
    expect(first.headers.get('cache-control')).toBe('public, max-age=1')
    expect(second.headers.get('x-cache-status')).toBe('HIT')
    expect(((await second.json()) as { me: unknown }).me).toBeNull()

    const asAlice = await fetch(path, { headers: { authorization: `Bearer ${alice.token}` } })
    expect(asAlice.headers.get('x-cache-status')).toBe('BYPASS')
    expect(((await asAlice.json()) as { me: { role: string } }).me.role).toBe('host')
    const withCookie = await fetch(path, { headers: { cookie: 'phare_session=x' } })
    expect(withCookie.headers.get('x-cache-status')).toBe('BYPASS')
    // Alice's private answer was not stored for the next anonymous visitor.
    const third = await fetch(path)
    expect(((await third.json()) as { me: unknown }).me).toBeNull()
  })

  it('authenticated API requests are never cached: two people get their own verify_credentials', async () => {
    const url = `${nginx.url}/api/v1/accounts/verify_credentials`
    for (let i = 0; i < 2; i++) {
      for (const p of [alice, bob]) {
        const res = await fetch(url, { headers: { authorization: `Bearer ${p.token}` } })
        expect(res.status).toBe(200)
        expect(((await res.json()) as { username: string }).username).toBe(p.username)
      }
    }
    const anonymous = await fetch(url)
    expect(anonymous.status).toBe(401)
    const origin = nginx.log().filter((l) => l.uri === '/api/v1/accounts/verify_credentials')
    expect(origin.length).toBe(5)
    expect(origin.every((l) => l.upstream)).toBe(true)
  })
})
