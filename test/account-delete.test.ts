// Deleting an account: the person's own request (POST /api/v1/phare/account/delete), then the
// background job that removes posts, reposts, media, follows and the rest, in bounded runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { mastodon } from 'masto'
import { startServer, type TestServer } from './support/server.ts'
import { api, registerApp, signUp, type Person } from './support/people.ts'
import { photo } from './support/images.ts'
import { deleteAccount } from '../packages/server/src/services/accounts/delete-account.ts'
import { ERASE_BATCH, eraseAccountStep } from '../packages/server/src/services/accounts/erase-account.ts'

let server: TestServer
let alice: Person
let bob: Person
let carol: Person

const image = async (w: number, h: number) => new Blob([new Uint8Array(await photo(w, h, 'jpeg'))], { type: 'image/jpeg' })

/** Runs every job, the media purges that wait a minute after a post delete included. */
async function settle(): Promise<void> {
  await server.ctx.queue.drain()
  await server.ctx.db.updateTable('jobs').set({ run_at: Date.now() }).where('type', '=', 'media.purge').execute()
  await server.ctx.queue.drain()
}

beforeAll(async () => {
  server = await startServer()
  ;[alice, bob, carol] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob'), signUp(server, 'carol')])
})
afterAll(() => server.close())

describe('deleting one\'s own account', () => {
  let picture: mastodon.v1.MediaAttachment
  let unposted: mastodon.v1.MediaAttachment
  let bobsPicture: mastodon.v1.MediaAttachment
  let avatarUrl: string
  let withImage: mastodon.v1.Status
  let plain: mastodon.v1.Status
  let bobsPost: mastodon.v1.Status
  let bobsRepost: mastodon.v1.Status

  beforeAll(async () => {
    bobsPicture = await bob.client.v2.media.create({ file: await image(300, 200) })
    bobsPost = await bob.client.v1.statuses.create({ status: 'bob was here', mediaIds: [bobsPicture.id] })
    picture = await alice.client.v2.media.create({ file: await image(320, 240), description: 'a gradient' })
    withImage = await alice.client.v1.statuses.create({ status: 'look at this', mediaIds: [picture.id] })
    plain = await alice.client.v1.statuses.create({ status: 'just words' })
    unposted = await alice.client.v2.media.create({ file: await image(200, 150) })
    const me = await alice.client.v1.accounts.updateCredentials({ avatar: await image(256, 256), displayName: 'Alice A.' })
    avatarUrl = me.avatar
    await bob.client.v1.accounts.$select(alice.accountId).follow()
    await carol.client.v1.accounts.$select(alice.accountId).follow()
    await alice.client.v1.accounts.$select(bob.accountId).follow()
    await alice.client.v1.statuses.$select(bobsPost.id).reblog()
    await alice.client.v1.statuses.$select(bobsPost.id).favourite()
    bobsRepost = await bob.client.v1.statuses.$select(plain.id).reblog()
    await bob.client.v1.statuses.$select(plain.id).bookmark()
    await carol.client.v1.accounts.$select(alice.accountId).mute()
    await server.ctx.queue.drain()
  })

  it('everything to delete is there before', async () => {
    const home = (await bob.client.v1.timelines.home.list()).map((s) => s.id)
    expect(home).toEqual(expect.arrayContaining([withImage.id, plain.id, bobsRepost.id]))
    const me = await bob.client.v1.accounts.verifyCredentials()
    expect([me.followersCount, me.followingCount, me.statusesCount]).toEqual([1, 1, 2])
    const post = await bob.client.v1.statuses.$select(bobsPost.id).fetch()
    expect([post.reblogsCount, post.favouritesCount]).toEqual([1, 1])
    expect(avatarUrl).toContain('/media/')
    for (const url of [picture.url!, picture.previewUrl!, unposted.url!, avatarUrl]) expect((await fetch(url)).status, url).toBe(200)
  })

  it('a wrong password is refused and the account stays', async () => {
    const r = await api(server, alice.token, 'POST', '/api/v1/phare/account/delete', { password: 'not my password' })
    expect([r.status, r.json.code]).toEqual([422, 'wrong_password'])
    expect((await api(server, alice.token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
  })

  it('the right password deletes it at once: the token stops working and the profile is 404', async () => {
    const r = await api(server, alice.token, 'POST', '/api/v1/phare/account/delete', { password: 'correct horse alice' })
    expect(r.status).toBe(202)
    expect(r.json).toEqual({ state: 'deleting' })
    expect((await api(server, alice.token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    expect((await api(server, bob.token, 'GET', `/api/v1/accounts/${alice.accountId}`)).status).toBe(404)
    expect((await api(server, null, 'GET', `/api/v1/accounts/lookup?acct=alice`)).status).toBe(404)
    await settle()
  })

  it('her posts are 404 and gone from the homes that had them, with bob\'s repost of hers', async () => {
    for (const id of [withImage.id, plain.id, bobsRepost.id]) {
      expect((await api(server, bob.token, 'GET', `/api/v1/statuses/${id}`)).status, id).toBe(404)
      expect((await api(server, null, 'GET', `/api/v1/statuses/${id}`)).status, id).toBe(404)
    }
    const home = (await bob.client.v1.timelines.home.list()).map((s) => s.id)
    expect(home).toContain(bobsPost.id)
    for (const id of [withImage.id, plain.id, bobsRepost.id]) expect(home).not.toContain(id)
    expect((await api(server, bob.token, 'GET', `/api/v1/accounts/${alice.accountId}/statuses`)).status).toBe(404)
    expect((await bob.client.v1.bookmarks.list()).map((s) => s.id)).not.toContain(plain.id)
  })

  it('the counters of the people she followed, who followed her and whose posts she liked or reposted are right', async () => {
    const b = await bob.client.v1.accounts.verifyCredentials()
    expect([b.followersCount, b.followingCount, b.statusesCount]).toEqual([0, 0, 1])
    const c = await carol.client.v1.accounts.verifyCredentials()
    expect(c.followingCount).toBe(0)
    const post = await bob.client.v1.statuses.$select(bobsPost.id).fetch()
    expect([post.reblogsCount, post.favouritesCount]).toEqual([0, 0])
    expect((await bob.client.v1.accounts.$select(bob.accountId).followers.list()).map((a) => a.id)).not.toContain(alice.accountId)
  })

  it('every file of hers answers 404 while bob\'s still load', async () => {
    for (const url of [picture.url!, picture.previewUrl!, unposted.url!, unposted.previewUrl!, avatarUrl]) {
      expect((await fetch(url)).status, url).toBe(404)
    }
    expect((await fetch(bobsPicture.url!)).status).toBe(200)
    expect((await fetch(bobsPicture.previewUrl!)).status).toBe(200)
  })

  it('nothing of hers is left in the tables of relations, likes, notifications and media, and no job is left', async () => {
    const id = Number(alice.accountId)
    const db = server.ctx.db
    const count = async (q: { execute(): Promise<unknown[]> }) => (await q.execute()).length
    expect(await count(db.selectFrom('follows').select('id').where((eb) => eb.or([eb('account_id', '=', id), eb('target_account_id', '=', id)])))).toBe(0)
    expect(await count(db.selectFrom('mutes').select('id').where('target_account_id', '=', id))).toBe(0)
    expect(await count(db.selectFrom('favourites').select('id').where('account_id', '=', id))).toBe(0)
    expect(await count(db.selectFrom('notifications').select('id').where((eb) => eb.or([eb('account_id', '=', id), eb('from_account_id', '=', id)])))).toBe(0)
    expect(await count(db.selectFrom('media_attachments').select('id').where('account_id', '=', id))).toBe(0)
    expect(await count(db.selectFrom('statuses').select('id').where('account_id', '=', id).where('deleted_at', 'is', null))).toBe(0)
    expect(await count(db.selectFrom('jobs').select('id'))).toBe(0)
    const account = await db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
    expect([account.display_name, account.avatar_key, account.suspended]).toEqual(['', null, 1])
  })

  it('her e-mail address can sign up again, her username cannot, and the old password signs nobody in', async () => {
    const app = await registerApp(server)
    const again = await api(server, app.appToken, 'POST', '/api/v1/accounts', { username: 'alice_again', email: 'alice@example.test', password: 'a new password', agreement: true })
    expect(again.status).toBe(200)
    for (const username of ['alice', 'ALICE']) {
      const taken = await api(server, app.appToken, 'POST', '/api/v1/accounts', { username, email: `${username}-new@example.test`, password: 'a new password', agreement: true })
      expect([taken.status, taken.json.code]).toEqual([422, 'username_taken'])
    }
    const old = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'alice@example.test', password: 'correct horse alice' })
    expect(old.status).toBe(400)
  })

  it('a token without write:accounts may not delete the account', async () => {
    const app = await registerApp(server, 'read only')
    const tok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'carol@example.test', password: 'correct horse carol', scope: 'read' })
    expect(tok.status).toBe(200)
    const r = await api(server, tok.json.access_token, 'POST', '/api/v1/phare/account/delete', { password: 'correct horse carol' })
    expect(r.status).toBe(403)
    expect((await api(server, carol.token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
  })
})

describe('erasing a large account', () => {
  it('goes in bounded runs of posts, each leaving the data consistent, until nothing is left', async () => {
    const dave = await signUp(server, 'dave')
    const total = ERASE_BATCH + 7
    for (let i = 0; i < total; i += 25) {
      await Promise.all(Array.from({ length: Math.min(25, total - i) }, (_, j) => dave.client.v1.statuses.create({ status: `post ${i + j}` })))
    }
    await server.ctx.queue.drain()
    const id = Number(dave.accountId)
    const live = async () => (await server.ctx.db.selectFrom('statuses').select('id').where('account_id', '=', id).where('deleted_at', 'is', null).execute()).length
    // The queue is paused so the runs can be watched one by one.
    await server.ctx.queue.stop()
    try {
      const started = await deleteAccount(server.ctx, id, { by: 'admin' })
      expect(started.posts).toBe(total)
      expect(await eraseAccountStep(server.ctx, id, 0)).toBe(0)
      expect(await live()).toBe(7)
      const count = await server.ctx.db.selectFrom('accounts').select('statuses_count').where('id', '=', id).executeTakeFirstOrThrow()
      expect(count.statuses_count).toBe(7)
      expect(await eraseAccountStep(server.ctx, id, 0)).toBeNull()
      expect(await live()).toBe(0)
      // A rerun (a retried job) finds nothing to do and changes nothing.
      expect(await eraseAccountStep(server.ctx, id, 0)).toBeNull()
    } finally {
      server.ctx.queue.start()
    }
    await settle()
    expect((await api(server, dave.token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
  })

  it('a stray job never erases an account that is not deleted', async () => {
    const erin = await signUp(server, 'erin')
    await erin.client.v1.statuses.create({ status: 'still here' })
    expect(await eraseAccountStep(server.ctx, Number(erin.accountId), 0)).toBeNull()
    expect((await erin.client.v1.accounts.$select(erin.accountId).statuses.list()).length).toBe(1)
  })
})
