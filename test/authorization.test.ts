// Private, direct and blocked content is invisible to everyone it must be invisible to,
// through every endpoint that could leak it: the post itself, its thread, every
// timeline, search by URL, notifications and the streaming API.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
let alice: Person // the author
let bob: Person // follows alice
let carol: Person // a stranger
let dave: Person // mentioned in alice's direct post
let eve: Person // blocked by alice
const posts: Record<'public' | 'private' | 'direct' | 'reply', string> = { public: '', private: '', direct: '', reply: '' }

beforeAll(async () => {
  server = await startServer()
  ;[alice, bob, carol, dave, eve] = await Promise.all(['alice', 'bob', 'carol', 'dave', 'eve'].map((n) => signUp(server, n)))
  await bob.client.v1.accounts.$select(alice.accountId).follow()
  await eve.client.v1.accounts.$select(alice.accountId).follow()
  await alice.client.v1.accounts.$select(eve.accountId).block()
  await server.ctx.queue.drain()
  posts.public = (await alice.client.v1.statuses.create({ status: 'hello world #phare', visibility: 'public' })).id
  posts.private = (await alice.client.v1.statuses.create({ status: 'for my followers #phare', visibility: 'private' })).id
  posts.direct = (await alice.client.v1.statuses.create({ status: '@dave a secret', visibility: 'direct' })).id
  posts.reply = (await alice.client.v1.statuses.create({ status: 'private follow-up', visibility: 'private', inReplyToId: posts.public })).id
  await server.ctx.queue.drain()
})
afterAll(async () => { await server?.close() })

type Who = 'alice' | 'bob' | 'carol' | 'dave' | 'eve' | 'anonymous'
const tokenOf = (who: Who) => (who === 'anonymous' ? null : { alice, bob, carol, dave, eve }[who].token)

// Who may see which post: everyone else must not, anywhere.
const maySee: Record<keyof typeof posts, Who[]> = {
  public: ['alice', 'bob', 'carol', 'dave', 'anonymous'],
  private: ['alice', 'bob'],
  direct: ['alice', 'dave'],
  reply: ['alice', 'bob'],
}
const everyone: Who[] = ['alice', 'bob', 'carol', 'dave', 'eve', 'anonymous']

async function idsIn(who: Who, path: string): Promise<string[]> {
  const r = await api(server, tokenOf(who), 'GET', path)
  if (r.status !== 200) return []
  const list = Array.isArray(r.json) ? r.json : r.json.statuses ?? r.json.descendants?.concat(r.json.ancestors) ?? []
  return list.flatMap((s: any) => [s.id, s.reblog?.id, s.status?.id]).filter(Boolean)
}

describe('who sees which post', () => {
  for (const [kind, allowed] of Object.entries(maySee) as [keyof typeof posts, Who[]][]) {
    for (const who of everyone) {
      const may = allowed.includes(who)
      it(`${who} ${may ? 'can' : 'cannot'} open alice's ${kind} post, and ${may ? 'finds' : 'never finds'} it in threads`, async () => {
        const r = await api(server, tokenOf(who), 'GET', `/api/v1/statuses/${posts[kind]}`)
        expect(r.status).toBe(may ? 200 : 404)
        const many = await idsIn(who, `/api/v1/statuses?id[]=${posts[kind]}`)
        expect(many.includes(posts[kind])).toBe(may)
        const thread = await idsIn(who, `/api/v1/statuses/${posts.public}/context`)
        if (kind === 'reply') expect(thread.includes(posts.reply)).toBe(may)
        const search = await api(server, tokenOf(who), 'GET', `/api/v2/search?q=${encodeURIComponent(`${server.url}/@alice/${posts[kind]}`)}&type=statuses&resolve=true`)
        if (search.status === 200) {
          const found = search.json.statuses.some((s: any) => s.id === posts[kind])
          if (!may) expect(found).toBe(false)
          else if (who !== 'anonymous') expect(found).toBe(true)
        }
      })
    }
  }
})

describe('timelines never leak', () => {
  const timelines = ['/api/v1/timelines/home', '/api/v1/timelines/public', '/api/v1/timelines/public?local=true',
    '/api/v1/timelines/tag/phare', `/api/v1/accounts/ACCOUNT/statuses`]
  for (const path of timelines) {
    for (const who of everyone) {
      it(`${path} as ${who} shows only what ${who} may see`, async () => {
        const ids = await idsIn(who, path.replace('ACCOUNT', alice.accountId))
        for (const [kind, allowed] of Object.entries(maySee) as [keyof typeof posts, Who[]][]) {
          if (!allowed.includes(who)) expect(ids, `${kind} post leaked`).not.toContain(posts[kind])
        }
      })
    }
  }

  it('a follower finds the private post in their home timeline; the public timeline shows only public posts', async () => {
    expect(await idsIn('bob', '/api/v1/timelines/home')).toContain(posts.private)
    const pub = await idsIn('carol', '/api/v1/timelines/public')
    expect(pub).toContain(posts.public)
    expect(pub).not.toContain(posts.private)
  })
})

describe('notifications and streaming never leak', () => {
  it('only dave is notified of the direct mention, and eve is notified of nothing by alice', async () => {
    const daves = await dave.client.v1.notifications.list()
    expect(daves.some((n) => n.type === 'mention' && n.status?.id === posts.direct)).toBe(true)
    for (const p of [bob, carol, eve]) {
      const list = await p.client.v1.notifications.list()
      expect(list.some((n) => n.status?.id === posts.direct)).toBe(false)
    }
  })

  it('a stranger on the public stream receives public posts only; the blocked person receives none of alice\'s', async () => {
    const received: Record<string, string[]> = { carol: [], eve: [] }
    const sockets = await Promise.all((['carol', 'eve'] as const).map((who) => new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=public&access_token=${tokenOf(who)}`)
      ws.on('message', (m) => {
        const msg = JSON.parse(String(m))
        if (msg.event === 'update') received[who].push(JSON.parse(msg.payload).id)
      })
      ws.on('open', () => resolve(ws))
      ws.on('error', reject)
    })))
    const pub = await alice.client.v1.statuses.create({ status: 'live and public', visibility: 'public' })
    const priv = await alice.client.v1.statuses.create({ status: 'live and private', visibility: 'private' })
    const marker = await bob.client.v1.statuses.create({ status: 'marker from bob', visibility: 'public' })
    await server.ctx.queue.drain()
    const until = Date.now() + 5000
    while (!(received.carol.includes(marker.id) && received.eve.includes(marker.id)) && Date.now() < until) await new Promise((r) => setTimeout(r, 25))
    sockets.forEach((s) => s.close())
    expect(received.carol).toContain(pub.id)
    expect(received.carol).not.toContain(priv.id)
    expect(received.eve).toContain(marker.id)
    expect(received.eve).not.toContain(pub.id)
  })
})
