// Accounts above PHARE_FANOUT_MAX_FOLLOWERS are not fanned out: home reads merge
// their posts at read time, with the same page bounds as the materialised feed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { follow, homeIds, post } from './timelines-fixtures.ts'
import { nextId } from '../packages/server/src/ids.ts'

let server: TestServer
let star: Person, small: Person, reader: Person, stranger: Person
beforeAll(async () => {
  server = await startServer({ PHARE_FANOUT_MAX_FOLLOWERS: '100' })
  ;[star, small, reader, stranger] = await Promise.all(['star', 'small', 'reader', 'stranger'].map((n) => signUp(server, n)))
  await follow(server, reader, star)
  await follow(server, reader, small)
  // 100 more followers, written directly: their sign-ups would only slow the test down.
  const template = await server.ctx.db.selectFrom('accounts').selectAll().where('id', '=', Number(reader.accountId)).executeTakeFirstOrThrow()
  const follow1 = await server.ctx.db.selectFrom('follows').selectAll().where('account_id', '=', Number(reader.accountId)).limit(1).executeTakeFirstOrThrow()
  const fans = Array.from({ length: 100 }, (_, i) => ({ ...template, id: nextId(), username: `fan${i}`, username_key: `fan${i}` }))
  await server.ctx.db.insertInto('accounts').values(fans).execute()
  await server.ctx.db.insertInto('follows').values(fans.map((f) => ({ ...follow1, id: nextId(), account_id: f.id, target_account_id: Number(star.accountId) }))).execute()
  await server.ctx.db.updateTable('accounts').set({ followers_count: 101 }).where('id', '=', Number(star.accountId)).execute()
  server.ctx.cache.changed({ accounts: [Number(star.accountId)], relations: fans.map((f) => f.id) })
})
afterAll(async () => { await server.close() })

describe('read-time merge for accounts with many followers', () => {
  it("a big account's posts are not copied into homes but still appear in its followers' home, in order", async () => {
    const s1 = await post(server, star, 'star one')
    const m1 = await post(server, small, 'small one')
    const s2 = await post(server, star, 'star two', { visibility: 'private' })
    const m2 = await post(server, small, 'small two')
    const s3 = await post(server, star, 'star three')
    const copies = await server.ctx.db.selectFrom('home_feed').select('account_id')
      .where('status_id', 'in', [s1, s2, s3].map((s) => Number(s.id))).execute()
    expect(copies.map((c) => String(c.account_id))).toEqual([star.accountId, star.accountId, star.accountId])

    expect(await homeIds(reader)).toEqual([s3.id, m2.id, s2.id, m1.id, s1.id])
    expect(await homeIds(stranger)).toEqual([])
    expect(await homeIds(star)).toEqual([s3.id, s2.id, s1.id])

    const page = async (q: string) => (await api(server, reader.token, 'GET', `/api/v1/timelines/home?${q}`)).json.map((s: { id: string }) => s.id)
    expect(await page('limit=2')).toEqual([s3.id, m2.id])
    expect(await page(`limit=2&max_id=${m2.id}`)).toEqual([s2.id, m1.id])
    expect(await page(`limit=2&max_id=${m1.id}`)).toEqual([s1.id])
    expect(await page(`limit=2&min_id=${s1.id}`)).toEqual([s2.id, m1.id])
    expect(await page(`limit=2&since_id=${s1.id}`)).toEqual([s3.id, m2.id])
  })

  it("unfollowing a big account removes its posts from the home at once", async () => {
    const p = await post(server, star, 'still following?')
    expect(await homeIds(reader)).toContain(p.id)
    await reader.client.v1.accounts.$select(star.accountId).unfollow()
    await server.ctx.queue.drain()
    expect(await homeIds(reader)).not.toContain(p.id)
  })
})
