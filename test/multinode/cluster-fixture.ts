// The fixture of the multi-node tests: one PostgreSQL, one Redis and one S3-compatible
// store (s3rver), N Phare processes on them, nginx in front with deploy/nginx/phare-lb.conf,
// and people signed up through the public API, each with a masto.js client on a chosen URL.
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRestAPIClient, type mastodon } from 'masto'
import pg from 'pg'
import S3rver from 's3rver'
import { Queue as BullQueue } from 'bullmq'
import { freshPostgres, TEST_LIMITS } from '../support/server.ts'
import { testPostgres, type TestPostgres } from '../support/postgres.ts'
import { testRedis, type TestRedis } from '../support/redis.ts'
import { freePort } from '../support/process.ts'
import { startLoadBalancer, startNode, type LoadBalancer, type Node } from '../support/cluster.ts'

export interface Person { username: string; token: string; accountId: string; client: mastodon.rest.Client }

export interface Cluster {
  nodes: Node[]
  lb: LoadBalancer
  redisUrl: string
  prefix: string
  /** Starts one more node with these roles (not behind nginx). */
  addNode(roles: string, env?: Record<string, string>): Promise<Node>
  /** Signs up a person through `url` (a node or nginx); their client talks to `url`. */
  signUp(username: string, url: string): Promise<Person>
  /** A client of this person on another URL. */
  clientAt(p: Person, url: string): mastodon.rest.Client
  /** Rows left in the jobs table (the outbox) and jobs not finished in BullMQ. */
  jobsLeft(): Promise<number>
  /** BullMQ's queue of one lane (default, media, previews), to see which node runs what. */
  lane(name: string): BullQueue
  sql: pg.Client
  close(): Promise<void>
}

/** Starts the shared services, then `roles.length` nodes (roles per node, e.g. "web,jobs"), then nginx over the web nodes. */
export async function startCluster(roles: string[], extraEnv: Record<string, string> = {}): Promise<Cluster> {
  const [pgServer, redis]: [TestPostgres, TestRedis] = await Promise.all([testPostgres(), testRedis()])
  const db = await freshPostgres(pgServer.adminUrl)
  const dir = mkdtempSync(join(tmpdir(), 'phare-mn-'))
  const s3 = new S3rver({ address: '127.0.0.1', port: 0, directory: join(dir, 's3'), silent: true, configureBuckets: [{ name: 'media', configs: [] }] })
  const { port: s3Port } = await s3.run()
  const s3Url = `http://127.0.0.1:${s3Port}`
  writeFileSync(join(dir, 'limits.json'), JSON.stringify(TEST_LIMITS))
  const lbPort = await freePort()
  const prefix = `mn${randomBytes(4).toString('hex')}`
  const env = {
    PHARE_DATABASE_URL: db.url, PHARE_REDIS_URL: redis.url, PHARE_REDIS_PREFIX: prefix,
    PHARE_PUBLIC_URL: `http://127.0.0.1:${lbPort}`, PHARE_PREVIEWS: 'off', PHARE_LIMITS_FILE: join(dir, 'limits.json'),
    // a node that vanished hands its jobs on after 3 s (30 s by default)
    PHARE_JOB_LOCK_S: '3',
    // three nodes, PostgreSQL and nginx on a shared test machine: saturation is expected, and shedding is not what is tested
    PHARE_SHEDDING: 'off',
    PHARE_MEDIA_S3_BUCKET: 'media', PHARE_MEDIA_S3_ENDPOINT: s3Url, PHARE_MEDIA_S3_ACCESS_KEY_ID: 'S3RVER',
    PHARE_MEDIA_S3_SECRET_ACCESS_KEY: 'S3RVER', PHARE_MEDIA_S3_PUBLIC_URL: `${s3Url}/media`, PHARE_MEDIA_S3_FORCE_PATH_STYLE: 'true',
    ...extraEnv,
  }
  const nodeEnv = (i: number) => ({ ...env, PHARE_DATA_DIR: join(dir, `node${i + 1}`), PHARE_ROLES: roles[i] ?? 'web,jobs' })
  const nodes: Node[] = []
  // the first node migrates the database; the others find it done
  nodes.push(await startNode('node1', nodeEnv(0)))
  nodes.push(...await Promise.all(roles.slice(1).map((_, i) => startNode(`node${i + 2}`, nodeEnv(i + 1)))))
  const webNodes = nodes.filter((_, i) => roles[i]!.includes('web'))
  const lb = await startLoadBalancer(webNodes.map((n) => `127.0.0.1:${n.port}`), lbPort)
  const sql = new pg.Client({ connectionString: db.url })
  await sql.connect()

  let app: Promise<{ appToken: string }> | null = null
  const registerApp = async (url: string) => {
    const res = await fetch(`${url}/api/v1/apps`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ client_name: 'multinode', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' }),
    })
    const a = await res.json() as { client_id: string; client_secret: string }
    // first-party, as the harness of test/support/people.ts: no API plan in the way of the load
    await sql.query('update apps set trusted = 1 where client_id = $1', [a.client_id])
    const tok = await fetch(`${url}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ grant_type: 'client_credentials', client_id: a.client_id, client_secret: a.client_secret, scope: 'read write follow push' }),
    })
    return { appToken: (await tok.json() as { access_token: string }).access_token }
  }
  const queues = ['default', 'media', 'previews'].map((lane) => new BullQueue(`jobs-${lane}`, { connection: { url: redis.url }, prefix }))

  return {
    nodes, lb, redisUrl: redis.url, prefix, sql,
    async addNode(r, more = {}) {
      const node = await startNode(`node${nodes.length + 1}`, { ...nodeEnv(nodes.length), PHARE_ROLES: r, ...more })
      nodes.push(node)
      return node
    },
    async signUp(username, url) {
      app ??= registerApp(url)
      const { appToken } = await app
      const res = await fetch(`${url}/api/v1/accounts`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${appToken}` },
        body: JSON.stringify({ username, email: `${username}@example.test`, password: `correct horse ${username}`, agreement: true, locale: 'en' }),
      })
      if (res.status !== 200) throw new Error(`sign-up of ${username} failed: ${res.status} ${await res.text()}`)
      const { access_token } = await res.json() as { access_token: string }
      const client = createRestAPIClient({ url, accessToken: access_token })
      const me = await client.v1.accounts.verifyCredentials()
      return { username, token: access_token, accountId: me.id, client }
    },
    clientAt: (p, url) => createRestAPIClient({ url, accessToken: p.token }),
    lane: (name) => queues[['default', 'media', 'previews'].indexOf(name)]!,
    async jobsLeft() {
      const rows = await sql.query('select count(*)::int as n from jobs where run_at <= $1', [Date.now()])
      let n = rows.rows[0].n as number
      for (const q of queues) {
        const c = await q.getJobCounts('waiting', 'active', 'prioritized')
        n += (c.waiting ?? 0) + (c.active ?? 0) + (c.prioritized ?? 0)
      }
      return n
    },
    async close() {
      await Promise.all(queues.map((q) => q.close()))
      await lb.stop()
      await Promise.all(nodes.map((n) => n.stop().catch(() => {})))
      await sql.end()
      await db.drop()
      await s3.close()
      await Promise.all([pgServer.close(), redis.close()])
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

/** Polls until `cond` holds (every `every` ms: conditions that call the API spend the person's rate limit). */
export async function waitFor(cond: () => boolean | Promise<boolean>, what: string, ms = 30_000, every = 100): Promise<void> {
  const until = Date.now() + ms
  while (!(await cond())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, every))
  }
}
