import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
beforeAll(async () => { server = await startServer() })
afterAll(async () => { await server.close() })

const counts = async (p: Person) => {
  const me = await p.client.v1.accounts.verifyCredentials()
  return { followers: me.followersCount, following: me.followingCount }
}
// Written behind the server's back, so told to its caches as any writer does.
const lock = async (p: Person) => {
  await server.ctx.db.updateTable('accounts').set({ locked: 1 }).where('id', '=', Number(p.accountId)).execute()
  server.ctx.cache.changed({ accounts: [Number(p.accountId)] })
}

describe('following', () => {
  it('follow and unfollow move both counters once, however often they are repeated', async () => {
    const [alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')])
    const rel = await alice.client.v1.accounts.$select(bob.accountId).follow()
    expect(rel).toMatchObject({ id: bob.accountId, following: true, showingReblogs: true, notifying: false, requested: false })
    await alice.client.v1.accounts.$select(bob.accountId).follow({ notify: true, reblogs: false, languages: ['en', 'fr'] })
    expect(await counts(alice)).toEqual({ followers: 0, following: 1 })
    expect(await counts(bob)).toEqual({ followers: 1, following: 0 })
    const [r] = await alice.client.v1.accounts.relationships.fetch({ id: [bob.accountId] })
    expect(r).toMatchObject({ following: true, notifying: true, showingReblogs: false, languages: ['en', 'fr'] })
    const [back] = await bob.client.v1.accounts.relationships.fetch({ id: [alice.accountId] })
    expect(back).toMatchObject({ following: false, followedBy: true })

    const un = await alice.client.v1.accounts.$select(bob.accountId).unfollow()
    expect(un.following).toBe(false)
    await alice.client.v1.accounts.$select(bob.accountId).unfollow()
    expect(await counts(alice)).toEqual({ followers: 0, following: 0 })
    expect(await counts(bob)).toEqual({ followers: 0, following: 0 })
  })

  it('following yourself is refused with 422, an unknown account with 404', async () => {
    const solo = await signUp(server, 'solo')
    const self = await api(server, solo.token, 'POST', `/api/v1/accounts/${solo.accountId}/follow`)
    expect(self.status).toBe(422)
    expect(self.json.code).toBe('self_relation')
    expect((await api(server, solo.token, 'POST', '/api/v1/accounts/999999/follow')).status).toBe(404)
    expect((await api(server, solo.token, 'POST', '/api/v1/accounts/nope/follow')).status).toBe(404)
  })

  it('following needs the write:follows scope (or the legacy follow scope)', async () => {
    const p = await signUp(server, 'scoped')
    const other = await signUp(server, 'scopedother')
    const tok = await server.ctx.db.selectFrom('access_tokens').select('id').where('account_id', '=', Number(p.accountId)).executeTakeFirstOrThrow()
    await server.ctx.db.updateTable('access_tokens').set({ scopes: 'read write:statuses' }).where('id', '=', tok.id).execute()
    server.ctx.cache.changed({ tokens: true })
    const r = await api(server, p.token, 'POST', `/api/v1/accounts/${other.accountId}/follow`)
    expect(r.status).toBe(403)
    expect(r.json.code).toBe('scope_missing')
    await server.ctx.db.updateTable('access_tokens').set({ scopes: 'read follow' }).where('id', '=', tok.id).execute()
    server.ctx.cache.changed({ tokens: true })
    expect((await api(server, p.token, 'POST', `/api/v1/accounts/${other.accountId}/follow`)).status).toBe(200)
  })
})

describe('locked accounts', () => {
  it('following a locked account creates a request; authorizing it starts the follow', async () => {
    const [fan, star] = await Promise.all([signUp(server, 'fan'), signUp(server, 'star')])
    await lock(star)
    const rel = await fan.client.v1.accounts.$select(star.accountId).follow({ notify: true })
    expect(rel).toMatchObject({ following: false, requested: true, notifying: true })
    expect(await counts(star)).toEqual({ followers: 0, following: 0 })
    const requests = await star.client.v1.followRequests.list()
    expect(requests.map((a) => a.id)).toEqual([fan.accountId])
    const [seen] = await star.client.v1.accounts.relationships.fetch({ id: [fan.accountId] })
    expect(seen.requestedBy).toBe(true)

    const auth = await star.client.v1.followRequests.$select(fan.accountId).authorize()
    expect(auth).toMatchObject({ followedBy: true, requestedBy: false })
    const [now] = await fan.client.v1.accounts.relationships.fetch({ id: [star.accountId] })
    expect(now).toMatchObject({ following: true, requested: false, notifying: true })
    expect(await counts(star)).toEqual({ followers: 1, following: 0 })
    expect(await star.client.v1.followRequests.list()).toEqual([])
  })

  it('a rejected request leaves no follow; rejecting an unknown request is 404', async () => {
    const [asker, guard] = await Promise.all([signUp(server, 'asker'), signUp(server, 'guard')])
    await lock(guard)
    await asker.client.v1.accounts.$select(guard.accountId).follow()
    const rel = await guard.client.v1.followRequests.$select(asker.accountId).reject()
    expect(rel.requestedBy).toBe(false)
    const [r] = await asker.client.v1.accounts.relationships.fetch({ id: [guard.accountId] })
    expect(r).toMatchObject({ following: false, requested: false })
    expect((await api(server, guard.token, 'POST', `/api/v1/follow_requests/${asker.accountId}/reject`)).status).toBe(404)
  })

  it('unfollow withdraws a pending request', async () => {
    const [a, b] = await Promise.all([signUp(server, 'withdrawer'), signUp(server, 'lockedb')])
    await lock(b)
    await a.client.v1.accounts.$select(b.accountId).follow()
    const rel = await a.client.v1.accounts.$select(b.accountId).unfollow()
    expect(rel.requested).toBe(false)
    expect(await b.client.v1.followRequests.list()).toEqual([])
  })
})

describe('blocks and mutes', () => {
  it('a block ends follows and requests both ways, hides the blocker\'s posts, and neither side can follow again', async () => {
    const [ann, ben] = await Promise.all([signUp(server, 'ann'), signUp(server, 'ben')])
    await ann.client.v1.accounts.$select(ben.accountId).follow()
    await ben.client.v1.accounts.$select(ann.accountId).follow()
    const rel = await ann.client.v1.accounts.$select(ben.accountId).block()
    expect(rel).toMatchObject({ blocking: true, following: false, followedBy: false })
    expect(await counts(ann)).toEqual({ followers: 0, following: 0 })
    expect(await counts(ben)).toEqual({ followers: 0, following: 0 })
    const [seen] = await ben.client.v1.accounts.relationships.fetch({ id: [ann.accountId] })
    expect(seen).toMatchObject({ blockedBy: true, blocking: false, following: false })

    const again = await api(server, ben.token, 'POST', `/api/v1/accounts/${ann.accountId}/follow`)
    expect(again.status).toBe(403)
    expect(again.json.code).toBe('blocked')
    expect((await api(server, ann.token, 'POST', `/api/v1/accounts/${ben.accountId}/follow`)).json.code).toBe('blocked')
    expect((await ann.client.v1.blocks.list()).map((a) => a.id)).toEqual([ben.accountId])
    const annPost = await ann.client.v1.statuses.create({ status: 'not for ben' })
    expect((await api(server, ben.token, 'GET', `/api/v1/statuses/${annPost.id}`)).status).toBe(404)
    const unblocked = await ann.client.v1.accounts.$select(ben.accountId).unblock()
    expect(unblocked.blocking).toBe(false)
    expect(await ann.client.v1.blocks.list()).toEqual([])
  })

  it('a blocker hides their followers from the person they block', async () => {
    const [owner, watcher, friend] = await Promise.all([signUp(server, 'owner'), signUp(server, 'watcher'), signUp(server, 'friend')])
    await friend.client.v1.accounts.$select(owner.accountId).follow()
    expect((await watcher.client.v1.accounts.$select(owner.accountId).followers.list()).map((a) => a.id)).toEqual([friend.accountId])
    await owner.client.v1.accounts.$select(watcher.accountId).block()
    expect(await watcher.client.v1.accounts.$select(owner.accountId).followers.list()).toEqual([])
  })

  it('a mute shows in the relationship, hides notifications by default, and can expire', async () => {
    const [m, n, o] = await Promise.all([signUp(server, 'muter'), signUp(server, 'noisy'), signUp(server, 'chatty')])
    const rel = await m.client.v1.accounts.$select(n.accountId).mute()
    expect(rel).toMatchObject({ muting: true, mutingNotifications: true })
    const rel2 = await m.client.v1.accounts.$select(o.accountId).mute({ notifications: false, duration: 3600 })
    expect(rel2).toMatchObject({ muting: true, mutingNotifications: false })
    expect(Date.parse((rel2 as unknown as { mutingExpiresAt: string }).mutingExpiresAt)).toBeGreaterThan(Date.now())
    expect((await m.client.v1.mutes.list()).map((a) => a.id).sort()).toEqual([n.accountId, o.accountId].sort())
    await server.ctx.db.updateTable('mutes').set({ expires_at: Date.now() - 1 }).where('target_account_id', '=', Number(o.accountId)).execute()
    server.ctx.cache.changed({ relations: [Number(m.accountId)] })
    expect((await m.client.v1.mutes.list()).map((a) => a.id)).toEqual([n.accountId])
    const un = await m.client.v1.accounts.$select(n.accountId).unmute()
    expect(un.muting).toBe(false)
    expect((await api(server, m.token, 'POST', `/api/v1/accounts/${m.accountId}/mute`)).status).toBe(422)
  })
})

describe('relationships and lists', () => {
  it('relationships answers several accounts at once, in the order asked, skipping unknown ids', async () => {
    const [me, x, y, z] = await Promise.all(['relme', 'relx', 'rely', 'relz'].map((n) => signUp(server, n)))
    await me.client.v1.accounts.$select(x.accountId).follow()
    await y.client.v1.accounts.$select(me.accountId).follow()
    await me.client.v1.accounts.$select(z.accountId).block()
    const rels = await me.client.v1.accounts.relationships.fetch({ id: [z.accountId, x.accountId, '424242', y.accountId] })
    expect(rels.map((r) => r.id)).toEqual([z.accountId, x.accountId, y.accountId])
    expect(rels[0]).toMatchObject({ blocking: true, following: false })
    expect(rels[1]).toMatchObject({ following: true, followedBy: false })
    expect(rels[2]).toMatchObject({ following: false, followedBy: true })
    const raw = await api(server, me.token, 'GET', `/api/v1/accounts/relationships?id[]=${x.accountId}`)
    expect(Object.keys(raw.json[0]).sort()).toEqual(['blocked_by', 'blocking', 'domain_blocking', 'endorsed', 'followed_by', 'following', 'id',
      'languages', 'muting', 'muting_expires_at', 'muting_notifications', 'note', 'notifying', 'requested', 'requested_by', 'showing_reblogs'])
  })

  it('followers are paginated by the Link header, newest follow first, without gaps or repeats', async () => {
    const idol = await signUp(server, 'idol')
    const fans: Person[] = []
    for (let i = 0; i < 5; i++) {
      const f = await signUp(server, `pagefan${i}`)
      await f.client.v1.accounts.$select(idol.accountId).follow()
      fans.push(f)
    }
    const pages: string[][] = []
    for await (const page of idol.client.v1.accounts.$select(idol.accountId).followers.list({ limit: 2 })) {
      if (page.length) pages.push(page.map((a) => a.id))
      if (pages.length > 5) break
    }
    expect(pages.map((p) => p.length)).toEqual([2, 2, 1])
    expect(pages.flat()).toEqual(fans.map((f) => f.accountId).reverse())
    const following = await fans[0].client.v1.accounts.$select(fans[0].accountId).following.list()
    expect(following.map((a) => a.id)).toEqual([idol.accountId])
    const r = await api(server, null, 'GET', `/api/v1/accounts/${idol.accountId}/followers?limit=2`)
    expect(r.status).toBe(200)
    expect(r.headers.get('link')).toMatch(/max_id=\d+>; rel="next"/)
  })

  it('familiar followers are the people I follow who follow that account', async () => {
    const [me, pal, stranger, target] = await Promise.all(['famme', 'fampal', 'famstranger', 'famtarget'].map((n) => signUp(server, n)))
    await me.client.v1.accounts.$select(pal.accountId).follow()
    await pal.client.v1.accounts.$select(target.accountId).follow()
    await stranger.client.v1.accounts.$select(target.accountId).follow()
    // masto's typing of familiarFollowers.fetch sends `0=id` instead of Mastodon's `id[]=id`, so this goes raw.
    const r = await api(server, me.token, 'GET', `/api/v1/accounts/familiar_followers?id[]=${target.accountId}&id[]=${pal.accountId}`)
    expect(r.json.map((f: { id: string }) => f.id)).toEqual([target.accountId, pal.accountId])
    expect(r.json[0].accounts.map((a: { id: string }) => a.id)).toEqual([pal.accountId])
    expect(r.json[1].accounts).toEqual([])
  })
})
