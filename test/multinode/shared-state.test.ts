// Two Phare nodes in this process on one PostgreSQL and one Redis: what one node does,
// the other's readers see (live streams, cached accounts). Runs in every pass: without
// PHARE_TEST_DATABASE_URL / PHARE_TEST_REDIS_URL it starts its own PostgreSQL and Redis.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createRestAPIClient, createStreamingAPIClient } from 'masto'
import { freshPostgres, startServer, type TestServer } from '../support/server.ts'
import { sharedSecret } from '../../packages/server/src/services/secrets.ts'
import { signUp, type Person } from '../support/people.ts'
import { testPostgres, type TestPostgres } from '../support/postgres.ts'
import { testRedis, type TestRedis } from '../support/redis.ts'
import { presenceOf } from '../../packages/server/src/services/streaming/presence.ts'

let pg: TestPostgres, redis: TestRedis, db: { url: string; drop(): Promise<void> }
let a: TestServer, b: TestServer
let alice: Person, bob: Person
beforeAll(async () => {
  ;[pg, redis] = await Promise.all([testPostgres(), testRedis()])
  db = await freshPostgres(pg.adminUrl)
  // the same prefix: one Phare of two nodes
  // Shedding off: on a busy test machine, two servers in one process would refuse streams under load (not what this tests).
  const env = { PHARE_DATABASE_URL: db.url, PHARE_REDIS_URL: redis.url, PHARE_REDIS_PREFIX: `mn${Date.now()}`, PHARE_SHEDDING: 'off' }
  a = await startServer(env)
  b = await startServer(env)
  alice = await signUp(a, 'alice')
  bob = await signUp(b, 'bob')
}, 120_000)
afterAll(async () => {
  await a?.close()
  await b?.close()
  await db?.drop()
  await Promise.all([pg?.close(), redis?.close()])
}, 60_000)

async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 15_000): Promise<void> {
  const until = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}
const drainBoth = () => Promise.all([a.ctx.queue.drain(), b.ctx.queue.drain()])

describe('two nodes sharing PostgreSQL and Redis', { timeout: 120_000 }, () => {
  it('a post made through node A reaches a follower streaming from node B', async () => {
    await bob.client.v1.accounts.$select(alice.accountId).follow()
    await drainBoth()
    const client = createStreamingAPIClient({ streamingApiUrl: b.url.replace('http', 'ws'), accessToken: bob.token, retry: false })
    const sub = client.user.subscribe()
    const next = sub[Symbol.asyncIterator]().next()
    // the fan-out job may run on either node: both must know that bob streams from B
    await waitFor(() => [a, b].every((n) => presenceOf(n.ctx).watchingHome([Number(bob.accountId)]).length === 1), "both nodes to know bob's stream", 30_000)
    const posted = await alice.client.v1.statuses.create({ status: 'from node A', visibility: 'public' })
    const { value } = await next
    expect(value.event).toBe('update')
    expect(value.payload.id).toBe(posted.id)
    sub.unsubscribe()
    client.close()
    await waitFor(() => presenceOf(a.ctx).watchingHome([Number(bob.accountId)]).length === 0, 'node A to hear that the stream ended')
  })

  it("a profile change made through node B is seen at once by node A's readers (cache dropped on both)", async () => {
    const before = await alice.client.v1.accounts.$select(bob.accountId).fetch()
    expect(before.displayName).not.toBe('Bob on B')
    await bob.client.v1.accounts.updateCredentials({ displayName: 'Bob on B' })
    await waitFor(async () => (await alice.client.v1.accounts.$select(bob.accountId).fetch()).displayName === 'Bob on B', "node A to show bob's new name")
  })

  it("a node that never read a feed answers it from the head another node keeps in Redis, and new posts join it there", async () => {
    const carol = await signUp(b, 'carol')
    await carol.client.v1.accounts.$select(alice.accountId).follow()
    await drainBoth()
    const first = (await carol.client.v1.timelines.home.list({ limit: 40 })).map((s) => s.id)
    expect(first.length).toBeGreaterThan(0)
    // the database forgets carol's feed: only the head in Redis can answer node A now
    await a.ctx.db.deleteFrom('home_feed').where('account_id', '=', Number(carol.accountId)).execute()
    const onA = createRestAPIClient({ url: a.url, accessToken: carol.token })
    expect((await onA.v1.timelines.home.list({ limit: 40 })).map((s) => s.id)).toEqual(first)
    const fresh = await alice.client.v1.statuses.create({ status: 'joins the shared head', visibility: 'public' })
    await drainBoth()
    await waitFor(async () => (await onA.v1.timelines.home.list({ limit: 40 }))[0]?.id === fresh.id, "node A to show the new post first")
    expect((await onA.v1.timelines.home.list({ limit: 40 })).map((s) => s.id)).toEqual([fresh.id, ...first])
  })

  it('both nodes sign proof-of-work challenges and passes with the same key, kept in the database', async () => {
    const [ka, kb] = await Promise.all([sharedSecret(a.ctx, 'challenge'), sharedSecret(b.ctx, 'challenge')])
    expect(ka.length).toBe(32)
    expect(kb.equals(ka)).toBe(true)
    const row = await a.ctx.db.selectFrom('secrets').select('value').where('name', '=', 'challenge').executeTakeFirstOrThrow()
    expect(row.value).toBe(ka.toString('hex'))
  })

  it("jobs enqueued through one node are done once, by either, and the timelines of both agree", async () => {
    const made = await Promise.all([...Array(10).keys()].map((i) => alice.client.v1.statuses.create({ status: `post ${i}`, visibility: 'public' })))
    await drainBoth()
    await waitFor(async () => {
      const home = await bob.client.v1.timelines.home.list({ limit: 40 })
      return made.every((p) => home.some((s) => s.id === p.id))
    }, "bob's home to hold every post")
    const rows = await a.ctx.db.selectFrom('home_feed').select('status_id').where('account_id', '=', Number(bob.accountId)).execute()
    const ids = rows.map((r) => String(r.status_id))
    expect(new Set(ids).size).toBe(ids.length)
  })
})
