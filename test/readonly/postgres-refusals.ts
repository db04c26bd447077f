// PostgreSQL refuses writes: first because the database is made read-only
// (default_transaction_read_only, as a failover to a standby or an operator would), then
// because the tablespace holding Phare's tables is on a file system that fills up (a tmpfs
// the test mounts). Phare must turn read-only by itself (25006, 53100), keep serving reads,
// lose nothing it acknowledged, and take writes again by itself once PostgreSQL does.
// Part of disk-full.test.ts, run when PHARE_TEST_DATABASE_URL names a PostgreSQL server (scripts/with-postgres.sh)
// on this machine (the tablespace is a directory its server writes to).
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statfsSync, writeFileSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, TEST_LIMITS, type TestServer } from '../support/server.ts'
import { api, signUp, type Person } from '../support/people.ts'
import { until } from '../support/until.ts'

const adminUrl = process.env.PHARE_TEST_DATABASE_URL


async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: adminUrl })
  await c.connect()
  try { return await fn(c) } finally { await c.end() }
}

const dbName = (server: TestServer) => new URL(server.ctx.config.databaseUrl!).pathname.slice(1)

/** Ends Phare's connections, so that its pool opens new ones that see the database's new defaults. */
async function reconnect(server: TestServer): Promise<void> {
  await admin((c) => c.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [dbName(server)]))
  // the pool notices its idle connections were ended and drops them
  await new Promise((r) => setTimeout(r, 1000))
}

/** Declares the PostgreSQL scenarios (only when a PostgreSQL test server is given). */
export function describePostgresRefusals(): void {
  if (!adminUrl) return
  describe('PostgreSQL refuses writes', () => {
    let server: TestServer
    let alice: Person
    const acked: string[] = []

    beforeAll(async () => {
      server = await startServer()
      alice = await signUp(server, 'alice')
      acked.push((await alice.client.v1.statuses.create({ status: 'before' })).id)
    }, 60_000)
    afterAll(async () => {
      await admin((c) => c.query(`alter database ${dbName(server)} reset default_transaction_read_only`)).catch(() => {})
      await server?.close()
    })

    it('a database that turns read-only puts Phare in read-only mode (25006); reads go on; it leaves by itself when the database takes writes again', async () => {
      await admin((c) => c.query(`alter database ${dbName(server)} set default_transaction_read_only = on`))
      await reconnect(server)
      const refused = await until('the refusal', async () => {
        const r = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'while the database is read-only' })
        expect(r.status, JSON.stringify(r.json)).toBe(503)
        return r
      })
      expect(refused.json).toMatchObject({ code: 'read_only', reason: 'database_read_only' })
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)
      expect((await api(server, null, 'GET', '/api/v1/phare/read_only')).json).toMatchObject({ read_only: true, reason: 'database_read_only' })
      // reads go on
      expect((await alice.client.v1.timelines.home.list()).map((s) => s.id)).toContain(acked[0])
      // the probe keeps failing while the database refuses writes
      await new Promise((r) => setTimeout(r, 3000))
      expect((await api(server, null, 'GET', '/api/v1/phare/read_only')).json.read_only).toBe(true)

      await admin((c) => c.query(`alter database ${dbName(server)} reset default_transaction_read_only`))
      await reconnect(server)
      await until('writes to come back', async () => (await api(server, null, 'GET', '/api/v1/phare/read_only')).json.read_only === false)
      acked.push((await alice.client.v1.statuses.create({ status: 'after' })).id)
      for (const id of acked) expect((await alice.client.v1.statuses.$select(id).fetch()).id).toBe(id)
    }, 90_000)
  })

  describe('PostgreSQL on a full disk (its tablespace on a 32 MB tmpfs)', () => {
    const work = mkdtempSync(join(tmpdir(), 'phare-pgfull-'))
    const space = join(work, 'space')
    const filler = join(space, 'filler.bin')
    const name = `phare_full_${randomBytes(4).toString('hex')}`
    let server: TestServer
    let alice: Person
    const acked: string[] = []
    const free = () => { const s = statfsSync(space); return Number(s.bavail) * Number(s.bsize) }

    beforeAll(async () => {
      execFileSync('chmod', ['755', work])
      execFileSync('mkdir', ['-p', space])
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', space])
      execFileSync('chown', ['postgres', space])
      execFileSync('chmod', ['700', space])
      await admin(async (c) => {
        await c.query(`create tablespace ${name} location '${space}'`)
        await c.query(`create database ${name} tablespace ${name}`)
      })
      const u = new URL(adminUrl!)
      u.pathname = `/${name}`
      // One person posts until the disk is full: far more than the per-token limit allows in minutes.
      const limits = join(work, 'limits.json')
      writeFileSync(limits, JSON.stringify({ policies: { ...TEST_LIMITS.policies, ...Object.fromEntries(['requests-token', 'requests-account', 'writes-account-hour', 'writes-account-day'].map((p) => [p, { limit: 1_000_000 }])) } }))
      server = await startServer({ PHARE_DATABASE_URL: u.toString(), PHARE_LIMITS_FILE: limits })
      alice = await signUp(server, 'alice')
    }, 60_000)
    afterAll(async () => {
      await server?.close()
      await admin(async (c) => {
        await c.query(`drop database if exists ${name} with (force)`)
        await c.query(`drop tablespace if exists ${name}`)
      }).catch((e) => console.warn(`could not drop ${name}: ${(e as Error).message}`))
      try { execFileSync('umount', ['-l', space]) } catch { /* not mounted */ }
      rmSync(work, { recursive: true, force: true })
    })

    it('writes fill the tablespace: Phare turns read-only (53100) without losing anything acknowledged, and takes writes again once space is freed', async () => {
      // leave 512 KB, then post until PostgreSQL cannot extend a table
      const fd = openSync(filler, 'a')
      try {
        const chunk = Buffer.alloc(256 * 1024, 1)
        for (let f = free(); f > 512 * 1024; f = free()) writeSync(fd, chunk, 0, Math.min(chunk.length, f - 512 * 1024))
      } finally { closeSync(fd) }
      const others: string[] = []
      let refused: { json: any } | null = null
      for (let n = 0; n < 20_000 && !refused; n++) {
        const r = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: `post ${n} ${'x'.repeat(480)}` })
        if (r.status === 200) acked.push(r.json.id)
        else if (r.status === 503 && r.json.code === 'read_only') refused = r
        else others.push(`${r.status} ${JSON.stringify(r.json).slice(0, 200)}`)
      }
      console.log(`postgres disk-full: ${acked.length} posts acknowledged before the tablespace was full`)
      expect(others).toEqual([])
      expect(refused?.json).toMatchObject({ code: 'read_only', reason: 'disk_full' })
      expect((await alice.client.v1.timelines.home.list()).length).toBeGreaterThan(0)
      rmSync(filler)
      await until('writes to come back', async () => (await api(server, null, 'GET', '/api/v1/phare/read_only')).json.read_only === false)
      acked.push((await alice.client.v1.statuses.create({ status: 'space is back' })).id)
      const rows = await server.ctx.db.selectFrom('statuses').select('id').where('id', 'in', acked.map(Number)).execute()
      expect(rows.length).toBe(acked.length)
    }, 180_000)
  })
}
