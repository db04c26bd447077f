import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { nextId } from '../packages/server/src/ids.ts'

let server: TestServer
let alice: Person, bob: Person, carol: Person, dave: Person
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  carol = await signUp(server, 'carol')
  dave = await signUp(server, 'dave')
})
afterAll(async () => { await server.close() })

const db = () => server.ctx.db
async function follow(who: Person, whom: Person) {
  await db().insertInto('follows').values({
    id: nextId(), account_id: Number(who.accountId), target_account_id: Number(whom.accountId), show_reblogs: 1, notify: 0, created_at: Date.now(), languages: null,
  } as never).execute()
  // Written behind the server's back, so told to its caches as any writer does.
  server.ctx.cache.changed({ relations: [Number(who.accountId), Number(whom.accountId)] })
}
async function block(who: Person, whom: Person) {
  await db().insertInto('blocks').values({ id: nextId(), account_id: Number(who.accountId), target_account_id: Number(whom.accountId), created_at: Date.now() }).execute()
  server.ctx.cache.changed({ relations: [Number(who.accountId), Number(whom.accountId)] })
}
const account = (p: Person) => db().selectFrom('accounts').selectAll().where('id', '=', Number(p.accountId)).executeTakeFirstOrThrow()

describe('writing and reading a post', () => {
  it('a post is created and read back with Mastodon-shaped HTML, mentions, tags and the app', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'Hello @bob, see https://example.org/a #Phare <b>x</b>', visibility: 'public', language: 'en' })
    expect(s.content).toContain('<span class="h-card" translate="no"><a href="' + server.url + '/@bob" class="u-url mention">@<span>bob</span></a></span>')
    expect(s.content).toContain('<a href="' + server.url + '/tags/phare" class="mention hashtag" rel="tag">#<span>Phare</span></a>')
    expect(s.content).toContain('&lt;b&gt;x&lt;/b&gt;')
    expect(s.content.startsWith('<p>')).toBe(true)
    expect(s.mentions.map((m) => m.username)).toEqual(['bob'])
    expect(s.tags.map((t) => t.name)).toEqual(['phare'])
    expect(s.application?.name).toBe('Phare tests')
    expect(s.language).toBe('en')
    const again = await bob.client.v1.statuses.$select(s.id).fetch()
    expect(again.id).toBe(s.id)
    expect(again.favourited).toBe(false)
    const me = await account(alice)
    expect(me.statuses_count).toBe(1)
    expect(me.last_status_at).not.toBeNull()
  })

  it('a post over the limit is refused with 422 status_too_long, while a URL-heavy one short in Mastodon count is accepted', async () => {
    const long = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'x'.repeat(501) })
    expect(long.status).toBe(422)
    expect(long.json.code).toBe('status_too_long')
    const withCw = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'x'.repeat(495), spoiler_text: 'spoiler' })
    expect(withCw.json.code).toBe('status_too_long')
    const urls = Array.from({ length: 10 }, (_, i) => `https://example.org/${'p'.repeat(200)}/${i}`).join(' ')
    expect(urls.length).toBeGreaterThan(2000)
    const ok = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: urls })
    expect(ok.status).toBe(200)
  })

  it('an empty post, a bad visibility, unknown media and a scheduled post are refused with 422 and a code', async () => {
    expect((await api(server, alice.token, 'POST', '/api/v1/statuses', { status: '   ' })).json.code).toBe('status_empty')
    expect((await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'x', visibility: 'friends' })).json.code).toBe('validation_failed')
    const media = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'x', media_ids: ['1'] })
    expect([media.status, media.json.code]).toEqual([422, 'validation_failed'])
    expect(media.json.error).toContain('media_ids')
    const sched = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'x', scheduled_at: '2099-01-01T00:00:00Z' })
    expect(sched.status).toBe(422)
  })

  it('a retried create with the same Idempotency-Key makes one post, even when both arrive at once', async () => {
    const body = { status: 'only once please' }
    const send = (key: string) => fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST', headers: { authorization: `Bearer ${carol.token}`, 'content-type': 'application/json', 'idempotency-key': key }, body: JSON.stringify(body),
    }).then((r) => r.json() as Promise<{ id: string }>)
    const first = await send('key-1')
    const retry = await send('key-1')
    expect(retry.id).toBe(first.id)
    const [a, b, c] = await Promise.all([send('key-2'), send('key-2'), send('key-2')])
    expect(new Set([a.id, b.id, c.id]).size).toBe(1)
    expect(a.id).not.toBe(first.id)
    const rows = await db().selectFrom('statuses').select('id').where('account_id', '=', Number(carol.accountId)).where('text', '=', 'only once please').execute()
    expect(rows).toHaveLength(2)
    expect((await account(carol)).statuses_count).toBe(2)
  })

  it('several posts are fetched at once, leaving out the ones the viewer may not see', async () => {
    const pub = await alice.client.v1.statuses.create({ status: 'public one' })
    const priv = await alice.client.v1.statuses.create({ status: 'private one', visibility: 'private' })
    const got = await dave.client.v1.statuses.fetch({ id: [pub.id, priv.id, '999'] })
    expect(got.map((s) => s.id)).toEqual([pub.id])
  })
})

describe('who sees what', () => {
  it('a private post is 404 for a non-follower and visible to its author, followers and mentioned people', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'for friends and @carol', visibility: 'private' })
    expect((await api(server, dave.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(404)
    expect((await api(server, null, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(404)
    expect((await api(server, alice.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(200)
    expect((await api(server, carol.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(200)
    await follow(bob, alice)
    expect((await api(server, bob.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(200)
  })

  it('a direct post is visible only to its author and the people it mentions', async () => {
    const s = await alice.client.v1.statuses.create({ status: '@carol psst', visibility: 'direct' })
    expect((await api(server, carol.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(200)
    expect((await api(server, alice.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(200)
    expect((await api(server, bob.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(404)
  })

  it("a blocked person gets 404 for the blocker's posts and cannot reply to or quote them", async () => {
    const eve = await signUp(server, 'eve')
    const frank = await signUp(server, 'frank')
    const s = await eve.client.v1.statuses.create({ status: 'not for frank' })
    await block(eve, frank)
    expect((await api(server, frank.token, 'GET', `/api/v1/statuses/${s.id}`)).status).toBe(404)
    expect((await api(server, frank.token, 'POST', '/api/v1/statuses', { status: 'hey', in_reply_to_id: s.id })).status).toBe(404)
    expect((await api(server, frank.token, 'POST', '/api/v1/statuses', { status: 'hey', quoted_status_id: s.id })).status).toBe(404)
    expect((await api(server, frank.token, 'POST', `/api/v1/statuses/${s.id}/favourite`)).status).toBe(404)
  })
})

describe('threads', () => {
  it('a reply points at its parent, joins its conversation and counts; the context is in thread order', async () => {
    const root = await alice.client.v1.statuses.create({ status: 'root' })
    const r1 = await bob.client.v1.statuses.create({ status: '@alice r1', inReplyToId: root.id })
    const r2 = await carol.client.v1.statuses.create({ status: 'r2', inReplyToId: root.id })
    const r11 = await alice.client.v1.statuses.create({ status: 'r1.1', inReplyToId: r1.id })
    const hidden = await dave.client.v1.statuses.create({ status: 'r1.2 direct', inReplyToId: r1.id, visibility: 'direct' })
    expect(r1.inReplyToId).toBe(root.id)
    expect(r1.inReplyToAccountId).toBe(alice.accountId)
    expect((await alice.client.v1.statuses.$select(root.id).fetch()).repliesCount).toBe(2)
    const ctxOfRoot = await bob.client.v1.statuses.$select(root.id).context.fetch()
    expect(ctxOfRoot.ancestors).toEqual([])
    expect(ctxOfRoot.descendants.map((s) => s.id)).toEqual([r1.id, r11.id, r2.id])
    expect(ctxOfRoot.descendants.map((s) => s.id)).not.toContain(hidden.id)
    const ctxOfLeaf = await bob.client.v1.statuses.$select(r11.id).context.fetch()
    expect(ctxOfLeaf.ancestors.map((s) => s.id)).toEqual([root.id, r1.id])
    expect(ctxOfLeaf.descendants).toEqual([])
  })

  it('replying to a post you cannot see is 404', async () => {
    const priv = await alice.client.v1.statuses.create({ status: 'secret', visibility: 'private' })
    expect((await api(server, dave.token, 'POST', '/api/v1/statuses', { status: 'hi', in_reply_to_id: priv.id })).status).toBe(404)
  })
})

describe('delete, edit, history, source', () => {
  it('deleting your post returns its source, hides it and gives the counters back', async () => {
    const root = await carol.client.v1.statuses.create({ status: 'parent' })
    const before = (await account(alice)).statuses_count
    const reply = await alice.client.v1.statuses.create({ status: 'to delete #gone', inReplyToId: root.id })
    expect((await account(alice)).statuses_count).toBe(before + 1)
    expect((await api(server, bob.token, 'DELETE', `/api/v1/statuses/${reply.id}`)).status).toBe(403)
    const deleted = await alice.client.v1.statuses.$select(reply.id).remove()
    expect(deleted.text).toBe('to delete #gone')
    expect((await api(server, alice.token, 'GET', `/api/v1/statuses/${reply.id}`)).status).toBe(404)
    expect((await account(alice)).statuses_count).toBe(before)
    expect((await carol.client.v1.statuses.$select(root.id).fetch()).repliesCount).toBe(0)
    expect((await api(server, alice.token, 'DELETE', `/api/v1/statuses/${reply.id}`)).status).toBe(404)
  })

  it('an edit keeps the original as the first version of the history, and the source is the new text with untouched fields kept', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'first version' })
    const history0 = await alice.client.v1.statuses.$select(s.id).history.list()
    expect(history0).toHaveLength(1)
    const edited = await alice.client.v1.statuses.$select(s.id).update({ status: 'second version', spoilerText: 'cw' })
    expect(edited.editedAt).not.toBeNull()
    expect(edited.content).toBe('<p>second version</p>')
    expect(edited.spoilerText).toBe('cw')
    await alice.client.v1.statuses.$select(s.id).update({ status: 'third version' })
    const history = await bob.client.v1.statuses.$select(s.id).history.list()
    expect(history.map((h) => h.content)).toEqual(['<p>first version</p>', '<p>second version</p>', '<p>third version</p>'])
    expect(history[0].account.id).toBe(alice.accountId)
    const source = await alice.client.v1.statuses.$select(s.id).source.fetch()
    // A field the edit leaves out keeps its value, as in Mastodon: the content warning stays.
    expect(source).toEqual({ id: s.id, text: 'third version', spoilerText: 'cw' })
    expect((await api(server, bob.token, 'GET', `/api/v1/statuses/${s.id}/source`)).status).toBe(404)
    expect((await api(server, bob.token, 'PUT', `/api/v1/statuses/${s.id}`, { status: 'hijack' })).status).toBe(403)
    expect((await api(server, alice.token, 'PUT', `/api/v1/statuses/${s.id}`, { status: 'x'.repeat(600) })).json.code).toBe('status_too_long')
  })
})

describe('reposts, likes, bookmarks, pins', () => {
  it('reposting twice returns the same repost and counts once; unreblog undoes it', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'boost me' })
    const r1 = await bob.client.v1.statuses.$select(s.id).reblog()
    const r2 = await bob.client.v1.statuses.$select(s.id).reblog()
    expect(r2.id).toBe(r1.id)
    expect(r1.reblog?.id).toBe(s.id)
    expect(r1.reblog?.reblogsCount).toBe(1)
    expect(r1.reblog?.reblogged).toBe(true)
    const by = await api(server, null, 'GET', `/api/v1/statuses/${s.id}/reblogged_by`)
    expect(by.json.map((a: { id: string }) => a.id)).toEqual([bob.accountId])
    expect(by.headers.get('link')).toContain('max_id=')
    const undone = await bob.client.v1.statuses.$select(s.id).unreblog()
    expect(undone.id).toBe(s.id)
    expect(undone.reblogged).toBe(false)
    expect(undone.reblogsCount).toBe(0)
    expect((await api(server, bob.token, 'GET', `/api/v1/statuses/${r1.id}`)).status).toBe(404)
    const again = await bob.client.v1.statuses.$select(s.id).reblog()
    expect(again.id).not.toBe(r1.id)
  })

  it('racing reposts and likes of one post by one person make one row and count once', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'race me' })
    const reposts = await Promise.all([1, 2, 3].map(() => api(server, carol.token, 'POST', `/api/v1/statuses/${s.id}/reblog`)))
    expect(reposts.map((r) => r.status)).toEqual([200, 200, 200])
    expect(new Set(reposts.map((r) => r.json.id)).size).toBe(1)
    await Promise.all([1, 2, 3].map(() => api(server, carol.token, 'POST', `/api/v1/statuses/${s.id}/favourite`)))
    const after = await alice.client.v1.statuses.$select(s.id).fetch()
    expect([after.reblogsCount, after.favouritesCount]).toEqual([1, 1])
  })

  it("someone else's private post cannot be reposted, even by a follower who sees it", async () => {
    const s = await alice.client.v1.statuses.create({ status: 'followers only', visibility: 'private' })
    expect((await api(server, bob.token, 'POST', `/api/v1/statuses/${s.id}/reblog`)).status).toBe(403)
  })

  it('a like is idempotent, counted once, listed in favourited_by and taken back', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'like me' })
    await bob.client.v1.statuses.$select(s.id).favourite()
    const f = await bob.client.v1.statuses.$select(s.id).favourite()
    expect(f.favourited).toBe(true)
    expect(f.favouritesCount).toBe(1)
    await carol.client.v1.statuses.$select(s.id).favourite()
    const by = await alice.client.v1.statuses.$select(s.id).favouritedBy.list()
    expect(by.map((a) => a.id)).toEqual([carol.accountId, bob.accountId])
    const u = await bob.client.v1.statuses.$select(s.id).unfavourite()
    expect([u.favourited, u.favouritesCount]).toEqual([false, 1])
    const u2 = await bob.client.v1.statuses.$select(s.id).unfavourite()
    expect(u2.favouritesCount).toBe(1)
  })

  it('bookmarks are per person', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'bookmark me' })
    expect((await bob.client.v1.statuses.$select(s.id).bookmark()).bookmarked).toBe(true)
    expect((await carol.client.v1.statuses.$select(s.id).fetch()).bookmarked).toBe(false)
    expect((await bob.client.v1.statuses.$select(s.id).unbookmark()).bookmarked).toBe(false)
  })

  it('only your own public or unlisted posts can be pinned, at most five', async () => {
    const dan = await signUp(server, 'dan')
    const posts = []
    for (let i = 0; i < 6; i++) posts.push(await dan.client.v1.statuses.create({ status: `pin ${i}` }))
    for (let i = 0; i < 5; i++) expect((await dan.client.v1.statuses.$select(posts[i].id).pin()).pinned).toBe(true)
    expect((await api(server, dan.token, 'POST', `/api/v1/statuses/${posts[5].id}/pin`)).status).toBe(422)
    expect((await dan.client.v1.statuses.$select(posts[0].id).unpin()).pinned).toBe(false)
    expect((await dan.client.v1.statuses.$select(posts[5].id).pin()).pinned).toBe(true)
    expect((await api(server, bob.token, 'POST', `/api/v1/statuses/${posts[1].id}/pin`)).status).toBe(422)
    const priv = await dan.client.v1.statuses.create({ status: 'private', visibility: 'private' })
    expect((await api(server, dan.token, 'POST', `/api/v1/statuses/${priv.id}/pin`)).status).toBe(422)
  })

  it('muting a conversation sets the muted flag', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'noisy thread' })
    expect((await bob.client.v1.statuses.$select(s.id).mute()).muted).toBe(true)
    expect((await bob.client.v1.statuses.$select(s.id).fetch()).muted).toBe(true)
    expect((await bob.client.v1.statuses.$select(s.id).unmute()).muted).toBe(false)
  })

  it('a quote of a public post is shown with it and counted; a private post cannot be quoted', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'quotable' })
    const q = await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'look at this', quote_id: s.id })
    expect(q.status).toBe(200)
    expect(q.json.quote.state).toBe('accepted')
    expect(q.json.quote.quoted_status.id).toBe(s.id)
    expect((await alice.client.v1.statuses.$select(s.id).fetch()).quotesCount).toBe(1)
    const priv = await alice.client.v1.statuses.create({ status: 'no quotes', visibility: 'private' })
    expect((await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'x', quoted_status_id: priv.id })).status).toBe(422)
  })
})
