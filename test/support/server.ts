// A real Phare on loopback for one test file: its own data directory (SQLite) or
// its own fresh PostgreSQL database when PHARE_TEST_DATABASE_URL names a server.
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { randomBytes } from 'node:crypto'
import type { FastifyInstance } from 'fastify'
import pg from 'pg'
import { loadConfig } from '../../packages/server/src/config.ts'
import { createContext, type AppContext } from '../../packages/server/src/context.ts'
import { buildApp, type AppOptions } from '../../packages/server/src/app.ts'
import { checkResponse, describeViolations, type Violation } from './openapi.ts'

export interface TestServer {
  url: string
  ctx: AppContext
  app: FastifyInstance
  /** JSON responses that did not match the Mastodon OpenAPI contract (see openapi.ts). */
  violations: Violation[]
  close(): Promise<void>
}

/**
 * What a contract violation does: `strict` (the default) makes close() throw, so the test file
 * fails; PHARE_TEST_OPENAPI=report only prints them; PHARE_TEST_OPENAPI=off skips the check.
 */
export const openapiMode = process.env.PHARE_TEST_OPENAPI === 'off' ? 'off' : process.env.PHARE_TEST_OPENAPI === 'report' ? 'report' : 'strict'

/** Records every JSON response of a route the contract describes that does not match its schema. */
function watchContract(app: FastifyInstance, violations: Violation[]): void {
  if (openapiMode === 'off') return
  app.addHook('onSend', async (req, reply, payload) => {
    const type = String(reply.getHeader('content-type') ?? '')
    if (!type.startsWith('application/json') || typeof payload !== 'string') return payload
    let body: unknown
    try { body = JSON.parse(payload) } catch { return payload }
    try {
      const v = checkResponse(req.method, req.url, reply.statusCode, body)
      if (v) violations.push(v)
    } catch (e) {
      violations.push({ method: req.method, url: req.url, status: reply.statusCode, template: '?', errors: [`contract check failed: ${(e as Error).message}`] })
    }
    return payload
  })
}

/** The database a test server uses: "sqlite", or "postgres" when PHARE_TEST_DATABASE_URL is set. */
export const testDialect = process.env.PHARE_TEST_DATABASE_URL ? 'postgres' : 'sqlite'

/** A fresh, empty PostgreSQL database on the test server; `drop` removes it. */
export async function freshPostgres(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
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
      // pg's Pool.end() resolves before its sockets have closed; forcing the drop at once kills
      // those connections and their clients raise "terminating connection" as unhandled errors.
      for (let attempt = 0; ; attempt++) {
        try {
          await c.query(`DROP DATABASE IF EXISTS ${name}${attempt >= 40 ? ' WITH (FORCE)' : ''}`)
          break
        } catch (e) {
          // 55006: still in use (retried, then forced); "checkpoint request failed" (XX000): the
          // server was busy writing a checkpoint on a loaded machine, retried a few times too.
          const code = (e as { code?: string }).code
          const busy = code === '55006' || /checkpoint request failed/.test(String((e as Error).message))
          if (!busy || attempt >= 40) throw e
          await new Promise((r) => setTimeout(r, code === '55006' ? 25 : 250))
        }
      }
      await c.end()
    },
  }
}

/**
 * The rate limits of test servers: every test person connects from 127.0.0.1, and a whole
 * test file behind one address is not one person, so the policies keyed by address are
 * raised here (visibly, through the operator's own PHARE_LIMITS_FILE); the per-account and
 * per-token ones stay as shipped. A test that passes PHARE_LIMITS_FILE uses its own file.
 */
export const TEST_LIMITS = {
  policies: {
    'requests-ip': { limit: 1_000_000 },
    'anonymous-ip': { limit: 100_000 },
    'search-ip': { limit: 100_000 },
    'sign-up-ip': { limit: 100_000 },
    'sign-in-ip': { limit: 100_000 },
    'streams-ip': { limit: 10_000 },
  },
}

/** Starts Phare on 127.0.0.1 with a random port; `env` adds or overrides PHARE_* settings, `options` go to buildApp. */
export async function startServer(env: Record<string, string> = {}, options: AppOptions = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'phare-test-'))
  const pgdb = process.env.PHARE_TEST_DATABASE_URL ? await freshPostgres(process.env.PHARE_TEST_DATABASE_URL) : null
  writeFileSync(join(dataDir, 'limits.json'), JSON.stringify(TEST_LIMITS))
  const base = loadConfig({
    PHARE_PORT: '0', PHARE_HOST: '127.0.0.1', PHARE_DATA_DIR: dataDir, PHARE_LOG_LEVEL: 'warn',
    // Tests post links to made-up domains: no lookups of them unless a test is about previews.
    PHARE_PREVIEWS: 'off',
    PHARE_LIMITS_FILE: join(dataDir, 'limits.json'),
    // Test servers sharing one Redis (scripts/with-redis.sh) must not hear each other's streams or run each other's jobs.
    PHARE_REDIS_PREFIX: `t${randomBytes(4).toString('hex')}`,
    ...(pgdb ? { PHARE_DATABASE_URL: pgdb.url } : {}), ...env,
  })
  const ctx = await createContext(base)
  const app = await buildApp(ctx, options)
  const violations: Violation[] = []
  watchContract(app, violations)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const addr = app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  const url = `http://127.0.0.1:${port}`
  // The public URL is only known once the port is: links in responses must point here.
  ctx.config.publicUrl = url
  ctx.queue.start()
  return {
    url, ctx, app, violations,
    async close() {
      await app.close()
      await ctx.close()
      await pgdb?.drop()
      rmSync(dataDir, { recursive: true, force: true })
      if (violations.length === 0) return
      const report = `Responses that break the Mastodon API contract (schema.json):\n${describeViolations(violations)}`
      if (process.env.PHARE_TEST_OPENAPI_LOG) appendFileSync(process.env.PHARE_TEST_OPENAPI_LOG, `${JSON.stringify(violations)}\n`)
      if (openapiMode === 'strict') throw new Error(report)
      console.warn(report)
    },
  }
}
