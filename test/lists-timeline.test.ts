import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStreamingAPIClient } from 'masto'
import WebSocket from 'ws'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { follow, post } from './timelines-fixtures.ts'
import { presenceOf } from '../packages/server/src/services/streaming/presence.ts'
import { nextId } from '../packages/server/src/ids.ts'

let server: TestServer
// alice owns the lists; bob and carol are members; alice also follows dave; erin is a stranger.
let alice: Person, bob: Person, carol: Person, dave: Person, erin: Person
beforeAll(async () => {
  server = await startServer()
  ;[alice, bob, carol, dave, erin] = await Promise.all(['alice', 'bob', 'carol', 'dave', 'erin'].map((n) => signUp(server, n)))
  for (const p of [bob, carol, dave]) await follow(server, alice, p)
})
afterAll(async () => { await server.close() })

async function listOf(owner: Person, members: Person[], repliesPolicy: 'followed' | 'list' | 'none' = 'list'): Promise<string> {
  // masto's CreateListParams has no replies_policy.
  const list = (await api(server, owner.token, 'POST', '/api/v1/lists', { title: `list ${nextId()}`, replies_policy: repliesPolicy })).json as { id: string }
  if (members.length) await owner.client.v1.lists.$select(list.id).accounts.create({ accountIds: members.map((m) => m.accountId) })
  return list.id
}

const listIds = async (who: Person, listId: string, params: Record<string, unknown> = {}) =>
  (await who.client.v1.timelines.list.$select(listId).list({ limit: 40, ...params })).map((s) => s.id)

async function waitFor(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const until = Date.now() + ms
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

describe('list timeline', () => {
  it("shows the members' posts and reposts newest first, and nobody else's", async () => {
    const listId = await listOf(alice, [bob, carol])
    const fromBob = await post(server, bob, 'bob in the list')
    const fromDave = await post(server, dave, 'dave outside the list')
    const fromCarol = await post(server, carol, 'carol in the list')
    const own = await post(server, alice, 'alice is not in her own list')
    const repost = await carol.client.v1.statuses.$select(fromDave.id).reblog()
    await server.ctx.queue.drain()
    const page = await alice.client.v1.timelines.list.$select(listId).list()
    expect(page.map((s) => s.id)).toEqual([repost.id, fromCarol.id, fromBob.id])
    expect(page[0].reblog?.id).toBe(fromDave.id)
    expect(page.map((s) => s.id)).not.toContain(own.id)
  })

  it("someone else's list, or no list at all, is not found", async () => {
    const listId = await listOf(alice, [bob])
    expect((await api(server, bob.token, 'GET', `/api/v1/timelines/list/${listId}`)).status).toBe(404)
    expect((await api(server, alice.token, 'GET', `/api/v1/timelines/list/${nextId()}`)).status).toBe(404)
    expect((await api(server, alice.token, 'GET', '/api/v1/timelines/list/nope')).status).toBe(404)
    expect((await api(server, null, 'GET', `/api/v1/timelines/list/${listId}`)).status).toBe(401)
  })

  it('replies follow the replies policy: followed people, members only, or none', async () => {
    const [followed, members, none] = await Promise.all([listOf(alice, [bob, carol], 'followed'), listOf(alice, [bob, carol], 'list'), listOf(alice, [bob, carol], 'none')])
    const root = await post(server, bob, 'a thread')
    const targets = { alice: await post(server, alice, 'by the owner'), carol: await post(server, carol, 'by a member'), dave: await post(server, dave, 'by someone followed'), erin: await post(server, erin, 'by a stranger') }
    const reply = async (to: { id: string }) => (await post(server, bob, 'a reply', { inReplyToId: to.id })).id
    const self = await reply(root)
    const toOwner = await reply(targets.alice)
    const toMember = await reply(targets.carol)
    const toFollowed = await reply(targets.dave)
    const toStranger = await reply(targets.erin)
    const bobsReplies = (ids: string[]) => ids.filter((id) => [self, toOwner, toMember, toFollowed, toStranger].includes(id))
    expect(bobsReplies(await listIds(alice, followed))).toEqual([toFollowed, toMember, toOwner, self])
    expect(bobsReplies(await listIds(alice, members))).toEqual([toMember, toOwner, self])
    expect(bobsReplies(await listIds(alice, none))).toEqual([toOwner, self])
  })

  it('pages with max_id, min_id and the Link header without skipping or repeating', async () => {
    const listId = await listOf(alice, [carol])
    const ids: string[] = []
    for (let i = 0; i < 5; i++) ids.unshift((await post(server, carol, `paged ${i}`)).id)
    const all = (await listIds(alice, listId)).slice(0, 5)
    expect(all).toEqual(ids)
    const first = await api(server, alice.token, 'GET', `/api/v1/timelines/list/${listId}?limit=2`)
    expect(first.json.map((s: { id: string }) => s.id)).toEqual(ids.slice(0, 2))
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1]
    const second = await api(server, alice.token, 'GET', new URL(next).pathname + new URL(next).search)
    expect(second.json.map((s: { id: string }) => s.id)).toEqual(ids.slice(2, 4))
    const forward = await listIds(alice, listId, { minId: ids[4], limit: 2 })
    expect(forward).toEqual([ids[2], ids[3]])
  })

  it("a member's private post shows because the owner follows them; a membership without a follow shows nothing", async () => {
    const listId = await listOf(alice, [bob])
    const secret = await post(server, bob, 'for followers', { visibility: 'private' })
    const dm = await post(server, bob, '@alice direct', { visibility: 'direct' })
    // A membership row left without a follow (as a race with an unfollow could leave it).
    await server.ctx.db.insertInto('list_accounts').values({ id: nextId(), list_id: Number(listId), account_id: Number(erin.accountId), created_at: Date.now() }).execute()
    const erinPublic = await post(server, erin, 'erin public')
    const erinPrivate = await post(server, erin, 'erin private', { visibility: 'private' })
    const ids = await listIds(alice, listId)
    expect(ids).toContain(secret.id)
    expect(ids).not.toContain(dm.id)
    expect(ids).not.toContain(erinPublic.id)
    expect(ids).not.toContain(erinPrivate.id)
  })

  it("a muted member's posts are left out", async () => {
    const listId = await listOf(alice, [carol])
    const p = await post(server, carol, 'muted soon')
    expect(await listIds(alice, listId)).toContain(p.id)
    await alice.client.v1.accounts.$select(carol.accountId).mute()
    expect(await listIds(alice, listId)).not.toContain(p.id)
    await alice.client.v1.accounts.$select(carol.accountId).unmute()
  })
})

describe('list memberships end with the follow', () => {
  const membership = async (owner: Person, member: Person) =>
    (await owner.client.v1.accounts.$select(member.accountId).lists.list()).map((l) => l.id)

  it('unfollowing takes the account out of all my lists, and only mine', async () => {
    const frank = await signUp(server, 'frank')
    await follow(server, alice, frank)
    await follow(server, bob, frank)
    const [a1, a2, b1] = [await listOf(alice, [frank]), await listOf(alice, [frank, carol]), await listOf(bob, [frank])]
    expect((await membership(alice, frank)).sort()).toEqual([a1, a2].sort())
    await alice.client.v1.accounts.$select(frank.accountId).unfollow()
    expect(await membership(alice, frank)).toEqual([])
    expect(await membership(bob, frank)).toEqual([b1])
    const rows = await server.ctx.db.selectFrom('list_accounts').select('list_id').where('account_id', '=', Number(frank.accountId)).execute()
    expect(rows.map((r) => String(r.list_id))).toEqual([b1])
    expect((await alice.client.v1.lists.$select(a2).accounts.list()).map((a) => a.id)).toEqual([carol.accountId])
  })

  it('a block either way ends the membership', async () => {
    const [gina, hank] = await Promise.all([signUp(server, 'gina'), signUp(server, 'hank')])
    await follow(server, alice, gina)
    await follow(server, alice, hank)
    await listOf(alice, [gina, hank])
    await alice.client.v1.accounts.$select(gina.accountId).block()
    await hank.client.v1.accounts.$select(alice.accountId).block()
    const left = await server.ctx.db.selectFrom('list_accounts').select('id')
      .where('account_id', 'in', [Number(gina.accountId), Number(hank.accountId)]).execute()
    expect(left).toEqual([])
  })
})

describe('list stream', () => {
  const watching = (listId: string) => presenceOf(server.ctx).watchingLists([Number(listId)]).length === 1

  it("the owner receives the members' new posts live, and only what the list shows", async () => {
    const listId = await listOf(alice, [bob], 'none')
    const client = createStreamingAPIClient({ streamingApiUrl: server.url.replace('http', 'ws'), accessToken: alice.token, retry: false })
    const sub = client.list.subscribe({ list: listId })
    const events = sub[Symbol.asyncIterator]()
    const first = events.next()
    await waitFor(() => watching(listId), 'the list stream')
    await post(server, dave, 'not a member')
    const target = await post(server, erin, 'someone')
    await post(server, bob, 'a reply to a stranger', { inReplyToId: target.id })
    const p = await post(server, bob, 'live in the list')
    const { value } = await first
    expect(value.event).toBe('update')
    expect(value.stream).toEqual(['list', listId])
    expect(value.event === 'update' && value.payload.id).toBe(p.id)
    sub.unsubscribe()
    client.close()
    await waitFor(() => !watching(listId), 'the list stream to close')
  })

  it("subscribing to someone else's list is refused", async () => {
    const listId = await listOf(alice, [bob])
    const sse = await api(server, bob.token, 'GET', `/api/v1/streaming/list?list=${listId}`)
    expect(sse.status).toBe(404)
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?access_token=${bob.token}`)
    const messages: { error?: string; status?: number }[] = []
    ws.on('message', (d) => messages.push(JSON.parse(String(d))))
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject) })
    ws.send(JSON.stringify({ type: 'subscribe', stream: 'list', list: listId }))
    await waitFor(() => messages.length > 0, 'the refusal')
    expect(messages[0].status).toBe(404)
    expect(watching(listId)).toBe(false)
    ws.close()
  })
})
