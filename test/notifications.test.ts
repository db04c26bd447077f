import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { nextId } from '../packages/server/src/ids.ts'
import { channels, type StreamEvent } from '../packages/server/src/services/streaming/channels.ts'

let server: TestServer
beforeAll(async () => { server = await startServer() })
afterAll(async () => { await server.close() })

interface PostOpts { visibility?: 'public' | 'unlisted' | 'private' | 'direct'; mentions?: Person[]; quoteOf?: number; replyTo?: { id: number; accountId: number } }

/** Writes a post straight into storage, as the posting service would, and queues its notifications. */
async function post(author: Person, text: string, o: PostOpts = {}): Promise<number> {
  const id = nextId()
  await server.ctx.db.insertInto('statuses').values({
    id, account_id: Number(author.accountId), text, content: `<p>${text}</p>`, spoiler_text: '', visibility: o.visibility ?? 'public',
    sensitive: 0, language: 'en', in_reply_to_id: o.replyTo?.id ?? null, in_reply_to_account_id: o.replyTo?.accountId ?? null,
    reblog_of_id: null, quote_of_id: o.quoteOf ?? null, conversation_id: o.replyTo?.id ?? id, poll_id: null, created_at: Date.now(),
    edited_at: null, deleted_at: null, replies_count: 0, reblogs_count: 0, favourites_count: 0, quotes_count: 0,
  }).execute()
  for (const m of o.mentions ?? []) await server.ctx.db.insertInto('mentions').values({ status_id: id, account_id: Number(m.accountId) }).execute()
  await server.ctx.queue.enqueue('status.notify', { statusId: id })
  await server.ctx.queue.drain()
  return id
}

async function notify(to: Person, from: Person, type: string, statusId: number | null, dedupeKey = `${type}:${statusId}:${from.accountId}`) {
  await server.ctx.queue.enqueue('notify', { accountId: Number(to.accountId), fromAccountId: Number(from.accountId), type, statusId, dedupeKey })
  await server.ctx.queue.drain()
}

const types = async (p: Person, params: Record<string, unknown> = {}) =>
  (await p.client.v1.notifications.list(params)).map((n) => n.type)

describe('follow notifications', () => {
  it('a follow notifies the followed person with the Notification entity', async () => {
    const [ada, bea] = await Promise.all([signUp(server, 'ada'), signUp(server, 'bea')])
    await ada.client.v1.accounts.$select(bea.accountId).follow()
    await server.ctx.queue.drain()
    const r = await api(server, bea.token, 'GET', '/api/v1/notifications')
    expect(r.json).toHaveLength(1)
    const n = r.json[0]
    expect(n).toMatchObject({ type: 'follow', group_key: `ungrouped-${n.id}`, account: { id: ada.accountId } })
    expect(n).not.toHaveProperty('status')
    expect(Date.parse(n.created_at)).toBeGreaterThan(0)
    const one = await bea.client.v1.notifications.$select(n.id).fetch()
    expect(one.account.id).toBe(ada.accountId)
    expect((await api(server, ada.token, 'GET', `/api/v1/notifications/${n.id}`)).status).toBe(404)
  })

  it('a follow request notifies the locked account, and goes away once answered', async () => {
    const [cal, dee] = await Promise.all([signUp(server, 'cal'), signUp(server, 'dee')])
    await server.ctx.db.updateTable('accounts').set({ locked: 1 }).where('id', '=', Number(dee.accountId)).execute()
    server.ctx.cache.changed({ accounts: [Number(dee.accountId)] })
    await cal.client.v1.accounts.$select(dee.accountId).follow()
    await server.ctx.queue.drain()
    expect(await types(dee)).toEqual(['follow_request'])
    await dee.client.v1.followRequests.$select(cal.accountId).authorize()
    await server.ctx.queue.drain()
    expect(await types(dee)).toEqual([])
  })

  it('an unfollow before the job runs leaves no notification', async () => {
    const [eve, fay] = await Promise.all([signUp(server, 'eve'), signUp(server, 'fay')])
    await server.ctx.queue.stop()
    try {
      await eve.client.v1.accounts.$select(fay.accountId).follow()
      await eve.client.v1.accounts.$select(fay.accountId).unfollow()
    } finally { server.ctx.queue.start() }
    await server.ctx.queue.drain()
    expect(await types(fay)).toEqual([])
  })
})

describe('notifications about posts', () => {
  it('favourite, reblog and mention notifications carry the post, and types[] / exclude_types[] / account_id filter them', async () => {
    const [gil, hal, ivy] = await Promise.all([signUp(server, 'gil'), signUp(server, 'hal'), signUp(server, 'ivy')])
    const mine = await post(gil, 'hello world')
    await notify(gil, hal, 'favourite', mine)
    await notify(gil, ivy, 'reblog', mine)
    await post(hal, 'hi @gil', { mentions: [gil] })
    expect(await types(gil)).toEqual(['mention', 'reblog', 'favourite'])
    const all = { value: await gil.client.v1.notifications.list() }
    expect(all.value![2].status?.id).toBe(String(mine))
    expect(all.value![0].status?.content).toBe('<p>hi @gil</p>')
    expect(await types(gil, { types: ['favourite', 'reblog'] })).toEqual(['reblog', 'favourite'])
    expect(await types(gil, { excludeTypes: ['mention'] })).toEqual(['reblog', 'favourite'])
    expect(await types(gil, { accountId: hal.accountId })).toEqual(['mention', 'favourite'])
  })

  it('a retried job never notifies twice, and nobody is notified of their own actions but the end of their poll', async () => {
    const [jo, kim] = await Promise.all([signUp(server, 'jo'), signUp(server, 'kim')])
    const p = await post(jo, 'once')
    await notify(jo, kim, 'favourite', p, 'fav-once')
    await notify(jo, kim, 'favourite', p, 'fav-once')
    await notify(jo, jo, 'favourite', p, 'fav-self')
    expect(await types(jo)).toEqual(['favourite'])
    // The one exception: the author hears that their own poll ended.
    await notify(jo, jo, 'poll', p, 'poll-self')
    expect(await types(jo)).toEqual(['poll', 'favourite'])
  })

  it('no notification comes from a blocked account or one muted with its notifications', async () => {
    const [lu, blocked, muted, quiet] = await Promise.all(['lu', 'blockedone', 'mutedone', 'quietone'].map((n) => signUp(server, n)))
    const p = await post(lu, 'post')
    await lu.client.v1.accounts.$select(blocked.accountId).block()
    await lu.client.v1.accounts.$select(muted.accountId).mute()
    await lu.client.v1.accounts.$select(quiet.accountId).mute({ notifications: false })
    await notify(lu, blocked, 'favourite', p)
    await post(blocked, 'hey @lu', { mentions: [lu] })
    await notify(lu, muted, 'favourite', p)
    await notify(lu, quiet, 'favourite', p)
    const list = { value: await lu.client.v1.notifications.list() }
    expect(list.value!.map((n) => n.account.id)).toEqual([quiet.accountId])
  })

  it('notifications from someone blocked later, and about deleted posts, are hidden', async () => {
    const [mo, ned, oli] = await Promise.all([signUp(server, 'mo'), signUp(server, 'ned'), signUp(server, 'oli')])
    const p = await post(mo, 'soon gone')
    const q = await post(mo, 'stays')
    await notify(mo, ned, 'favourite', q)
    await notify(mo, oli, 'favourite', p)
    await notify(mo, oli, 'favourite', q)
    expect(await types(mo)).toHaveLength(3)
    await mo.client.v1.accounts.$select(ned.accountId).block()
    await server.ctx.db.updateTable('statuses').set({ deleted_at: Date.now() }).where('id', '=', p).execute()
    server.ctx.cache.changed({ statuses: [p] })
    const list = { value: await mo.client.v1.notifications.list() }
    expect(list.value!.map((n) => [n.account.id, n.status?.id])).toEqual([[oli.accountId, String(q)]])
  })

  it('followers who asked are notified of new posts and self-replies, not of replies to others; quotes notify the quoted author', async () => {
    const [author, sub, plain, other] = await Promise.all(['author', 'subscriber', 'plainfollower', 'otherperson'].map((n) => signUp(server, n)))
    await sub.client.v1.accounts.$select(author.accountId).follow({ notify: true })
    await plain.client.v1.accounts.$select(author.accountId).follow()
    const first = await post(author, 'news', { visibility: 'private' })
    await post(author, 'more news', { replyTo: { id: first, accountId: Number(author.accountId) } })
    const theirs = await post(other, 'their post')
    await post(author, 'reply', { replyTo: { id: theirs, accountId: Number(other.accountId) } })
    await post(author, 'secret', { visibility: 'direct' })
    expect(await types(sub)).toEqual(['status', 'status'])
    expect(await types(plain)).toEqual(['follow'].slice(1))
    await post(author, 'look at this', { quoteOf: theirs })
    expect(await types(other)).toEqual(['quote'])
  })

  it('a new notification is streamed to the recipient as the same JSON the API returns', async () => {
    const [pia, quin] = await Promise.all([signUp(server, 'pia'), signUp(server, 'quin')])
    const events: StreamEvent[] = []
    const stop = server.ctx.pubsub.subscribe(channels.user(Number(pia.accountId)), (m) => events.push(m as StreamEvent))
    try {
      await quin.client.v1.accounts.$select(pia.accountId).follow()
      await server.ctx.queue.drain()
    } finally { stop() }
    expect(events.map((e) => e.event)).toEqual(['notification'])
    const rest = await api(server, pia.token, 'GET', '/api/v1/notifications')
    expect(JSON.parse(events[0].payload)).toEqual(rest.json[0])
  })
})

describe('managing notifications', () => {
  it('dismiss removes one, clear removes all, and unknown ids are 404', async () => {
    const [ray, sam] = await Promise.all([signUp(server, 'ray'), signUp(server, 'sam')])
    const p = await post(ray, 'x')
    await notify(ray, sam, 'favourite', p)
    await notify(ray, sam, 'reblog', p)
    const [newest] = (await ray.client.v1.notifications.list())
    await ray.client.v1.notifications.$select(newest.id).dismiss()
    expect(await types(ray)).toEqual(['favourite'])
    expect((await api(server, ray.token, 'POST', `/api/v1/notifications/${newest.id}/dismiss`)).status).toBe(404)
    await ray.client.v1.notifications.clear()
    expect(await types(ray)).toEqual([])
  })

  it('pages follow the Link header, and unread_count counts what is newer than the marker', async () => {
    const [tia, fans] = await Promise.all([signUp(server, 'tia'), Promise.all([0, 1, 2, 3, 4].map((i) => signUp(server, `ufan${i}`)))])
    for (const f of fans) await f.client.v1.accounts.$select(tia.accountId).follow()
    await server.ctx.queue.drain()
    const pages: { id: string; from: string }[][] = []
    for await (const page of tia.client.v1.notifications.list({ limit: 2 })) {
      if (page.length) pages.push(page.map((n) => ({ id: n.id, from: n.account.id })))
      if (pages.length > 5) break
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1])
    // Jobs run concurrently, so notification order is creation order of the notifications, not of the follows.
    const ids = pages.flat().map((n) => BigInt(n.id))
    expect(ids.every((id, i) => i === 0 || id < ids[i - 1])).toBe(true)
    expect(pages.flat().map((n) => n.from).sort()).toEqual(fans.map((f) => f.accountId).sort())
    expect((await tia.client.v1.notifications.unreadCount.fetch()).count).toBe(5)
    const all = (await tia.client.v1.notifications.list())
    await tia.client.v1.markers.create({ notifications: { lastReadId: all[2].id } })
    expect((await tia.client.v1.notifications.unreadCount.fetch()).count).toBe(2)
    expect((await tia.client.v1.notifications.unreadCount.fetch({ limit: 1 })).count).toBe(1)
  })

  it('v2 lists the same notifications in the grouped shape, each account and post once', async () => {
    const [vera, will, xan] = await Promise.all([signUp(server, 'vera'), signUp(server, 'will'), signUp(server, 'xan')])
    const p = await post(vera, 'liked twice')
    await notify(vera, will, 'favourite', p)
    await notify(vera, xan, 'favourite', p)
    await notify(vera, will, 'reblog', p)
    const v1 = (await vera.client.v1.notifications.list())
    const res = await vera.client.v2.notifications.list()
    expect(res.notificationGroups.map((g) => g.groupKey)).toEqual(v1.map((n) => n.groupKey))
    expect(res.notificationGroups[0]).toMatchObject({ type: 'reblog', notificationsCount: 1, sampleAccountIds: [will.accountId], statusId: String(p) })
    expect(res.accounts.map((a) => a.id).sort()).toEqual([will.accountId, xan.accountId].sort())
    expect(res.statuses.map((s) => s.id)).toEqual([String(p)])
  })
})

describe('through the posting API', () => {
  it('mentions, likes, reposts and subscribed posts made through the API notify, and the notification shows the post', async () => {
    const [yan, zed, sub] = await Promise.all([signUp(server, 'yan'), signUp(server, 'zed'), signUp(server, 'apisub')])
    await sub.client.v1.accounts.$select(zed.accountId).follow({ notify: true })
    const mine = await yan.client.v1.statuses.create({ status: 'my post' })
    await zed.client.v1.statuses.$select(mine.id).favourite()
    await zed.client.v1.statuses.$select(mine.id).reblog()
    const mention = await zed.client.v1.statuses.create({ status: 'hello @yan' })
    await server.ctx.queue.drain()
    const list = await yan.client.v1.notifications.list()
    expect(list.map((n) => [n.type, n.account.id, n.status?.id])).toEqual([
      ['mention', zed.accountId, mention.id], ['reblog', zed.accountId, mine.id], ['favourite', zed.accountId, mine.id],
    ])
    const subs = await sub.client.v1.notifications.list({ types: ['status'] })
    expect(subs.map((n) => n.status?.id)).toEqual([mention.id])
  })

  it('a post deleted through the API takes its notifications out of the list', async () => {
    const [ali, bo] = await Promise.all([signUp(server, 'apiali'), signUp(server, 'apibo')])
    const p = await bo.client.v1.statuses.create({ status: 'hey @apiali' })
    await server.ctx.queue.drain()
    expect(await types(ali)).toEqual(['mention'])
    await bo.client.v1.statuses.$select(p.id).remove()
    await server.ctx.queue.drain()
    expect(await types(ali)).toEqual([])
  })
})

