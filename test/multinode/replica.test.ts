// PHARE_DATABASE_REPLICA_URL: timeline and profile listings are read from a real streaming
// replica of the primary (its own throw-away pair). Pausing the replica's replay shows
// where each read goes: listings stop at what the replica has, a post itself (primary) does not.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { freshPostgres, startServer, type TestServer } from '../support/server.ts'
import { testPostgres, type TestPostgres } from '../support/postgres.ts'
import { signUp, type Person } from '../support/people.ts'
import { waitFor } from './cluster-fixture.ts'
import { loadConfig, ConfigError } from '../../packages/server/src/config.ts'

let pair: TestPostgres, db: { url: string; drop(): Promise<void> }, server: TestServer, replicaAdmin: pg.Client
let alice: Person, bob: Person
beforeAll(async () => {
  pair = await testPostgres({ own: true, replica: true })
  db = await freshPostgres(pair.adminUrl)
  const replicaDb = new URL(pair.replicaUrl!)
  replicaDb.pathname = new URL(db.url).pathname
  // the replica receives the new database through replication
  await waitFor(async () => {
    const c = new pg.Client({ connectionString: replicaDb.toString() })
    try { await c.connect(); await c.end(); return true } catch { return false }
  }, 'the database on the replica')
  server = await startServer({ PHARE_DATABASE_URL: db.url, PHARE_DATABASE_REPLICA_URL: replicaDb.toString() })
  replicaAdmin = new pg.Client({ connectionString: pair.replicaUrl })
  await replicaAdmin.connect()
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
}, 120_000)
afterAll(async () => {
  await replicaAdmin?.query('select pg_wal_replay_resume()').catch(() => {})
  await replicaAdmin?.end()
  await server?.close()
  await db?.drop()
  await pair?.close()
}, 60_000)

const profileIds = async () => (await bob.client.v1.accounts.$select(alice.accountId).statuses.list({ limit: 40 })).map((s) => s.id)
const publicIds = async () => (await bob.client.v1.timelines.public.list({ limit: 40 })).map((s) => s.id)

describe('a read replica', { timeout: 120_000 }, () => {
  it('serves profile and public listings, while a post itself is read from the primary', async () => {
    const first = await alice.client.v1.statuses.create({ status: 'replicated', visibility: 'public' })
    await waitFor(async () => (await profileIds()).includes(first.id), 'the replica to have the first post')
    await replicaAdmin.query('select pg_wal_replay_pause()')
    const second = await alice.client.v1.statuses.create({ status: 'not replayed yet', visibility: 'public' })
    expect((await bob.client.v1.statuses.$select(second.id).fetch()).id).toBe(second.id)
    await new Promise((r) => setTimeout(r, 500))
    expect(await profileIds()).not.toContain(second.id)
    expect(await publicIds()).not.toContain(second.id)
    await replicaAdmin.query('select pg_wal_replay_resume()')
    await waitFor(async () => (await profileIds()).includes(second.id) && (await publicIds()).includes(second.id), 'the replica to catch up', 20_000, 250)
  })

  it('is refused without the primary it copies', () => {
    expect(() => loadConfig({ PHARE_DATABASE_REPLICA_URL: 'postgres://replica/phare' })).toThrow(ConfigError)
  })
})
