import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { createContext } from '../packages/server/src/context.ts'
import { buildApp } from '../packages/server/src/app.ts'

let server: TestServer
let alice: Person, bob: Person, carol: Person, mallory: Person, eve: Person
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  carol = await signUp(server, 'carol')
  mallory = await signUp(server, 'mallory')
  eve = await signUp(server, 'eve')
})
afterAll(async () => { await server.close() })

const inHours = (h: number) => new Date(Date.now() + h * 3_600_000).toISOString()
const rooms = '/api/v1/phare/rooms'
const act = (p: Person, method: string, id: string, path: string, body?: unknown) => api(server, p.token, method, `${rooms}/${id}${path}`, body)

async function newRoom(host: Person, body: Record<string, unknown> = {}) {
  const r = await api(server, host.token, 'POST', rooms, { title: 'Morning show', ...body })
  expect(r.status).toBe(200)
  return r.json
}

/** Collects what is published on a room's channel. */
function watch(roomId: string) {
  const events: { event: string; payload: any }[] = []
  const stop = server.ctx.pubsub.subscribe(`room:${roomId}`, (m) => { events.push(m as any) })
  return { events, stop }
}

describe('rooms', () => {
  it('a room created now is live at once, announced by a public post linking its page, and its anonymous metadata is cacheable for a second', async () => {
    const room = await newRoom(alice, { description: 'Talk', topics: ['music', '#jazz'] })
    expect(room.state).toBe('live')
    expect(room.broadcast_id).toMatch(/^[\w-]{16}$/)
    expect(room.url).toBe(`${server.url}/rooms/${room.id}`)
    expect(room.topics).toEqual(['music', 'jazz'])
    const post = await bob.client.v1.statuses.$select(room.status_id).fetch()
    expect(post.visibility).toBe('public')
    expect(post.content).toContain(`/rooms/${room.id}`)
    expect(post.account.id).toBe(alice.accountId)

    const anon = await api(server, null, 'GET', `${rooms}/${room.id}`)
    expect(anon.status).toBe(200)
    expect(anon.headers.get('cache-control')).toBe('public, max-age=1')
    expect([anon.json.title, anon.json.state, anon.json.host.id, anon.json.me]).toEqual(['Morning show', 'live', alice.accountId, null])
    expect(anon.json.speakers.map((s: any) => [s.account.id, s.role])).toEqual([[alice.accountId, 'host']])
    expect(anon.json.listener_count).toBe(0)
    const mine = await act(bob, 'GET', room.id, '')
    expect(mine.headers.get('cache-control')).toBe('private, no-store')
    expect(mine.json.me.role).toBe('listener')
    expect((await api(server, null, 'GET', `${rooms}/123`)).status).toBe(404)
  })

  it('bad rooms are refused: no title, 4 topics, a start in the past or beyond 30 days', async () => {
    const bad = async (b: Record<string, unknown>) => { const r = await api(server, alice.token, 'POST', rooms, b); return [r.status, r.json.code] }
    expect(await bad({ title: ' ' })).toEqual([422, 'validation_failed'])
    expect(await bad({ title: 'x', topics: ['a', 'b', 'c', 'd'] })).toEqual([422, 'validation_failed'])
    expect(await bad({ title: 'x', scheduled_at: inHours(-1) })).toEqual([422, 'validation_failed'])
    expect(await bad({ title: 'x', scheduled_at: inHours(31 * 24) })).toEqual([422, 'validation_failed'])
    expect(await bad({ title: 'x', scheduled_at: 'soon' })).toEqual([422, 'validation_failed'])
    expect(await bad({ title: 'x', announce: 'direct' })).toEqual([422, 'validation_failed'])
    expect((await api(server, null, 'POST', rooms, { title: 'x' })).status).toBe(401)
  })

  it('a room announced unlisted (a status probe, a rehearsal) stays out of the public timelines; its page is still public', async () => {
    const room = await newRoom(alice, { title: 'Rehearsal', announce: 'unlisted' })
    const post = await bob.client.v1.statuses.$select(room.status_id).fetch()
    expect(post.visibility).toBe('unlisted')
    const local = await api(server, null, 'GET', '/api/v1/timelines/public?local=true&limit=40')
    expect(local.json.map((s: { id: string }) => s.id)).not.toContain(room.status_id)
    expect((await api(server, null, 'GET', `${rooms}/${room.id}`)).status).toBe(200)
    await act(alice, 'POST', room.id, '/end')
  })

  it('a scheduled room exists from creation; starting it publishes its state and notifies those who asked; ending keeps a replay its host can delete', async () => {
    const room = await newRoom(alice, { scheduled_at: inHours(2) })
    expect([room.state, room.broadcast_id, room.started_at]).toEqual(['scheduled', null, null])
    expect((await api(server, null, 'GET', `${rooms}/${room.id}`)).json.state).toBe('scheduled')
    expect((await act(bob, 'POST', room.id, '/remind')).json.me.reminded).toBe(true)
    expect((await act(carol, 'POST', room.id, '/start')).json.code).toBe('room_forbidden')
    expect((await act(bob, 'POST', room.id, '/reactions', { emoji: '👏' })).json.code).toBe('room_state')

    const live = watch(room.id)
    const started = await act(alice, 'POST', room.id, '/start')
    expect([started.status, started.json.state]).toEqual([200, 'live'])
    expect(started.json.broadcast_id).toBeTruthy()
    expect(live.events).toContainEqual({ event: 'room.state', payload: { room_id: room.id, state: 'live', broadcast_id: started.json.broadcast_id, replay: false } })
    expect((await act(alice, 'POST', room.id, '/start')).status).toBe(409)
    await server.ctx.queue.drain()
    const told = await bob.client.v1.notifications.list()
    expect(told.some((n) => n.type === 'status' && n.status?.id === room.status_id)).toBe(true)
    expect((await carol.client.v1.notifications.list()).some((n) => n.status?.id === room.status_id)).toBe(false)

    expect((await act(alice, 'DELETE', room.id, '')).json.code).toBe('room_state')
    const ended = await act(alice, 'POST', room.id, '/end')
    expect([ended.json.state, ended.json.replay_available, ended.json.broadcast_id]).toEqual(['ended', true, null])
    expect(live.events.at(-1)).toEqual({ event: 'room.state', payload: { room_id: room.id, state: 'ended', broadcast_id: null, replay: true } })
    expect((await act(bob, 'DELETE', room.id, '')).status).toBe(403)
    expect((await act(alice, 'DELETE', room.id, '')).json.replay_available).toBe(false)
    expect((await act(bob, 'POST', room.id, '/hand')).status).toBe(409)
    live.stop()
  })

  it('the role flow: raise hand, invite, accept, mute, unmute, demote, remove, react and pin, with listeners kept from running the room', async () => {
    const room = await newRoom(alice)
    const seen = watch(room.id)
    expect((await act(bob, 'POST', room.id, '/hand')).json.me.hand_raised).toBe(true)
    expect((await act(alice, 'GET', room.id, '')).json.hands.map((h: any) => h.account.id)).toEqual([bob.accountId])
    expect((await act(carol, 'GET', room.id, '')).json.hands).toEqual([])
    // a listener cannot invite, mute or end
    expect((await act(carol, 'POST', room.id, '/invite', { account_id: bob.accountId })).json.code).toBe('room_forbidden')
    expect((await act(carol, 'POST', room.id, '/mute', { account_id: alice.accountId })).json.code).toBe('room_forbidden')
    expect((await act(carol, 'POST', room.id, '/end')).json.code).toBe('room_forbidden')

    // an invitation can be turned down: it and the raised hand go, and the hosts see it
    expect((await act(alice, 'POST', room.id, '/invite', { account_id: bob.accountId })).status).toBe(200)
    expect((await act(carol, 'POST', room.id, '/decline')).json.code).toBe('room_not_invited')
    expect((await act(bob, 'POST', room.id, '/decline')).json.me).toMatchObject({ role: 'listener', hand_raised: false, invited_role: null })
    expect((await act(alice, 'GET', room.id, '')).json.hands).toEqual([])
    expect((await act(bob, 'POST', room.id, '/accept')).json.code).toBe('room_not_invited')

    expect((await act(alice, 'POST', room.id, '/invite', { account_id: bob.accountId })).status).toBe(200)
    // a stranger cannot accept someone else's invitation
    expect((await act(carol, 'POST', room.id, '/accept')).json.code).toBe('room_not_invited')
    const accepted = await act(bob, 'POST', room.id, '/accept')
    expect(accepted.json.speakers.map((s: any) => [s.account.id, s.role])).toEqual([[alice.accountId, 'host'], [bob.accountId, 'speaker']])
    expect(accepted.json.me).toMatchObject({ role: 'speaker', hand_raised: false, invited_role: null })
    expect(seen.events).toContainEqual({ event: 'room.stage', payload: { room_id: room.id, account_id: bob.accountId, role: 'speaker', muted: false } })

    const muted = await act(alice, 'POST', room.id, '/mute', { account_id: bob.accountId })
    expect(muted.json.speakers[1].muted).toBe(true)
    expect((await act(carol, 'POST', room.id, '/unmute', { account_id: bob.accountId })).status).toBe(403)
    expect((await act(bob, 'POST', room.id, '/unmute')).json.me.muted).toBe(false)
    expect((await act(bob, 'POST', room.id, '/mute', { account_id: alice.accountId })).status).toBe(403)

    expect((await act(bob, 'POST', room.id, '/reactions', { emoji: '🔥' })).status).toBe(200)
    expect(seen.events).toContainEqual({ event: 'room.reaction', payload: { room_id: room.id, account_id: bob.accountId, emoji: '🔥' } })
    expect((await act(bob, 'POST', room.id, '/reactions', { emoji: 'spam' })).status).toBe(422)

    const post = await alice.client.v1.statuses.create({ status: 'Notes for the show' })
    expect((await act(alice, 'POST', room.id, '/pin', { status_id: post.id })).json.pinned_status_id).toBe(post.id)
    const secret = await alice.client.v1.statuses.create({ status: 'only followers', visibility: 'private' })
    expect((await act(alice, 'POST', room.id, '/pin', { status_id: secret.id })).status).toBe(422)
    expect((await act(bob, 'POST', room.id, '/pin', { status_id: post.id })).status).toBe(403)

    const demoted = await act(alice, 'POST', room.id, '/demote', { account_id: bob.accountId })
    expect(demoted.json.speakers.map((s: any) => s.account.id)).toEqual([alice.accountId])
    expect((await act(alice, 'POST', room.id, '/demote')).status).toBe(403)

    expect((await act(alice, 'POST', room.id, '/remove', { account_id: carol.accountId })).status).toBe(200)
    expect(seen.events).toContainEqual({ event: 'room.removed', payload: { room_id: room.id, account_id: carol.accountId } })
    expect((await act(carol, 'GET', room.id, '')).status).toBe(404)
    expect((await act(carol, 'POST', room.id, '/hand')).status).toBe(404)
    expect((await act(alice, 'POST', room.id, '/invite', { account_id: carol.accountId })).status).toBe(422)
    seen.stop()
  })

  it('limits: a 14th person on stage and a 3rd co-host are refused; only the host makes co-hosts', async () => {
    const room = await newRoom(alice)
    const people: Person[] = []
    for (let i = 0; i < 13; i++) people.push(await signUp(server, `speaker${i}`))
    for (const p of people) expect((await act(alice, 'POST', room.id, '/invite', { account_id: p.accountId })).status).toBe(200)
    for (const p of people.slice(0, 12)) expect((await act(p, 'POST', room.id, '/accept')).status).toBe(200)
    const full = await act(people[12], 'POST', room.id, '/accept')
    expect([full.status, full.json.code]).toEqual([422, 'room_stage_full'])

    for (const p of people.slice(0, 3)) expect((await act(alice, 'POST', room.id, '/invite', { account_id: p.accountId, role: 'cohost' })).status).toBe(200)
    expect((await act(people[0], 'POST', room.id, '/accept')).json.me.role).toBe('cohost')
    expect((await act(people[1], 'POST', room.id, '/accept')).json.me.role).toBe('cohost')
    const third = await act(people[2], 'POST', room.id, '/accept')
    expect([third.status, third.json.code]).toEqual([422, 'room_cohosts_full'])
    // a co-host runs the room but does not make co-hosts, and cannot act on the other co-host
    expect((await act(people[0], 'POST', room.id, '/invite', { account_id: people[3].accountId, role: 'cohost' })).status).toBe(403)
    expect((await act(people[0], 'POST', room.id, '/mute', { account_id: people[1].accountId })).status).toBe(403)
    expect((await act(people[0], 'POST', room.id, '/mute', { account_id: people[3].accountId })).status).toBe(200)
    // a seat freed by a speaker who leaves is taken by the next
    expect((await act(people[4], 'POST', room.id, '/demote')).status).toBe(200)
    expect((await act(people[12], 'POST', room.id, '/accept')).json.me.role).toBe('speaker')
    const stage = (await api(server, null, 'GET', `${rooms}/${room.id}`)).json.speakers
    expect(stage).toHaveLength(13)
    expect(stage.map((s: any) => s.role).slice(0, 3)).toEqual(['host', 'cohost', 'cohost'])
  })

  it('blocks apply: someone the host blocks, or who blocks the host, can neither see nor join the room', async () => {
    const room = await newRoom(alice)
    await alice.client.v1.accounts.$select(mallory.accountId).block()
    await eve.client.v1.accounts.$select(alice.accountId).block()
    for (const p of [mallory, eve]) {
      expect((await act(p, 'GET', room.id, '')).status).toBe(404)
      expect((await act(p, 'POST', room.id, '/hand')).status).toBe(404)
      expect((await act(p, 'POST', room.id, '/remind')).status).toBe(404)
      expect((await act(alice, 'POST', room.id, '/invite', { account_id: p.accountId })).status).toBe(404)
    }
    expect((await api(server, null, 'GET', `${rooms}/${room.id}`)).status).toBe(200)
  })

  it('listeners are counted in memory while their event stream is open, and the count is published, never written per listener', async () => {
    const room = await newRoom(bob)
    const seen = watch(room.id)
    const countRows = async () => Number((await server.ctx.db.selectFrom('room_members').select((eb) => eb.fn.countAll().as('n')).where('room_id', '=', Number(room.id)).executeTakeFirstOrThrow()).n)
    const before = await countRows()
    const open = async (token: string | null) => {
      const ac = new AbortController()
      const res = await fetch(`${server.url}${rooms}/${room.id}/events`, { signal: ac.signal, headers: token ? { authorization: `Bearer ${token}` } : {} })
      expect(res.headers.get('content-type')).toContain('text/event-stream')
      const reader = res.body!.getReader()
      await reader.read()
      return { ac, reader }
    }
    const listeners = [await open(null), await open(null), await open(carol.token)]
    try {
      await expect.poll(async () => (await api(server, null, 'GET', `${rooms}/${room.id}`)).json.listener_count, { timeout: 3000 }).toBe(3)
      expect(await countRows()).toBe(before)
      await expect.poll(() => seen.events.find((e) => e.event === 'room.listeners')?.payload.count, { timeout: 3000 }).toBe(3)

      // events reach the open streams
      await act(carol, 'POST', room.id, '/reactions', { emoji: '👏' })
      const decoder = new TextDecoder()
      let text = ''
      while (!text.includes('event: room.reaction')) text += decoder.decode((await listeners[0].reader.read()).value, { stream: true })
      expect(text).toContain('"emoji":"👏"')

      listeners[0].ac.abort()
      await expect.poll(async () => (await api(server, null, 'GET', `${rooms}/${room.id}`)).json.listener_count, { timeout: 3000 }).toBe(2)
      // a removed listener's stream ends
      await act(bob, 'POST', room.id, '/remove', { account_id: carol.accountId })
      await expect.poll(async () => (await api(server, null, 'GET', `${rooms}/${room.id}`)).json.listener_count, { timeout: 3000 }).toBe(1)
      listeners[1].ac.abort()
      expect((await api(server, null, 'GET', `${rooms}/${bob.accountId}/events`)).status).toBe(404)
    } finally {
      for (const l of listeners) l.ac.abort()
    }
    seen.stop()
  })

  it('a room scheduled before a restart is still there at its start: a new process on the same database serves and starts it', async () => {
    const room = await newRoom(alice, { title: 'After the restart', scheduled_at: inHours(24) })
    const ctx2 = await createContext(server.ctx.config)
    const app2 = await buildApp(ctx2)
    try {
      await app2.listen({ port: 0, host: '127.0.0.1' })
      const addr = app2.server.address()
      const url2 = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`
      const shown = await fetch(`${url2}${rooms}/${room.id}`)
      expect(shown.status).toBe(200)
      expect(await shown.json()).toMatchObject({ title: 'After the restart', state: 'scheduled' })
      const started = await fetch(`${url2}${rooms}/${room.id}/start`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` } })
      expect(started.status).toBe(200)
      expect(((await started.json()) as { state: string }).state).toBe('live')
    } finally {
      await app2.close()
      await ctx2.close()
    }
    expect((await api(server, null, 'GET', `${rooms}/${room.id}`)).json.state).toBe('live')
  })

  it('Mastodon apps see a room as its post with a link card that follows the room: upcoming, live, ended', async () => {
    const room = await newRoom(alice, { title: 'Card room', description: 'About cards', scheduled_at: inHours(2) })
    const card = async () => (await bob.client.v1.statuses.$select(room.status_id).fetch()).card
    const upcoming = await card()
    expect(upcoming?.url).toBe(room.url)
    expect(upcoming?.title).toBe('Card room')
    expect(upcoming?.description).toMatch(/^🎙️ Live audio room · Starts .* UTC · hosted by alice\nAbout cards$/)
    expect(upcoming?.providerName).toBe(server.ctx.config.instanceTitle)
    await act(alice, 'POST', room.id, '/start')
    expect((await card())?.description).toMatch(/· Live now ·/)
    await act(alice, 'POST', room.id, '/end')
    expect((await card())?.description).toMatch(/· Ended · replay available ·/)
  })
})
