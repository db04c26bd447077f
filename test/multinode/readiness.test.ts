// /readyz tells a load balancer whether to send this node requests: not when the database
// or the shared Redis cannot be reached. (Draining after SIGTERM: roles.test.ts, on a process.)
import { describe, expect, it } from 'vitest'
import { freshPostgres, startServer } from '../support/server.ts'
import { testPostgres } from '../support/postgres.ts'
import { testRedis } from '../support/redis.ts'
import { waitFor } from './cluster-fixture.ts'

const readyz = async (url: string) => {
  const res = await fetch(`${url}/readyz`)
  return { status: res.status, body: await res.json() as { status: string; code?: string } }
}

describe('readiness', () => {
  it('is ready with PostgreSQL and Redis up, and answers 503 redis_unreachable once Redis is gone', async () => {
    const redis = await testRedis({ own: true })
    const server = await startServer({ PHARE_REDIS_URL: redis.url })
    try {
      expect(await readyz(server.url)).toEqual({ status: 200, body: { status: 'ok', database: server.ctx.dialect } })
      await redis.close()
      await waitFor(async () => (await readyz(server.url)).status === 503, 'readiness to fail', 20_000)
      expect((await readyz(server.url)).body).toMatchObject({ status: 'unavailable', code: 'redis_unreachable' })
      // alive all the same: a load balancer must not restart it for a Redis outage
      expect((await fetch(`${server.url}/livez`)).status).toBe(200)
    } finally {
      await server.close()
    }
  }, 60_000)

  it('answers 503 database_unreachable once PostgreSQL is gone', async () => {
    const pg = await testPostgres({ own: true })
    const db = await freshPostgres(pg.adminUrl)
    const server = await startServer({ PHARE_DATABASE_URL: db.url })
    try {
      expect((await readyz(server.url)).status).toBe(200)
      await pg.close()
      await waitFor(async () => (await readyz(server.url)).status === 503, 'readiness to fail', 20_000)
      expect((await readyz(server.url)).body).toMatchObject({ status: 'unavailable', code: 'database_unreachable' })
      expect((await fetch(`${server.url}/livez`)).status).toBe(200)
    } finally {
      await server.close().catch(() => {})
    }
  }, 60_000)
})
