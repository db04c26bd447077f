import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { follow, homeIds, post } from './timelines-fixtures.ts'

let server: TestServer
let alice: Person, bob: Person, carol: Person, dave: Person
beforeAll(async () => {
  server = await startServer()
  ;[alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => signUp(server, n)))
  await follow(server, alice, bob)
})
afterAll(async () => { await server.close() })

describe('home timeline', () => {
  it("shows followed people's posts and one's own, and not strangers'", async () => {
    const mine = await post(server, alice, 'my own post')
    const followed = await post(server, bob, 'bob speaks')
    const stranger = await post(server, carol, 'carol speaks to nobody alice follows')
    const ids = await homeIds(alice)
    expect(ids).toContain(mine.id)
    expect(ids).toContain(followed.id)
    expect(ids).not.toContain(stranger.id)
    expect(ids.indexOf(followed.id)).toBeLessThan(ids.indexOf(mine.id))
  })

  it("a private post reaches only the author's followers", async () => {
    const secret = await post(server, bob, 'for followers only', { visibility: 'private' })
    expect(await homeIds(alice)).toContain(secret.id)
    expect(await homeIds(bob)).toContain(secret.id)
    expect(await homeIds(carol)).not.toContain(secret.id)
  })

  it('following someone brings their recent posts into home, unfollowing takes them out', async () => {
    const earlier = await post(server, dave, 'written before anyone followed dave')
    expect(await homeIds(carol)).not.toContain(earlier.id)
    await follow(server, carol, dave)
    expect(await homeIds(carol)).toContain(earlier.id)
    await carol.client.v1.accounts.$select(dave.accountId).unfollow()
    await server.ctx.queue.drain()
    expect(await homeIds(carol)).not.toContain(earlier.id)
  })

  it("a repost reaches the reposter's followers unless they turned reposts off", async () => {
    await follow(server, dave, carol, { reblogs: false })
    const original = await post(server, bob, 'worth sharing')
    const repost = await carol.client.v1.statuses.$select(original.id).reblog()
    await server.ctx.queue.drain()
    await follow(server, bob, carol)
    const bobHome = await bob.client.v1.timelines.home.list({ limit: 40 })
    const shown = bobHome.find((s) => s.id === repost.id)
    expect(shown?.reblog?.id).toBe(original.id)
    expect(await homeIds(dave)).not.toContain(repost.id)
  })

  it('a muted author disappears from home at once and comes back on unmute', async () => {
    const p = await post(server, bob, 'will be muted')
    await alice.client.v1.accounts.$select(bob.accountId).mute()
    expect(await homeIds(alice)).not.toContain(p.id)
    await alice.client.v1.accounts.$select(bob.accountId).unmute()
    expect(await homeIds(alice)).toContain(p.id)
  })

  it('a blocked author disappears from home', async () => {
    const [gina, hank] = await Promise.all([signUp(server, 'gina'), signUp(server, 'hank')])
    await follow(server, gina, hank)
    const p = await post(server, hank, 'hank posts')
    expect(await homeIds(gina)).toContain(p.id)
    await gina.client.v1.accounts.$select(hank.accountId).block()
    await server.ctx.queue.drain()
    expect(await homeIds(gina)).not.toContain(p.id)
  })

  it('a deleted post leaves every home', async () => {
    const p = await post(server, bob, 'regrettable')
    expect(await homeIds(alice)).toContain(p.id)
    await bob.client.v1.statuses.$select(p.id).remove()
    await server.ctx.queue.drain()
    expect(await homeIds(alice)).not.toContain(p.id)
    const rows = await server.ctx.db.selectFrom('home_feed').select('account_id').where('status_id', '=', Number(p.id)).execute()
    expect(rows).toEqual([])
  })

  it('needs a token with read:statuses', async () => {
    const r = await api(server, null, 'GET', '/api/v1/timelines/home')
    expect(r.status).toBe(401)
  })

  it('sets a Link header whose next page continues exactly after the last post', async () => {
    for (let i = 0; i < 5; i++) await post(server, alice, `numbered ${i}`)
    const first = await api(server, alice.token, 'GET', '/api/v1/timelines/home?limit=2')
    expect(first.json).toHaveLength(2)
    const link = first.headers.get('link')!
    const next = /<([^>]+)>; rel="next"/.exec(link)![1]
    const prev = /<([^>]+)>; rel="prev"/.exec(link)![1]
    expect(new URL(next).searchParams.get('max_id')).toBe(first.json[1].id)
    expect(new URL(next).searchParams.get('limit')).toBe('2')
    expect(new URL(prev).searchParams.get('min_id')).toBe(first.json[0].id)
    const second = await api(server, alice.token, 'GET', new URL(next).pathname + new URL(next).search)
    const all = await homeIds(alice)
    expect(second.json.map((s: { id: string }) => s.id)).toEqual(all.slice(2, 4))
  })
})

describe('public and hashtag timelines', () => {
  it('lists public posts, not unlisted, private or reposts, and needs no token', async () => {
    const pub = await post(server, carol, 'hello world #Phare')
    const unlisted = await post(server, carol, 'quietly', { visibility: 'unlisted' })
    const priv = await post(server, carol, 'privately', { visibility: 'private' })
    const r = await api(server, null, 'GET', '/api/v1/timelines/public?limit=40')
    expect(r.status).toBe(200)
    const ids = r.json.map((s: { id: string }) => s.id)
    expect(ids).toContain(pub.id)
    expect(ids).not.toContain(unlisted.id)
    expect(ids).not.toContain(priv.id)
    expect(r.json.every((s: { reblog: unknown }) => s.reblog === null)).toBe(true)
    const local = await alice.client.v1.timelines.public.list({ local: true, limit: 40 })
    expect(local.map((s) => s.id)).toContain(pub.id)
    const remote = await api(server, null, 'GET', '/api/v1/timelines/public?remote=true')
    expect(remote.json).toEqual([])
  })

  it('a hashtag timeline honours any[], all[] and none[], whatever the case', async () => {
    const both = await post(server, dave, 'cats and dogs #cats #dogs')
    const cats = await post(server, dave, 'only #Cats')
    const birds = await post(server, dave, 'only #birds')
    const ids = async (path: string) => (await api(server, null, 'GET', path)).json.map((s: { id: string }) => s.id)
    expect(await ids('/api/v1/timelines/tag/cats')).toEqual([cats.id, both.id])
    expect(await ids('/api/v1/timelines/tag/cats?all[]=dogs')).toEqual([both.id])
    expect(await ids('/api/v1/timelines/tag/cats?none[]=dogs')).toEqual([cats.id])
    expect(await ids('/api/v1/timelines/tag/cats?any[]=birds')).toEqual([birds.id, cats.id, both.id])
    expect(await ids('/api/v1/timelines/tag/nosuchtag')).toEqual([])
    const viaMasto = await alice.client.v1.timelines.tag.$select('dogs').list()
    expect(viaMasto.map((s) => s.id)).toEqual([both.id])
  })

  it('an unknown list is 404', async () => {
    expect((await api(server, alice.token, 'GET', '/api/v1/timelines/list/123')).status).toBe(404)
  })
})

describe('account statuses', () => {
  it('exclude_replies keeps self-threads, exclude_reblogs drops reposts, pinned lists pins only', async () => {
    const erin = await signUp(server, 'erin')
    const root = await post(server, erin, 'a thread')
    const selfReply = await post(server, erin, 'continued', { inReplyToId: root.id })
    const other = await post(server, bob, 'bob says something')
    const reply = await post(server, erin, `@bob I disagree`, { inReplyToId: other.id })
    const repost = await erin.client.v1.statuses.$select(other.id).reblog()
    await erin.client.v1.statuses.$select(root.id).pin()
    const list = (params: Record<string, unknown>) => alice.client.v1.accounts.$select(erin.accountId).statuses.list({ limit: 40, ...params }).then((p) => p.map((s) => s.id))
    expect(await list({})).toEqual([repost.id, reply.id, selfReply.id, root.id])
    expect(await list({ excludeReplies: true })).toEqual([repost.id, selfReply.id, root.id])
    expect(await list({ excludeReblogs: true })).toEqual([reply.id, selfReply.id, root.id])
    expect(await list({ pinned: true })).toEqual([root.id])
    expect(await list({ onlyMedia: true })).toEqual([])
  })

  it('a non-follower sees only public and unlisted posts; a follower also sees private ones', async () => {
    const frank = await signUp(server, 'frank')
    const pub = await post(server, frank, 'open')
    const unl = await post(server, frank, 'quiet', { visibility: 'unlisted' })
    const priv = await post(server, frank, 'closed', { visibility: 'private' })
    const path = `/api/v1/accounts/${frank.accountId}/statuses`
    const anon = (await api(server, null, 'GET', path)).json.map((s: { id: string }) => s.id)
    expect(anon).toEqual([unl.id, pub.id])
    expect((await api(server, carol.token, 'GET', path)).json.map((s: { id: string }) => s.id)).toEqual([unl.id, pub.id])
    await follow(server, carol, frank)
    expect((await api(server, carol.token, 'GET', path)).json.map((s: { id: string }) => s.id)).toEqual([priv.id, unl.id, pub.id])
    expect((await api(server, null, 'GET', '/api/v1/accounts/999/statuses')).status).toBe(404)
  })
})

describe('favourites and bookmarks', () => {
  it('list the most recently saved first, paginated by the save, with a Link header', async () => {
    const old = await post(server, bob, 'old post')
    const recent = await post(server, bob, 'recent post')
    await dave.client.v1.statuses.$select(recent.id).favourite()
    await dave.client.v1.statuses.$select(old.id).favourite()
    const favs = await dave.client.v1.favourites.list()
    expect(favs.map((s) => s.id)).toEqual([old.id, recent.id])
    const first = await api(server, dave.token, 'GET', '/api/v1/favourites?limit=1')
    expect(first.json.map((s: { id: string }) => s.id)).toEqual([old.id])
    const favRows = await server.ctx.db.selectFrom('favourites').select(['id', 'status_id']).where('account_id', '=', Number(dave.accountId)).orderBy('id', 'desc').execute()
    const next = new URL(/<([^>]+)>; rel="next"/.exec(first.headers.get('link')!)![1])
    expect(next.searchParams.get('max_id')).toBe(String(favRows[0].id))
    const second = await api(server, dave.token, 'GET', next.pathname + next.search)
    expect(second.json.map((s: { id: string }) => s.id)).toEqual([recent.id])

    await dave.client.v1.statuses.$select(recent.id).bookmark()
    expect((await dave.client.v1.bookmarks.list()).map((s) => s.id)).toEqual([recent.id])
    expect((await api(server, null, 'GET', '/api/v1/bookmarks')).status).toBe(401)
  })
})
