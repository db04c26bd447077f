// Feature flags end to end: the admin API (admins only), flags shared by every node on the
// database (a second server process, the CLI), a real flagged path, and the automatic rollback
// of issue 9: a flag that sends 10% of people to a path failing 20% of the time is returned to
// 0% by itself within the window, and nobody outside the cohort ever saw an error.
import { execFile, spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../packages/server/src/context.ts'
import { PhareError } from '../packages/server/src/errors.ts'
import { bucketOf } from '../packages/server/src/services/flags/evaluate.ts'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

const FLAKY = 'test.flaky-path'
const WINDOW_S = 20

const SLOW = 'test.slow-path'

/** Test-only routes: people in the flag's 'on' cohort take a new path that fails one time in five, or that is slow. */
function flakyRoute(app: FastifyInstance, ctx: AppContext) {
  let calls = 0
  app.get('/api/v1/phare/test/flaky', { preHandler: [ctx.auth.require('read')] }, async () => {
    if (await ctx.flags.isOn(FLAKY) && ++calls % 5 === 0) throw new PhareError('test_new_path_failed', 500, 'The new path failed')
    return { ok: true }
  })
  app.get('/api/v1/phare/test/slow', { preHandler: [ctx.auth.require('read')] }, async () => {
    if (await ctx.flags.isOn(SLOW)) await new Promise((r) => setTimeout(r, 600))
    return { ok: true }
  })
}

/** Sends requests to `path` as `people`, eight at a time, until `done()` or the deadline; returns every answer. */
async function load(server: TestServer, people: Person[], path: string, done: () => boolean, deadline: number) {
  const results: { person: Person; status: number }[] = []
  let next = 0
  const worker = async () => {
    while (!done() && Date.now() < deadline) {
      const person = people[next++ % people.length]!
      const r = await api(server, person.token, 'GET', path)
      results.push({ person, status: r.status })
    }
  }
  await Promise.all(Array.from({ length: 8 }, worker))
  return results
}

/** Polls the admin API until the flag is at 0%; returns when (0 if it never was before the deadline). */
async function rolledBack(server: TestServer, admin: Person, key: string, deadline: number): Promise<number> {
  while (Date.now() < deadline) {
    const r = await api(server, admin.token, 'GET', '/api/v1/phare/admin/flags')
    if (r.json.find((f: any) => f.key === key)?.percentage === 0) return Date.now()
    await new Promise((res) => setTimeout(res, 250))
  }
  return 0
}

/** Runs `phare args…` in its own process on the server's database, as an operator would. */
function phare(server: TestServer, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  const env = { ...base, PHARE_DATA_DIR: server.ctx.config.dataDir, ...(server.ctx.config.databaseUrl ? { PHARE_DATABASE_URL: server.ctx.config.databaseUrl } : {}) }
  return new Promise((resolve) => {
    execFile(process.execPath, [join(import.meta.dirname, '..', 'scripts', 'phare.mjs'), ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** `npm start` in another process on the test server's database: a second node. */
async function serverProcess(server: TestServer): Promise<{ url: string; stop(): Promise<void> }> {
  const port = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => { const p = (probe.address() as AddressInfo).port; probe.close(() => resolve(p)) })
  })
  const url = `http://127.0.0.1:${port}`
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  const child = spawn(process.execPath, [join(import.meta.dirname, '..', 'packages', 'server', 'src', 'main.ts')], {
    env: { ...base, PHARE_PORT: String(port), PHARE_HOST: '127.0.0.1', PHARE_PUBLIC_URL: url, PHARE_LOG_LEVEL: 'warn', PHARE_FLAGS_POLL_S: '1', PHARE_PREVIEWS: 'off',
      PHARE_DATA_DIR: server.ctx.config.dataDir, ...(server.ctx.config.databaseUrl ? { PHARE_DATABASE_URL: server.ctx.config.databaseUrl } : {}) },
    stdio: ['ignore', 'inherit', 'inherit'],
  })
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the second server exited with ${child.exitCode}`)
    if (await fetch(`${url}/api/v1/instance`).then((r) => r.ok, () => false)) break
    if (Date.now() > deadline) { child.kill('SIGKILL'); throw new Error('the second server did not start') }
    await new Promise((r) => setTimeout(r, 200))
  }
  return { url, async stop() { child.kill('SIGTERM'); await exited } }
}

const inCohort = (p: Person, percentage: number) => bucketOf(FLAKY, `account:${p.accountId}`) < percentage * 100

describe('feature flags', () => {
  let server: TestServer
  let admin: Person
  let bob: Person

  beforeAll(async () => {
    server = await startServer({
      PHARE_ROLLBACK_WINDOW_S: String(WINDOW_S), PHARE_ROLLBACK_MIN_REQUESTS: '30', PHARE_FLAGS_POLL_S: '1',
      // Load shedding answers 503 when this shared machine is slow: not the errors under test.
      PHARE_SHEDDING: 'off',
    }, { routes: [flakyRoute] })
    admin = await signUp(server, 'ada')
    bob = await signUp(server, 'bob')
    await server.ctx.db.updateTable('users').set({ role: 'admin' }).where('account_id', '=', Number(admin.accountId)).execute()
    server.ctx.cache.changed({ tokens: true })
  })
  afterAll(async () => { await server?.close() })

  let crowdOnce: Promise<Person[]> | null = null
  /** About 100 people, with enough of them in the 10% cohort of FLAKY for a fair test; signed up once. */
  const crowd = () => crowdOnce ??= (async () => {
    const list: Person[] = []
    while (list.length < 100 || list.filter((p) => inCohort(p, 10)).length < 5) {
      list.push(...await Promise.all(Array.from({ length: 10 }, (_, i) => signUp(server, `load${list.length + i}`))))
    }
    return list
  })()

  it('only admins may list, create, change flags or read their events', async () => {
    expect((await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'private.one', description: 'a flag' })).status).toBe(200)
    for (const [method, path, body] of [
      ['GET', '/api/v1/phare/admin/flags', undefined],
      ['POST', '/api/v1/phare/admin/flags', { key: 'bob.flag' }],
      ['PATCH', '/api/v1/phare/admin/flags/private.one', { percentage: 100 }],
      ['GET', '/api/v1/phare/admin/flags/events', undefined],
    ] as const) {
      const asBob = await api(server, bob.token, method, path, body)
      expect(asBob.status, `${method} ${path}`).toBe(403)
      expect(asBob.json.code).toBe('forbidden')
      expect((await api(server, null, method, path, body)).status, `${method} ${path} anonymously`).toBe(401)
    }
    const list = await api(server, admin.token, 'GET', '/api/v1/phare/admin/flags')
    expect(list.json.find((f: any) => f.key === 'private.one')).toMatchObject({ percentage: 0, enabled: true, version: 1 })
    expect(list.json.some((f: any) => f.key === 'bob.flag')).toBe(false)
  })

  it('refuses bad flags with a code, never a 500', async () => {
    expect((await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'Bad Key' })).json.code).toBe('validation_failed')
    expect((await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'x', percentage: 101 })).status).toBe(422)
    expect((await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'x', allow_list: ['@nobody_here'] })).json).toEqual({ code: 'validation_failed', error: 'Validation failed: allow_list names @nobody_here, who has no account here' })
    expect((await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'private.one' })).status).toBe(409)
    expect((await api(server, admin.token, 'PATCH', '/api/v1/phare/admin/flags/no.such.flag', { percentage: 5 })).status).toBe(404)
  })

  it('stages a real flagged path: the allow-list, then 100% including anonymous requests, with the same answer', async () => {
    const before = await (await fetch(`${server.url}/nodeinfo/2.0`)).json()
    const created = await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'instance.usage-sequential', allow_list: ['@bob'] })
    expect(created.json.allow_list).toEqual([{ id: bob.accountId, username: 'bob' }])
    const asBob = await fetch(`${server.url}/nodeinfo/2.0`, { headers: { authorization: `Bearer ${bob.token}` } })
    expect(await asBob.json()).toEqual(before)
    await api(server, admin.token, 'PATCH', '/api/v1/phare/admin/flags/instance.usage-sequential', { percentage: 100 })
    for (let i = 0; i < 3; i++) expect(await (await fetch(`${server.url}/nodeinfo/2.0`)).json()).toEqual(before)
    const list = await api(server, admin.token, 'GET', '/api/v1/phare/admin/flags')
    const f = list.json.find((x: any) => x.key === 'instance.usage-sequential')
    // The window was reset by the staging: these are the three anonymous requests, bucketed by address.
    expect(f.cohorts.on).toMatchObject({ requests: 3, errors: 0 })
    expect(f.analysis.verdict).toBe('insufficient')
  })

  it('rolls a failing flag back to 0% by itself within the window, and people outside the cohort saw no errors', async () => {
    const people = await crowd()
    const t0 = Date.now()
    const created = await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: FLAKY, percentage: 10, description: 'new path, fails 20%' })
    expect(created.status).toBe(200)

    let rolledBackAt = 0
    const deadline = t0 + 3 * WINDOW_S * 1000
    const [when, results] = await Promise.all([
      rolledBack(server, admin, FLAKY, deadline).then((t) => (rolledBackAt = t)),
      load(server, people, '/api/v1/phare/test/flaky', () => rolledBackAt > 0, deadline),
    ])
    rolledBackAt = when
    expect(rolledBackAt, 'the flag was rolled back').toBeGreaterThan(0)

    const events = await api(server, admin.token, 'GET', `/api/v1/phare/admin/flags/events?key=${FLAKY}`)
    const rollback = events.json.find((e: any) => e.kind === 'rolled_back')
    expect(rollback).toMatchObject({ flag_key: FLAKY, percentage: 0, actor: 'automatic rollback', automatic: true })
    expect(rollback.reason).toMatch(/^error rate \d+\.\d\d% on vs 0\.00% off/)
    expect(rollback.figures.on.errors).toBeGreaterThan(0)
    expect(rollback.figures.off).toMatchObject({ errors: 0 })
    expect(rollback.figures.on.requests).toBeGreaterThanOrEqual(30)
    expect(Date.parse(rollback.created_at) - t0, 'rolled back within the configured window').toBeLessThanOrEqual(WINDOW_S * 1000)

    const errors = results.filter((r) => r.status >= 500)
    const outside = results.filter((r) => !inCohort(r.person, 10))
    expect(errors.length).toBeGreaterThan(0)
    expect(results.every((r) => r.status === 200 || r.status === 500)).toBe(true)
    expect(errors.every((r) => inCohort(r.person, 10)), 'only the cohort met the failing path').toBe(true)
    expect(outside.length).toBeGreaterThan(100)
    expect(outside.filter((r) => r.status !== 200)).toEqual([])

    // Back at 0%: the cohort's people take the old path again and nothing fails.
    for (const p of people.filter((x) => inCohort(x, 10))) {
      for (let i = 0; i < 5; i++) expect((await api(server, p.token, 'GET', '/api/v1/phare/test/flaky')).status).toBe(200)
    }

    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(new RegExp(`^phare_flag_requests_total\\{flag="${FLAKY}",cohort="on",outcome="error"\\} [1-9]\\d*$`, 'm'))
    expect(metrics).toMatch(new RegExp(`^phare_flag_rollout_percent\\{flag="${FLAKY}"\\} 0$`, 'm'))
    expect(metrics).toMatch(new RegExp(`^phare_flag_rollbacks_total\\{flag="${FLAKY}"\\} 1$`, 'm'))
  }, 180_000)

  it('rolls back a flag whose people get far slower answers, naming the p99s', async () => {
    const people = await crowd()
    expect((await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: SLOW, percentage: 50 })).status).toBe(200)
    let at = 0
    const deadline = Date.now() + 3 * WINDOW_S * 1000
    await Promise.all([
      rolledBack(server, admin, SLOW, deadline).then((t) => (at = t)),
      load(server, people, '/api/v1/phare/test/slow', () => at > 0, deadline),
    ])
    expect(at, 'the flag was rolled back').toBeGreaterThan(0)
    const events = await api(server, admin.token, 'GET', `/api/v1/phare/admin/flags/events?key=${SLOW}`)
    const rollback = events.json.find((e: any) => e.kind === 'rolled_back')
    expect(rollback.reason).toMatch(/p99 latency \d+(\.\d)? ms on vs \d+(\.\d)? ms off/)
    expect(rollback.figures.on.p99Ms).toBeGreaterThanOrEqual(600)
  }, 180_000)

  it('a change made through one server is seen by a second server process on the same database, and back', async () => {
    const second = await serverProcess(server)
    try {
      const asSecond = (method: string, path: string, body?: unknown) => api({ ...server, url: second.url }, admin.token, method, path, body)
      await api(server, admin.token, 'POST', '/api/v1/phare/admin/flags', { key: 'shared.flag', percentage: 1 })
      await expect.poll(async () => (await asSecond('GET', '/api/v1/phare/admin/flags')).json.find?.((f: any) => f.key === 'shared.flag')?.percentage, { timeout: 15_000 }).toBe(1)
      await api(server, admin.token, 'PATCH', '/api/v1/phare/admin/flags/shared.flag', { percentage: 50 })
      await expect.poll(async () => (await asSecond('GET', '/api/v1/phare/admin/flags')).json.find((f: any) => f.key === 'shared.flag')?.percentage, { timeout: 15_000 }).toBe(50)
      expect((await asSecond('PATCH', '/api/v1/phare/admin/flags/shared.flag', { enabled: false, reason: 'kill switch from the second node' })).status).toBe(200)
      await expect.poll(() => server.ctx.flags.store.get('shared.flag')?.enabled, { timeout: 15_000 }).toBe(false)
      const events = await api(server, admin.token, 'GET', '/api/v1/phare/admin/flags/events?key=shared.flag')
      expect(events.json.map((e: any) => [e.kind, e.percentage, e.actor, e.reason])).toEqual([
        ['killed', 50, 'ada', 'kill switch from the second node'], ['staged', 50, 'ada', ''], ['created', 1, 'ada', ''],
      ])
    } finally {
      await second.stop()
    }
  }, 120_000)

  it('the CLI creates, stages, kills, lists and watches a flag, and running servers follow it', async () => {
    const created = await phare(server, ['flags', 'create', 'cli.flag', '--percentage', '1', '--allow', 'ada', '--description', 'from the shell'])
    expect(created.stderr).toBe('')
    expect(created.stdout).toMatch(/^Created cli\.flag\s+1%\s+v1\s+allow\s+1/)
    await expect.poll(() => server.ctx.flags.store.get('cli.flag')?.allowList, { timeout: 10_000 }).toEqual([admin.accountId])
    expect((await phare(server, ['flags', 'stage', 'cli.flag', '10'])).stdout).toMatch(/^cli\.flag is now at 10%/)
    await expect.poll(() => server.ctx.flags.store.get('cli.flag')?.percentage, { timeout: 10_000 }).toBe(10)
    expect((await phare(server, ['flags', 'kill', 'cli.flag', '--reason', 'paging'])).stdout).toMatch(/^cli\.flag is killed/)
    expect((await phare(server, ['flags', 'list'])).stdout).toMatch(/^cli\.flag\s+killed\s+v3/m)
    const watch = await phare(server, ['flags', 'watch', 'cli.flag', '--url', server.url, '--count', '1'])
    expect(watch.stdout).toMatch(/ created 1% by cli\n.* staged 10% by cli\n.* killed 10% by cli: paging\n.* cli\.flag killed v3  on 0 req, 0\.00% 5xx, p99 - \| off 0 req/)
    expect(await phare(server, ['flags', 'stage', 'no.such.flag', '10'])).toMatchObject({ code: 1, stderr: 'phare: there is no flag no.such.flag (phare flags list shows them)\n' })
    expect(await phare(server, ['flags', 'stage', 'cli.flag', '150'])).toMatchObject({ code: 1, stderr: 'phare: Validation failed: percentage must be a whole number from 0 to 100\n' })
    expect((await phare(server, ['flags', 'stage', 'cli.flag'])).code).toBe(2)
    expect((await phare(server, ['flags', 'toString'])).code).toBe(2)
  }, 120_000)
})
