import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStreamingAPIClient } from 'masto'
import WebSocket from 'ws'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { follow, post } from './timelines-fixtures.ts'
import { presenceOf, MAX_CONNECTIONS_PER_ACCOUNT } from '../packages/server/src/services/streaming/presence.ts'

let server: TestServer
let wsUrl: string
let alice: Person, bob: Person, carol: Person
beforeAll(async () => {
  server = await startServer()
  wsUrl = server.url.replace('http', 'ws')
  ;[alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map((n) => signUp(server, n)))
  await follow(server, alice, bob)
})
afterAll(async () => { await server.close() })

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

const watchingHome = (p: Person) => presenceOf(server.ctx).watchingHome([Number(p.accountId)]).length === 1

interface Message { stream: string[]; event: string; payload: string }

/** A raw WebSocket that records every message it receives. */
async function rawSocket(path: string, protocols?: string[]): Promise<{ ws: WebSocket; messages: Message[] }> {
  const ws = new WebSocket(`${wsUrl}${path}`, protocols)
  const messages: Message[] = []
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as Message))
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject) })
  return { ws, messages }
}

describe('WebSocket streaming', () => {
  it('a follower receives a new post on the user stream without polling (masto streaming client)', async () => {
    const client = createStreamingAPIClient({ streamingApiUrl: wsUrl, accessToken: alice.token, retry: false })
    const sub = client.user.subscribe()
    const events = sub[Symbol.asyncIterator]()
    const first = events.next()
    await waitFor(() => watchingHome(alice), "alice's home stream")
    const p = await post(server, bob, 'live from bob')
    const { value } = await first
    expect(value.event).toBe('update')
    expect(value.stream).toEqual(['user'])
    expect(value.payload.id).toBe(p.id)
    expect(value.payload.account.id).toBe(bob.accountId)
    sub.unsubscribe()
    client.close()
    await waitFor(() => !watchingHome(alice), 'the home stream to close')
  })

  it('accepts the token as Sec-WebSocket-Protocol and echoes it back; edits and deletes arrive too', async () => {
    const { ws, messages } = await rawSocket('/api/v1/streaming?stream=user', [alice.token])
    expect(ws.protocol).toBe(alice.token)
    await waitFor(() => watchingHome(alice), "alice's home stream")
    const p = await post(server, bob, 'via subprotocol')
    await waitFor(() => messages.some((m) => m.event === 'update' && JSON.parse(m.payload).id === p.id), 'the update')
    await bob.client.v1.statuses.$select(p.id).update({ status: 'via subprotocol, edited' })
    await server.ctx.queue.drain()
    await waitFor(() => messages.some((m) => m.event === 'status.update' && JSON.parse(m.payload).content.includes('edited')), 'the edit')
    await bob.client.v1.statuses.$select(p.id).remove()
    await server.ctx.queue.drain()
    await waitFor(() => messages.some((m) => m.event === 'delete' && m.payload === p.id), 'the delete')
    ws.close()
  })

  it('a person blocked by the author does not receive their public posts on the public stream', async () => {
    const dan = await signUp(server, 'dan')
    await carol.client.v1.accounts.$select(dan.accountId).block()
    const { ws, messages } = await rawSocket(`/api/v1/streaming?stream=public&access_token=${dan.token}`)
    const seen = (id: string) => messages.some((m) => m.event === 'update' && JSON.parse(m.payload).id === id)
    // The subscription is ready once a probe post arrives.
    let probe = await post(server, bob, 'probe')
    while (!seen(probe.id)) { await new Promise((r) => setTimeout(r, 50)); if (!seen(probe.id)) probe = await post(server, bob, 'probe again') }
    const hidden = await post(server, carol, 'carol, publicly')
    const after = await post(server, bob, 'after carol')
    await waitFor(() => seen(after.id), 'the post after the blocked one')
    expect(seen(hidden.id)).toBe(false)
    expect(messages.every((m) => m.stream[0] === 'public')).toBe(true)
    ws.close()
  })

  it('subscribe and unsubscribe messages switch hashtag streams; stream names carry the tag', async () => {
    const { ws, messages } = await rawSocket(`/api/v1/streaming?access_token=${carol.token}`)
    ws.send(JSON.stringify({ type: 'subscribe', stream: 'hashtag', tag: 'Otters' }))
    ws.send(JSON.stringify({ type: 'subscribe', stream: 'nonsense' }))
    await waitFor(() => messages.length > 0, 'the error for an unknown stream')
    expect(messages[0]).toMatchObject({ error: 'Unknown stream type: nonsense', status: 400 })
    const p = await post(server, bob, 'look #otters')
    await waitFor(() => messages.some((m) => m.event === 'update'), 'the tagged post')
    const got = messages.find((m) => m.event === 'update')!
    expect(got.stream).toEqual(['hashtag', 'Otters'])
    expect(JSON.parse(got.payload).id).toBe(p.id)
    ws.close()
  })

  it('user:notification carries notifications and nothing from the home timeline', async () => {
    const mine = await post(server, alice, 'favourite me')
    const { ws, messages } = await rawSocket(`/api/v1/streaming?stream=user:notification&access_token=${alice.token}`)
    await waitFor(() => presenceOf(server.ctx).watchingHome([Number(alice.accountId)]).length === 0, 'no home stream')
    const { ws: home, messages: homeMessages } = await rawSocket(`/api/v1/streaming?stream=user&access_token=${alice.token}`)
    await waitFor(() => watchingHome(alice), "alice's home stream")
    const p = await post(server, bob, 'home only')
    await bob.client.v1.statuses.$select(mine.id).favourite()
    await server.ctx.queue.drain()
    await waitFor(() => messages.some((m) => m.event === 'notification'), 'the notification')
    await waitFor(() => homeMessages.some((m) => m.event === 'update' && JSON.parse(m.payload).id === p.id), 'the home update')
    expect(messages.every((m) => m.event === 'notification' && m.stream[0] === 'user:notification')).toBe(true)
    expect(JSON.parse(messages[0].payload)).toMatchObject({ type: 'favourite', status: { id: mine.id } })
    ws.close()
    home.close()
  })

  it('refuses a user stream without a token with 401, and an invalid token too', async () => {
    const status = (url: string) => new Promise<number>((resolve) => {
      const ws = new WebSocket(url)
      ws.on('error', () => {})
      ws.on('unexpected-response', (req, res) => { resolve(res.statusCode ?? 0); req.destroy() })
      ws.on('open', () => { resolve(101); ws.close() })
    })
    expect(await status(`${wsUrl}/api/v1/streaming?stream=user`)).toBe(401)
    expect(await status(`${wsUrl}/api/v1/streaming?stream=user&access_token=nope`)).toBe(401)
    expect(await status(`${wsUrl}/api/v1/streaming?stream=public`)).toBe(101)
  })

  it(`closes connections beyond ${MAX_CONNECTIONS_PER_ACCOUNT} per account with a clear reason`, async () => {
    const erin = await signUp(server, 'erin')
    const open = await Promise.all(Array.from({ length: MAX_CONNECTIONS_PER_ACCOUNT }, () => rawSocket(`/api/v1/streaming?access_token=${erin.token}`)))
    const extra = new WebSocket(`${wsUrl}/api/v1/streaming?access_token=${erin.token}`)
    const [code, reason] = await new Promise<[number, string]>((resolve) => extra.on('close', (c, r) => resolve([c, String(r)])))
    expect(code).toBe(1008)
    expect(reason).toMatch(/Too many streaming connections/)
    open.forEach((o) => o.ws.close())
  })
})

describe('server-sent events', () => {
  it('the user stream sends an update as an event-stream', async () => {
    const ac = new AbortController()
    const res = await fetch(`${server.url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${alice.token}` }, signal: ac.signal })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/)
    await waitFor(() => watchingHome(alice), "alice's home stream")
    const p = await post(server, bob, 'over SSE')
    const reader = res.body!.getReader()
    let text = ''
    while (!text.includes(`"id":"${p.id}"`)) {
      const { value, done } = await reader.read()
      if (done) break
      text += new TextDecoder().decode(value)
    }
    expect(text).toMatch(new RegExp(`event: update\ndata: \\{"id":"${p.id}"`))
    ac.abort()
    await waitFor(() => !watchingHome(alice), 'the event stream to close')
  })

  it('health answers OK, and a user stream without a token is 401', async () => {
    const h = await fetch(`${server.url}/api/v1/streaming/health`)
    expect(await h.text()).toBe('OK')
    expect((await api(server, null, 'GET', '/api/v1/streaming/user')).status).toBe(401)
  })
})
