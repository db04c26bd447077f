// API plans through a real server: third-party apps meet their plan's endpoints and quota,
// upgrades and trust lift them, and first-party clients (the web app's own client, trusted
// apps) are never refused for a plan reason, through every endpoint.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRestAPIClient } from 'masto'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, TEST_LIMITS, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { createUsageCounter } from '../packages/server/src/services/plans/usage.ts'
import { listRoutes } from './support/routes.ts'

const root = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'phare-plans-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** A server whose limits file is the test defaults plus `extra` (plans, defaultPlan). */
async function serverWith(extra: Record<string, unknown>, name: string): Promise<TestServer> {
  const file = join(dir, `${name}.json`)
  writeFileSync(file, JSON.stringify({ ...TEST_LIMITS, ...extra }))
  return startServer({ PHARE_LIMITS_FILE: file })
}

interface App { id: string; clientId: string; clientSecret: string }

/** Registers a developer's app on the developer page (the API behind it): such apps are on a plan. */
async function thirdPartyApp(server: TestServer, name: string, developer: Person): Promise<App> {
  const r = await api(server, developer.token, 'POST', '/api/v1/phare/developer/apps', { name, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' })
  expect(r.status).toBe(200)
  return { id: r.json.id, clientId: r.json.client_id, clientSecret: r.json.client_secret }
}

/** Registers an app as a Mastodon client does for itself on each install (POST /api/v1/apps). */
async function clientApp(server: TestServer, name: string): Promise<App> {
  const r = await api(server, null, 'POST', '/api/v1/apps', { client_name: name, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' })
  expect(r.status).toBe(200)
  return { id: r.json.id, clientId: r.json.client_id, clientSecret: r.json.client_secret }
}

/** A person's token for an app, through the password grant. */
async function tokenFor(server: TestServer, app: { clientId: string; clientSecret: string }, person: Person, scope = 'read write follow push'): Promise<string> {
  const r = await api(server, null, 'POST', '/oauth/token', {
    grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret,
    username: `${person.username}@example.test`, password: `correct horse ${person.username}`, scope,
  })
  expect(r.status).toBe(200)
  return r.json.access_token
}

function phare(args: string[], server: TestServer): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  const env = {
    ...base, PHARE_DATA_DIR: server.ctx.config.dataDir, PHARE_LIMITS_FILE: server.ctx.config.limitsFile!,
    ...(server.ctx.config.databaseUrl ? { PHARE_DATABASE_URL: server.ctx.config.databaseUrl } : {}),
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts', 'phare.mjs'), ...args], { env, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** Retries `fn` until it holds: a change made by the CLI reaches a running server within seconds. */
async function eventually(fn: () => Promise<boolean>, ms = 8000): Promise<void> {
  const until = Date.now() + ms
  while (!(await fn())) {
    if (Date.now() > until) throw new Error('the condition never held')
    await new Promise((r) => setTimeout(r, 250))
  }
}

describe('a third-party app on the free plan', () => {
  let server: TestServer
  let alice: Person
  beforeAll(async () => {
    server = await serverWith({ plans: { free: { requestsPer15Min: 25 } } }, 'free')
    alice = await signUp(server, 'alice')
  })
  afterAll(async () => { await server.close() })

  it('reads and posts, but search is outside its plan: 403 naming the plan, the endpoint and the upgrade', async () => {
    const app = await thirdPartyApp(server, 'Tooter', alice)
    const token = await tokenFor(server, app, alice)
    const client = createRestAPIClient({ url: server.url, accessToken: token })
    const post = await client.v1.statuses.create({ status: 'from a free app' })
    expect((await client.v1.statuses.$select(post.id).fetch()).content).toContain('from a free app')
    await client.v1.timelines.home.list()
    await expect(client.v2.search.list({ q: 'free' })).rejects.toMatchObject({ statusCode: 403 })
    const r = await api(server, token, 'GET', '/api/v2/search?q=free')
    expect(r.status).toBe(403)
    expect(r.json).toMatchObject({
      code: 'plan_endpoint_not_included', plan: 'free', endpoint: 'GET /api/v2/search',
      upgrade: { plan: 'basic', title: 'Basic' }, developer_page: `${server.url}/developers`,
    })
    expect(r.json.error).toContain('Free')
    expect(r.json.error).toContain('GET /api/v2/search')
  })

  it('its 15-minute quota is counted per app: 429 plan_quota_exceeded with Retry-After, while another app goes on', async () => {
    const app = await thirdPartyApp(server, 'Busy', alice)
    const token = await tokenFor(server, app, alice)
    const other = await tokenFor(server, await thirdPartyApp(server, 'Quiet', alice), alice)
    let last = await api(server, token, 'GET', '/api/v1/timelines/home')
    for (let i = 0; i < 30 && last.status === 200; i++) last = await api(server, token, 'GET', '/api/v1/timelines/home')
    expect(last.status).toBe(429)
    expect(last.json).toMatchObject({ code: 'plan_quota_exceeded', plan: 'free', endpoint: 'GET /api/v1/timelines/home', limit: 'plan-free-15m', quota: { requests: 25, window_s: 900 }, upgrade: { plan: 'basic' } })
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await api(server, other, 'GET', '/api/v1/timelines/home')).status).toBe(200)
    // The person is not limited: the web app's own client still works for them.
    const web = (await api(server, null, 'GET', '/api/v1/phare/web_client')).json
    const webToken = await tokenFor(server, { clientId: web.client_id, clientSecret: web.client_secret }, alice)
    expect((await api(server, webToken, 'GET', '/api/v1/timelines/home')).status).toBe(200)
  })

  it('an app moved to the basic plan by an admin (phare apps plan) can search', async () => {
    const app = await thirdPartyApp(server, 'Searcher', alice)
    const token = await tokenFor(server, app, alice)
    expect((await api(server, token, 'GET', '/api/v2/search?q=free')).status).toBe(403)
    const bad = await phare(['apps', 'plan', app.clientId, 'platinum'], server)
    expect(bad.code).toBe(1)
    expect(bad.stderr).toContain('free, basic, pro')
    const r = await phare(['apps', 'plan', app.clientId, 'basic'], server)
    expect(r.stderr).toBe('')
    expect(r.stdout).toContain('basic')
    await eventually(async () => (await api(server, token, 'GET', '/api/v2/search?q=free')).status === 200)
    const client = createRestAPIClient({ url: server.url, accessToken: token })
    expect((await client.v2.search.list({ q: 'alice', type: 'accounts' })).accounts.map((a) => a.username)).toContain('alice')
  })

  it('a Mastodon client that registers itself (POST /api/v1/apps) acts for the person signed in: no plan, it searches and streams; an admin may still put it on one', async () => {
    const app = await clientApp(server, 'Ivory')
    const token = await tokenFor(server, app, alice)
    const client = createRestAPIClient({ url: server.url, accessToken: token })
    expect((await client.v2.search.list({ q: 'alice', type: 'accounts' })).accounts.map((a) => a.username)).toContain('alice')
    // More than the free plan's 15-minute quota (25 here): only the person's own limits apply.
    for (let i = 0; i < 30; i++) expect((await api(server, token, 'GET', '/api/v1/timelines/home')).status).toBe(200)
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=user`, { headers: { authorization: `Bearer ${token}` } })
    const opened = await new Promise<boolean>((resolve) => { ws.once('open', () => resolve(true)); ws.once('error', () => resolve(false)) })
    ws.close()
    expect(opened).toBe(true)
    expect((await phare(['apps', 'plan', app.clientId, 'free'], server)).code).toBe(0)
    await eventually(async () => (await api(server, token, 'GET', '/api/v2/search?q=free')).status === 403)
  })

  it('an app an admin marks trusted (phare apps trust) meets no plan: no endpoint refusal, no quota', async () => {
    const app = await thirdPartyApp(server, 'Partner', alice)
    const token = await tokenFor(server, app, alice)
    const r = await phare(['apps', 'trust', app.clientId], server)
    expect(r.code).toBe(0)
    await eventually(async () => (await api(server, token, 'GET', '/api/v2/search?q=free')).status === 200)
    for (let i = 0; i < 40; i++) expect((await api(server, token, 'GET', '/api/v1/timelines/home')).status).toBe(200)
    expect((await phare(['apps', 'trust', 'no-such-client'], server)).code).toBe(1)
  })

  it('the developer endpoints register an app for its owner, show its plan, and count its requests per day', async () => {
    const created = await api(server, alice.token, 'POST', '/api/v1/phare/developer/apps', { name: 'My bot', redirect_uris: 'https://bot.example/cb', scopes: 'read write' })
    expect(created.status).toBe(200)
    expect(created.json).toMatchObject({ name: 'My bot', plan: { name: 'free' }, trusted: false, scopes: ['read', 'write'] })
    expect(created.json.client_secret).toBeTruthy()
    const listed = await api(server, alice.token, 'GET', '/api/v1/phare/developer/apps')
    expect(listed.json.map((a: { id: string }) => a.id)).toContain(created.json.id)
    expect(listed.json[0].client_secret).toBeUndefined()
    const token = await tokenFor(server, { clientId: created.json.client_id, clientSecret: created.json.client_secret }, alice, 'read write')
    for (let i = 0; i < 3; i++) expect((await api(server, token, 'GET', '/api/v1/timelines/home')).status).toBe(200)
    const usage = await api(server, alice.token, 'GET', `/api/v1/phare/developer/apps/${created.json.id}/usage`)
    expect(usage.json.days).toHaveLength(14)
    expect(usage.json.days.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), requests: 3 })
    const bob = await signUp(server, 'bob')
    expect((await api(server, bob.token, 'GET', `/api/v1/phare/developer/apps/${created.json.id}/usage`)).status).toBe(404)
    const plans = await api(server, null, 'GET', '/api/v1/phare/developer/plans')
    expect(plans.json).toMatchObject({ default_plan: 'free', plans: [{ name: 'free', requests_per_15_min: 25 }, { name: 'basic' }, { name: 'pro', endpoints: ['*'] }] })
  })
})

describe('usage counting', () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer() })
  afterAll(async () => { await server.close() })

  it('adds what was counted in memory to app_usage in batches, per app and hour', async () => {
    const counter = createUsageCounter(server.ctx.db, { flushMs: 60_000 })
    const hour = Date.UTC(2026, 0, 5, 10)
    for (let i = 0; i < 500; i++) counter.add(7, hour + i)
    counter.add(8, hour + 1)
    const rows = () => server.ctx.db.selectFrom('app_usage').selectAll().where('app_id', 'in', [7, 8]).orderBy('app_id').orderBy('hour').execute()
    expect(await rows()).toEqual([])
    await counter.flush()
    counter.add(7, hour + 3_600_000)
    for (let i = 0; i < 5; i++) counter.add(7, hour + 10)
    await counter.close()
    expect((await rows()).map((r) => [Number(r.app_id), Number(r.hour), Number(r.requests)])).toEqual([[7, hour, 505], [7, hour + 3_600_000, 1], [8, hour, 1]])
  })
})

describe('first-party clients and the strictest plan', () => {
  let server: TestServer
  let carol: Person
  let routes: { method: string; path: string }[]
  let legacyWeb: { clientId: string; clientSecret: string }
  beforeAll(async () => {
    // Every third-party app gets a plan that includes one endpoint and one request a day.
    server = await serverWith({ defaultPlan: 'tiny', plans: { tiny: { requestsPerDay: 1, requestsPer15Min: 1, endpoints: ['GET /api/v1/instance'] } } }, 'tiny')
    carol = await signUp(server, 'carol')
    // A browser that signed in before the server had its own web client registered the web app like any app.
    const r = await api(server, null, 'POST', '/api/v1/apps', { client_name: 'Phare Web', redirect_uris: `${server.url}/callback`, scopes: 'read write follow push' })
    legacyWeb = { clientId: r.json.client_id, clientSecret: r.json.client_secret }
    routes = listRoutes(server.app.printRoutes({ commonPrefix: false }))
      // long-lived streams answer by staying open; signing out would end the walk's own session
      .filter((r) => !/^\/api\/v1\/streaming\/(?!health)/.test(r.path) && r.path !== '/oauth/revoke')
  })
  afterAll(async () => { await server.close() })

  async function walk(token: string): Promise<{ route: string; status: number; code: string }[]> {
    const planRefusals: { route: string; status: number; code: string }[] = []
    for (const r of routes) {
      const path = r.path.replace(/:[A-Za-z_]+/g, '1').replace(/\*$/, 'x')
      const res = await fetch(`${server.url}${path}`, {
        method: r.method,
        headers: { authorization: `Bearer ${token}`, ...(r.method !== 'GET' && r.method !== 'DELETE' ? { 'content-type': 'application/json' } : {}) },
        body: r.method === 'GET' || r.method === 'DELETE' ? undefined : '{}',
        signal: AbortSignal.timeout(5000),
      })
      const text = await res.text()
      const code = /"code":"(plan_[a-z_]+)"/.exec(text)?.[1]
      if (code) planRefusals.push({ route: `${r.method} ${r.path}`, status: res.status, code })
    }
    return planRefusals
  }

  it('the web app’s own client is never refused for a plan reason, through every endpoint', async () => {
    expect(routes.length).toBeGreaterThan(80)
    const web = (await api(server, null, 'GET', '/api/v1/phare/web_client')).json
    expect(web).toMatchObject({ client_id: 'phare-web', redirect_uri: `${server.url}/callback` })
    const token = await tokenFor(server, { clientId: web.client_id, clientSecret: web.client_secret }, carol)
    expect(await walk(token)).toEqual([])
  })

  it('so is the web app of a browser that registered it before the server had its own client', async () => {
    await api(server, null, 'GET', '/api/v1/phare/web_client')
    expect(await walk(await tokenFor(server, legacyWeb, carol))).toEqual([])
  })

  it('a trusted app is never refused for a plan reason, through every endpoint', async () => {
    const app = await thirdPartyApp(server, 'Trusted partner', carol)
    await server.ctx.db.updateTable('apps').set({ trusted: 1 }).where('client_id', '=', app.clientId).execute()
    expect(await walk(await tokenFor(server, app, carol))).toEqual([])
  })

  it('while a third-party app on that plan is refused almost everywhere (the walk sees plan refusals)', async () => {
    const app = await thirdPartyApp(server, 'Scraper', carol)
    const refused = await walk(await tokenFor(server, app, carol))
    expect(refused.length).toBeGreaterThan(50)
    expect(refused.every((r) => (r.code === 'plan_endpoint_not_included' && r.status === 403) || (r.code === 'plan_quota_exceeded' && r.status === 429))).toBe(true)
  })
})
