// A real Phare on loopback for one test file: its own data directory (SQLite) or
// its own fresh PostgreSQL database when PHARE_TEST_DATABASE_URL names a server.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { loadConfig } from '../../packages/server/src/config.ts'
import { createContext, type AppContext } from '../../packages/server/src/context.ts'
import { buildApp } from '../../packages/server/src/app.ts'

export interface TestServer {
  url: string
  ctx: AppContext
  app: FastifyInstance
  close(): Promise<void>
}

/** The database a test server uses: "sqlite", or "postgres" when PHARE_TEST_DATABASE_URL is set. */
export const testDialect = process.env.PHARE_TEST_DATABASE_URL ? 'postgres' : 'sqlite'

async function freshPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `phare_t_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`CREATE DATABASE ${name}`)
  await admin.end()
  const u = new URL(adminUrl)
  u.pathname = `/${name}`
  return {
    url: u.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl })
      await c.connect()
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await c.end()
    },
  }
}

/** Starts Phare on 127.0.0.1 with a random port; `env` adds or overrides PHARE_* settings. */
export async function startServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-test-'))
  const pgdb = process.env.PHARE_TEST_DATABASE_URL ? await freshPostgres(process.env.PHARE_TEST_DATABASE_URL) : null
  const base = loadConfig({
    PHARE_PORT: '0', PHARE_HOST: '127.0.0.1', PHARE_DATA_DIR: dataDir, PHARE_LOG_LEVEL: 'warn',
    ...(pgdb ? { PHARE_DATABASE_URL: pgdb.url } : {}), ...env,
  })
  const ctx = await createContext(base)
  const app = await buildApp(ctx)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  const url = `http://127.0.0.1:${port}`
  // The public URL is only known once the port is: links in responses must point here.
  ctx.config.publicUrl = url
  ctx.queue.start()
  return {
    url, ctx, app,
    async close() {
      await app.close()
      await ctx.close()
      await pgdb?.drop()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
