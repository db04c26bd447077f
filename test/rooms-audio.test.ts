// A room's audio end to end: a WebRTC speaker (werift) talks to Phare's SFU through the API,
// and a listener plays the LL-HLS broadcast as hls.js would, decoding what it hears.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { decodeFmp4, loudestSecond, opusTone, rms, speaker, toneShare, type Speaker } from './support/room-audio.ts'
import type { RtpPacket } from 'werift'

let server: TestServer
let alice: Person, bob: Person, carol: Person
let tone: RtpPacket[]
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  carol = await signUp(server, 'carol')
  tone = await opusTone(440, 3)
})
afterAll(async () => { await server.close() })

const rooms = '/api/v1/phare/rooms'
const connect = (p: Person, roomId: string) => async (sdp: string) => {
  const r = await api(server, p.token, 'POST', `${rooms}/${roomId}/stage/connect`, { sdp })
  if (r.status !== 200) throw new Error(`stage/connect: ${r.status} ${JSON.stringify(r.json)}`)
  return r.json as { sdp: string }
}

/** Fetches, retrying while the server says to wait (503 + Retry-After), as the web app's player does. */
async function fetchPatiently(url: string): Promise<Response> {
  for (let i = 0; ; i++) {
    const res = await fetch(url)
    if (res.status !== 503 || i > 40) return res
    expect(res.headers.get('retry-after')).toMatch(/^\d+$/)
    await new Promise((r) => setTimeout(r, 250))
  }
}

const attr = (line: string, key: string) => new RegExp(`${key}="([^"]*)"`).exec(line)?.[1]

/** Follows a live playlist for `ms` by blocking reloads, fetching every part once; returns init + parts. */
async function listen(playlistUrl: string, ms: number) {
  const first = await fetchPatiently(playlistUrl)
  expect(first.status).toBe(200)
  expect(first.headers.get('content-type')).toBe('application/vnd.apple.mpegurl')
  expect(first.headers.get('cache-control')).toBe('public, max-age=1')
  let text = await first.text()
  const base = new URL(playlistUrl)
  const init = await fetch(new URL(attr(text.split('\n').find((l) => l.startsWith('#EXT-X-MAP'))!, 'URI')!, base))
  expect(init.status).toBe(200)
  expect(init.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
  const seen = new Set<string>()
  const parts: { uri: string; bytes: Buffer; at: number }[] = []
  const until = Date.now() + ms
  while (Date.now() < until) {
    for (const line of text.split('\n').filter((l) => l.startsWith('#EXT-X-PART:'))) {
      const uri = attr(line, 'URI')!
      if (seen.has(uri)) continue
      seen.add(uri)
      const res = await fetch(new URL(uri, base))
      expect(res.status).toBe(200)
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
      parts.push({ uri, bytes: Buffer.from(await res.arrayBuffer()), at: Date.now() })
    }
    // Ask for the hinted next part: the server answers once it exists (blocking playlist reload).
    const hint = attr(text.split('\n').find((l) => l.startsWith('#EXT-X-PRELOAD-HINT'))!, 'URI')!
    const m = /s(\d+)\.(\d+)\.m4s$/.exec(hint)!
    const blocked = await fetch(`${playlistUrl}?_HLS_msn=${m[1]}&_HLS_part=${m[2]}`)
    expect(blocked.status).toBe(200)
    expect(blocked.headers.get('cache-control')).toBe('public, max-age=60')
    text = await blocked.text()
  }
  return { init: Buffer.from(await init.arrayBuffer()), parts }
}

describe('live room audio', () => {
  let speakers: Speaker[] = []
  afterAll(async () => { await Promise.all(speakers.map((s) => s.close())) })

  it('a speaker talks over WebRTC and a listener hears it in the LL-HLS broadcast: immutable parts, blocking reload, the tone decoded', async () => {
    const room = (await api(server, alice.token, 'POST', rooms, { title: 'Tone test' })).json
    expect(room.audio_url).toBe(`${server.url}/hls/rooms/${room.id}/b${room.broadcast_id}.m3u8`)
    const host = await speaker(connect(alice, room.id))
    speakers.push(host)
    const saying = host.say(tone)
    const heard = await listen(room.audio_url, 4000)
    await saying
    expect(heard.parts.length).toBeGreaterThan(5)
    const samples = await decodeFmp4(Buffer.concat([heard.init, ...heard.parts.map((p) => p.bytes)]))
    // The loudest second is the tone: Opus → mix → AAC keeps it a 440 Hz sine.
    const best = loudestSecond(samples)
    expect(rms(best)).toBeGreaterThan(0.05)
    expect(toneShare(best, 440)).toBeGreaterThan(0.5)
    expect(toneShare(best, 1000)).toBeLessThan(0.05)
  })

  it('two speakers hear each other through the SFU, and the listener hears both mixed', async () => {
    const room = (await api(server, alice.token, 'POST', rooms, { title: 'Two voices' })).json
    // Bob joins the stage: raise hand → invite → accept.
    expect((await api(server, bob.token, 'POST', `${rooms}/${room.id}/hand`)).status).toBe(200)
    expect((await api(server, alice.token, 'POST', `${rooms}/${room.id}/invite`, { account_id: bob.accountId })).status).toBe(200)
    expect((await api(server, bob.token, 'POST', `${rooms}/${room.id}/accept`)).status).toBe(200)
    const a = await speaker(connect(alice, room.id))
    const b = await speaker(connect(bob, room.id))
    speakers.push(a, b)
    const bobTone = await opusTone(880, 3)
    const talking = Promise.all([a.say(tone), b.say(bobTone)])
    const heard = await listen(room.audio_url, 4000)
    await talking
    expect([...a.received.values()].reduce((s, n) => s + n, 0)).toBeGreaterThan(50)
    expect([...b.received.values()].reduce((s, n) => s + n, 0)).toBeGreaterThan(50)
    const samples = await decodeFmp4(Buffer.concat([heard.init, ...heard.parts.map((p) => p.bytes)]))
    const best = loudestSecond(samples)
    expect(toneShare(best, 440)).toBeGreaterThan(0.2)
    expect(toneShare(best, 880)).toBeGreaterThan(0.2)
  })

  it('only people on a live stage connect a microphone; bad offers are refused with a code', async () => {
    const room = (await api(server, alice.token, 'POST', rooms, { title: 'Closed stage' })).json
    const byCarol = await api(server, carol.token, 'POST', `${rooms}/${room.id}/stage/connect`, { sdp: 'v=0\r\n' })
    expect(byCarol.status).toBe(409)
    expect(byCarol.json.code).toBe('room_not_on_stage')
    const junk = await api(server, alice.token, 'POST', `${rooms}/${room.id}/stage/connect`, { sdp: 'hello' })
    expect(junk.status).toBe(422)
    const noSlots = await api(server, alice.token, 'POST', `${rooms}/${room.id}/stage/connect`, { sdp: 'v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=sendonly\r\n' })
    expect(noSlots.status).toBe(422)
    expect(noSlots.json.error).toMatch(/receive-only/)
    const later = (await api(server, alice.token, 'POST', rooms, { title: 'Later', scheduled_at: new Date(Date.now() + 3_600_000).toISOString() })).json
    expect(later.audio_url).toBeNull()
    const early = await api(server, alice.token, 'POST', `${rooms}/${later.id}/stage/connect`, { sdp: 'v=0\r\n' })
    expect(early.status).toBe(409)
    expect(early.json.code).toBe('room_state')
  })

  it('an ended room plays back from the same URL (video on demand) until its host deletes the replay', async () => {
    const room = (await api(server, alice.token, 'POST', rooms, { title: 'Replay me' })).json
    const s = await speaker(connect(alice, room.id))
    speakers.push(s)
    await s.say(tone.slice(0, 100))
    await new Promise((r) => setTimeout(r, 700))
    expect((await api(server, alice.token, 'POST', `${rooms}/${room.id}/end`)).status).toBe(200)
    const ended = (await api(server, null, 'GET', `${rooms}/${room.id}`)).json
    expect(ended.replay_available).toBe(true)
    expect(ended.audio_url).toBe(room.audio_url)
    const vod = await fetchPatiently(room.audio_url)
    expect(vod.status).toBe(200)
    const text = await vod.text()
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD')
    expect(text).toContain('#EXT-X-ENDLIST')
    const segs = text.split('\n').filter((l) => l.endsWith('.m4s'))
    expect(segs.length).toBeGreaterThan(0)
    const init = await fetch(new URL(`b${room.broadcast_id}/init.mp4`, room.audio_url))
    const bodies = await Promise.all(segs.map(async (u) => {
      const r = await fetch(new URL(u, room.audio_url))
      expect(r.status).toBe(200)
      return Buffer.from(await r.arrayBuffer())
    }))
    const samples = await decodeFmp4(Buffer.concat([Buffer.from(await init.arrayBuffer()), ...bodies]))
    expect(samples.length / 48_000).toBeGreaterThan(1.5)
    expect(rms(samples)).toBeGreaterThan(0.02)

    expect((await api(server, bob.token, 'DELETE', `${rooms}/${room.id}`)).status).toBe(403)
    expect((await api(server, alice.token, 'DELETE', `${rooms}/${room.id}`)).status).toBe(200)
    const gone = await fetch(room.audio_url)
    expect(gone.status).toBe(404)
    expect(gone.headers.get('cache-control')).toBe('no-store')
    expect(existsSync(join(server.ctx.config.dataDir, 'rooms', `b${room.broadcast_id}`))).toBe(false)
  })

  it('what is not a broadcast is a 404 nobody caches; a part too far ahead is a 400', async () => {
    const room = (await api(server, alice.token, 'POST', rooms, { title: 'Edges' })).json
    const other = await fetch(`${server.url}/hls/rooms/${room.id}/bAAAAAAAAAAAAAAAA.m3u8`)
    expect(other.status).toBe(404)
    expect(other.headers.get('cache-control')).toBe('no-store')
    expect((await fetch(`${server.url}/hls/rooms/${room.id}/b${room.broadcast_id}/..%2F..%2Fphare.db`)).status).toBe(404)
    await fetchPatiently(room.audio_url)
    const far = await fetch(`${room.audio_url}?_HLS_msn=999999&_HLS_part=0`)
    expect(far.status).toBe(400)
    expect(((await far.json()) as { code: string }).code).toBe('hls_too_far')
    expect((await fetch(`${room.audio_url}?_HLS_part=1`)).status).toBe(422)
  })
})

describe('a room left by everyone on stage', () => {
  let idle: TestServer
  beforeAll(async () => { idle = await startServer({ PHARE_ROOM_IDLE_S: '2' }) })
  afterAll(async () => { await idle.close() })

  it('ends by itself once nobody has been connected on stage for PHARE_ROOM_IDLE_S, and keeps its replay', async () => {
    const host = await signUp(idle, 'host')
    const room = (await api(idle, host.token, 'POST', rooms, { title: 'Forgotten' })).json
    const s = await speaker(async (sdp) => (await api(idle, host.token, 'POST', `${rooms}/${room.id}/stage/connect`, { sdp })).json)
    await s.say(tone.slice(0, 150))
    // connected for 3 s (longer than the idle time): still live
    expect((await api(idle, null, 'GET', `${rooms}/${room.id}`)).json.state).toBe('live')
    // Leaving the page disconnects (a vanished browser is dropped by ICE consent within 30 s).
    expect((await api(idle, host.token, 'POST', `${rooms}/${room.id}/stage/disconnect`)).status).toBe(200)
    await s.close()
    await expect.poll(async () => (await api(idle, null, 'GET', `${rooms}/${room.id}`)).json.state, { timeout: 8000, interval: 250 }).toBe('ended')
    expect((await api(idle, null, 'GET', `${rooms}/${room.id}`)).json.replay_available).toBe(true)
  })
})
