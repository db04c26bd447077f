// Rate limits through a real server: what a flooder, a bystander and a person in good standing see.
// With scripts/with-redis.sh (PHARE_TEST_REDIS_URL) the counters live in that Redis.
import { execFile } from 'node:child_process'
import { randomInt } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createRestAPIClient } from 'masto'
import { Redis } from 'ioredis'
import WebSocket from 'ws'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, TEST_LIMITS, type TestServer } from './support/server.ts'
import { signUp, type Person } from './support/people.ts'

const root = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'phare-limits-'))
const redisUrl = process.env.PHARE_TEST_REDIS_URL
// Addresses of our own each run, so that runs sharing one Redis do not share counters.
const someIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`

/** A server whose limits file is the test defaults plus `policies`. */
async function serverWith(policies: Record<string, unknown>): Promise<TestServer> {
  const file = join(dir, `limits-${randomInt(1e9)}.json`)
  writeFileSync(file, JSON.stringify({ policies: { ...TEST_LIMITS.policies, ...policies } }))
  return startServer({ PHARE_LIMITS_FILE: file, ...(redisUrl ? { PHARE_REDIS_URL: redisUrl } : {}) })
}

const from = (ip: string, token?: string) => ({ 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) })

afterAll(() => rmSync(dir, { recursive: true, force: true }))

describe('a flood from one address', () => {
  let server: TestServer
  let alice: Person
  beforeAll(async () => {
    server = await serverWith({ 'anonymous-ip': { limit: 60, window: '10m' } })
    alice = await signUp(server, 'alice')
  })
  afterAll(async () => { await server.close() })

  it('is refused with 429, the headers, Retry-After and a body naming the limit, when it resets and what to do', async () => {
    const flooder = someIp()
    const remaining: number[] = []
    for (let i = 0; i < 60; i++) {
      const res = await fetch(`${server.url}/api/v1/timelines/public`, { headers: from(flooder) })
      expect(res.status).toBe(200)
      expect(res.headers.get('ratelimit-policy')).toMatch(/^"anonymous-ip";q=60;w=600, "requests-ip";q=1000000;w=300$/)
      remaining.push(Number(res.headers.get('x-ratelimit-remaining')))
      await res.arrayBuffer()
    }
    expect(remaining).toEqual(Array.from({ length: 60 }, (_, i) => 59 - i))
    const res = await fetch(`${server.url}/api/v1/timelines/public`, { headers: from(flooder) })
    expect(res.status).toBe(429)
    const body = await res.json() as Record<string, unknown>
    expect(body).toMatchObject({ code: 'rate_limited', limit: 'anonymous-ip', retry_after: 10 })
    expect(body.error).toMatch(/the "anonymous-ip" limit allows 60 requests per 10m per network address/)
    expect(body.what_to_do).toMatch(/^Wait 10 seconds before trying again\. .*signing in lifts it/)
    expect(Date.parse(body.reset_at as string)).toBeGreaterThan(Date.now())
    expect(res.headers.get('retry-after')).toBe('10')
    expect(res.headers.get('ratelimit')).toMatch(/^"anonymous-ip";r=0;t=\d+, "requests-ip";r=\d+;t=\d+$/)
    expect(res.headers.get('x-ratelimit-limit')).toBe('60')
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0')
    expect(res.headers.get('x-ratelimit-reset')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    // A web app on another origin can read the refusal (CORS headers are set before the limits refuse).
    const cors = await fetch(`${server.url}/api/v1/timelines/public`, { headers: { ...from(flooder), origin: 'https://elk.example' } })
    expect(cors.status).toBe(429)
    expect(cors.headers.get('access-control-allow-origin')).toBe('https://elk.example')
    // Another address is unaffected.
    expect((await fetch(`${server.url}/api/v1/timelines/public`, { headers: from(someIp()) })).status).toBe(200)
    // So is a signed-in person in good standing at the flooding address, through a real Mastodon client.
    const client = createRestAPIClient({ url: server.url, accessToken: alice.token, requestInit: { headers: from(flooder) } })
    const status = await client.v1.statuses.create({ status: 'still here', visibility: 'public' })
    expect((await client.v1.timelines.public.list({ limit: 5 })).map((s) => s.id)).toContain(status.id)
  })

  it('a person\'s writes carry the write policies in the headers', async () => {
    const res = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST', headers: { ...from(someIp(), alice.token), 'content-type': 'application/json' }, body: JSON.stringify({ status: 'headers' }),
    })
    expect(res.status).toBe(200)
    const policy = res.headers.get('ratelimit-policy')!
    expect(policy).toContain('"writes-account-hour";q=600;w=3600')
    expect(policy).toContain('"writes-account-day";q=5000;w=86400')
    expect(policy).toContain('"requests-token";q=300;w=300')
  })

  it('keeps its counters in Redis when PHARE_REDIS_URL is set', async () => {
    if (!redisUrl) { expect(server.ctx.config.redisUrl).toBe(null); return }
    const redis = new Redis(redisUrl)
    expect((await redis.keys('phare:rl:anonymous-ip:*')).length).toBeGreaterThan(0)
    redis.disconnect()
  })
})

describe('a policy in shadow mode', () => {
  it('counts and reports what it would refuse, and refuses nothing', async () => {
    const server = await serverWith({ 'writes-account-hour': { limit: 3, shadow: true } })
    try {
      const bob = await signUp(server, 'bob')
      for (let i = 0; i < 6; i++) await bob.client.v1.statuses.create({ status: `post ${i}` })
      expect(server.ctx.limits.stats()['writes-account-hour']).toMatchObject({ refused: 0, shadowRefused: 3 })
      const metrics = await (await fetch(`${server.url}/metrics`)).text()
      expect(metrics).toContain('phare_rate_limit_requests_total{policy="writes-account-hour",outcome="shadow_refused"} 3')
      const res = await fetch(`${server.url}/api/v1/statuses`, {
        method: 'POST', headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'one more' }),
      })
      expect(res.status).toBe(200)
      expect(res.headers.get('ratelimit-policy')).not.toContain('writes-account-hour')
    } finally { await server.close() }
  })
})

describe('streaming connections', () => {
  it('are capped per address, over WebSocket and event streams alike, and a closed one frees its place', async () => {
    const server = await serverWith({ 'streams-ip': { limit: 4 } })
    const ip = someIp()
    const sse = () => { const ac = new AbortController(); return fetch(`${server.url}/api/v1/streaming/public`, { headers: from(ip), signal: ac.signal }).then((res) => ({ res, ac })) }
    try {
      const open = [await sse(), await sse(), await sse()]
      expect(open.map((o) => o.res.status)).toEqual([200, 200, 200])
      const ws = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=public`, { headers: from(ip) })
      await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject))
      const refused = await sse()
      expect(refused.res.status).toBe(429)
      expect(await refused.res.json()).toMatchObject({ code: 'rate_limited', limit: 'streams-ip', retry_after: 5 })
      const extra = new WebSocket(`${server.url.replace('http', 'ws')}/api/v1/streaming?stream=public`, { headers: from(ip) })
      const [code, reason] = await new Promise<[number, string]>((resolve) => extra.on('close', (c, r) => resolve([c, String(r)])))
      expect(code).toBe(1008)
      expect(reason).toMatch(/"streams-ip" limit allows 4 connections at once per network address/)
      open[0]!.ac.abort()
      await expect.poll(async () => { const again = await sse(); again.ac.abort(); return again.res.status }, { timeout: 5000 }).toBe(200)
      ws.close()
      for (const o of open.slice(1)) o.ac.abort()
      await expect.poll(() => server.ctx.limits.heldConnections(), { timeout: 5000 }).toBe(0)
    } finally { await server.close() }
  })
})

/** Runs a command of ours with only the PHARE_* settings given. */
function run(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  return new Promise((resolve) => {
    execFile(process.execPath, args, { env: { ...base, ...env }, timeout: 60_000, cwd: root }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

describe('limits an operator gets wrong', () => {
  it('a limits file that would lock new accounts out stops the start with a message naming the policy and the fix', async () => {
    const file = join(dir, 'bad.json')
    writeFileSync(file, JSON.stringify({ policies: { 'writes-account-hour': { limit: 20 } } }))
    const r = await run([join(root, 'packages/server/src/main.ts')], { PHARE_LIMITS_FILE: file, PHARE_DATA_DIR: join(dir, 'data'), PHARE_PORT: '0' })
    expect(r.code).toBe(78)
    expect(r.stderr).toMatch(/PHARE_LIMITS_FILE: policy "writes-account-hour" allows 20 requests per 1h per account, but a new account's first hour needs \d+ within 1h .*raise its limit to at least \d+/)
  })

  it('`phare limits check` prints the policies and what a heavy day uses of them', async () => {
    const r = await run([join(root, 'scripts/phare.mjs'), 'limits', 'check'], {})
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^The rate limits are valid: the defaults \(no PHARE_LIMITS_FILE\); counters are kept in this process\./)
    expect(r.stdout).toMatch(/writes-account-hour +write +account +600\/1h +enforced +\d+ \(\d+%\)/)
    expect(r.stdout).toMatch(/Refused: none\./)
  })
})
