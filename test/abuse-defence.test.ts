// The abuse defence through a real server: who is shed first under pressure, the
// proof-of-work challenge as an API client solves it, and slowloris clients cut off.
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { registerApp, signUp, type Person } from './support/people.ts'
import { solve } from '../packages/server/src/services/shedding/challenge.ts'

const from = (ip: string, token?: string) => ({ 'x-forwarded-for': ip, ...(token ? { authorization: `Bearer ${token}` } : {}) })

async function get(server: TestServer, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${server.url}${path}`, { headers })
  return { status: res.status, headers: res.headers, body: await res.json().catch(() => null) as Record<string, any> | null }
}

async function metric(server: TestServer, line: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const m = text.split('\n').find((l) => l.startsWith(line + ' '))
  return m ? Number(m.slice(line.length + 1)) : NaN
}

describe('priority load shedding', () => {
  let server: TestServer
  let alice: Person
  beforeAll(async () => {
    server = await startServer({ PHARE_CHALLENGE: 'off' })
    server.app.shedding.tarpitMs = 0 // measured by its own test below
    alice = await signUp(server, 'alice')
    await alice.client.v1.statuses.create({ status: 'hello', visibility: 'public' })
  })
  afterAll(async () => { server.app.shedding.pressure.force(null); await server.close() })

  it('serves everyone while the server is not under pressure', async () => {
    expect(server.app.shedding.pressure.level()).toBe(0)
    expect((await get(server, '/api/v1/timelines/public')).status).toBe(200)
    expect(await metric(server, 'phare_pressure_level')).toBe(0)
  })

  it('sheds in priority order: anonymous expensive, anonymous, signed-in reads, and signed-in writes last', async () => {
    const expected: [number, Record<string, number>][] = [
      [1, { anonExpensive: 503, anonRead: 200, personRead: 200, personWrite: 200 }],
      [2, { anonExpensive: 503, anonRead: 503, personRead: 200, personWrite: 200 }],
      [3, { anonExpensive: 503, anonRead: 503, personRead: 200, personWrite: 200 }],
      [4, { anonExpensive: 503, anonRead: 503, personRead: 503, personWrite: 200 }],
      [5, { anonExpensive: 503, anonRead: 503, personRead: 503, personWrite: 503 }],
    ]
    for (const [level, want] of expected) {
      server.app.shedding.pressure.force(level)
      const got = {
        anonExpensive: (await get(server, '/api/v1/timelines/public', from('198.51.100.9'))).status,
        anonRead: (await get(server, `/api/v1/accounts/${alice.accountId}`, from('198.51.100.9'))).status,
        personRead: (await get(server, '/api/v1/timelines/home', from('198.51.100.10', alice.token))).status,
        personWrite: (await fetch(`${server.url}/api/v1/statuses`, {
          method: 'POST', headers: { ...from('198.51.100.10', alice.token), 'content-type': 'application/json' }, body: JSON.stringify({ status: `at level ${level}` }),
        })).status,
      }
      expect({ level, ...got }).toEqual({ level, ...want })
    }
    server.app.shedding.pressure.force(null)
  })

  it('answers 503 with Retry-After and a JSON error, counted in /metrics by class', async () => {
    server.app.shedding.pressure.force(1)
    const before = await metric(server, 'phare_shed_requests_total{class="anonymous-expensive"}')
    const res = await get(server, '/api/v2/search?q=hello', from('198.51.100.11'))
    server.app.shedding.pressure.force(null)
    expect(res.status).toBe(503)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect(res.body).toMatchObject({ code: 'overloaded' })
    expect(res.body!.what_to_do).toMatch(/signed-in people are served first/)
    expect(await metric(server, 'phare_shed_requests_total{class="anonymous-expensive"}')).toBe(before + 1)
  })

  it('holds anonymous refusals for a while under pressure (a flooder waits), never signed-in ones', async () => {
    server.app.shedding.tarpitMs = 800
    server.app.shedding.pressure.force(5)
    try {
      let t = Date.now()
      expect((await get(server, '/api/v1/timelines/public', from('198.51.100.12'))).status).toBe(503)
      expect(Date.now() - t).toBeGreaterThanOrEqual(750)
      t = Date.now()
      expect((await get(server, '/api/v1/timelines/home', from('198.51.100.13', alice.token))).status).toBe(503)
      expect(Date.now() - t).toBeLessThan(750)
    } finally {
      server.app.shedding.pressure.force(null)
      server.app.shedding.tarpitMs = 0
    }
  })

  it('never sheds probes, metrics or the web app document', async () => {
    server.app.shedding.pressure.force(5)
    try {
      expect((await fetch(`${server.url}/livez`)).status).toBe(200)
      expect((await fetch(`${server.url}/metrics`)).status).toBe(200)
      expect((await fetch(`${server.url}/`)).status).toBe(200)
    } finally { server.app.shedding.pressure.force(null) }
  })
})

describe('the proof-of-work challenge for API clients', () => {
  let server: TestServer
  let alice: Person
  let appToken: string
  beforeAll(async () => {
    server = await startServer()
    alice = await signUp(server, 'alice')
    appToken = (await registerApp(server, 'Other app')).appToken
    server.ctx.config.challenge = 'on'
    server.app.shedding.tarpitMs = 0
  })
  afterAll(async () => { server.ctx.config.challenge = 'auto'; await server.close() })

  it('challenges anonymous requests with 429, a code and the parameters to solve it', async () => {
    const res = await get(server, '/api/v1/timelines/public', from('203.0.113.5'))
    expect(res.status).toBe(429)
    expect(res.body).toMatchObject({ code: 'challenge_required', challenge: { algorithm: 'sha-256', difficulty: 14, submit: '/api/v1/phare/challenge' } })
  })

  it('lets a client through once it solved the challenge, with the cookie it was given, from its own address only', async () => {
    const { challenge } = (await get(server, '/api/v1/timelines/public', from('203.0.113.6'))).body!
    const solution = solve(challenge.token, challenge.difficulty)
    const res = await fetch(`${server.url}/api/v1/phare/challenge`, {
      method: 'POST', headers: { ...from('203.0.113.6'), 'content-type': 'application/json' }, body: JSON.stringify({ token: challenge.token, solution }),
    })
    expect(res.status).toBe(200)
    const setCookie = res.headers.get('set-cookie')!
    expect(setCookie).toMatch(/^phare_pass=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=3\d{3}$/)
    const cookie = setCookie.split(';')[0]!
    expect((await get(server, '/api/v1/timelines/public', { ...from('203.0.113.6'), cookie })).status).toBe(200)
    expect((await get(server, '/api/v1/timelines/public', { ...from('203.0.113.99'), cookie })).status).toBe(429)
    const again = await fetch(`${server.url}/api/v1/phare/challenge`, {
      method: 'POST', headers: { ...from('203.0.113.6'), 'content-type': 'application/json' }, body: JSON.stringify({ token: challenge.token, solution }),
    })
    expect(again.status).toBe(422)
  })

  it('a pass one node issued is good on every node of the same database (the signing key is shared)', async () => {
    const shared = { PHARE_DATA_DIR: server.ctx.config.dataDir, ...(server.ctx.config.databaseUrl ? { PHARE_DATABASE_URL: server.ctx.config.databaseUrl } : {}) }
    const other = await startServer(shared)
    try {
      other.ctx.config.challenge = 'on'
      const { challenge } = (await get(other, '/api/v1/timelines/public', from('203.0.113.7'))).body!
      const res = await fetch(`${other.url}/api/v1/phare/challenge`, {
        method: 'POST', headers: { ...from('203.0.113.7'), 'content-type': 'application/json' }, body: JSON.stringify({ token: challenge.token, solution: solve(challenge.token, challenge.difficulty) }),
      })
      const cookie = res.headers.get('set-cookie')!.split(';')[0]!
      expect((await get(server, '/api/v1/timelines/public', from('203.0.113.7'))).status).toBe(429)
      expect((await get(server, '/api/v1/timelines/public', { ...from('203.0.113.7'), cookie })).status).toBe(200)
    } finally { await other.close() }
  })

  it('never challenges signed-in people or API tokens', async () => {
    expect((await get(server, '/api/v1/timelines/public', from('203.0.113.7', alice.token))).status).toBe(200)
    expect((await get(server, '/api/v1/timelines/public', from('203.0.113.7', appToken))).status).toBe(200)
    const statuses = await alice.client.v1.timelines.home.list()
    expect(Array.isArray(statuses)).toBe(true)
  })

  it('gives a browser the challenge page, with a policy that allows its own scripts only', async () => {
    const res = await fetch(`${server.url}/@alice`, { headers: { ...from('203.0.113.8'), accept: 'text/html' } })
    expect(res.status).toBe(429)
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'; script-src 'self'; worker-src 'self'/)
    const html = await res.text()
    expect(html).toMatch(/data-difficulty="14"/)
    expect(html).not.toMatch(/<script>|https?:\/\//)
  })

  it('counts challenged requests in /metrics by reason', async () => {
    expect(await metric(server, 'phare_challenged_requests_total{reason="operator"}')).toBeGreaterThanOrEqual(3)
    expect(await metric(server, 'phare_challenge_solutions_total{outcome="accepted"}')).toBe(1)
  })

  it('switches itself on under pressure (auto) with a harder puzzle as pressure rises', async () => {
    server.ctx.config.challenge = 'auto'
    try {
      expect((await get(server, '/api/v1/timelines/public', from('203.0.113.9'))).status).toBe(200)
      server.app.shedding.pressure.force(3)
      const res = await get(server, '/api/v1/timelines/public', from('203.0.113.9'))
      expect(res.status).toBe(429)
      expect(res.body!.challenge.difficulty).toBe(18)
      expect(await metric(server, 'phare_challenged_requests_total{reason="pressure"}')).toBe(1)
    } finally {
      server.app.shedding.pressure.force(null)
      server.ctx.config.challenge = 'on'
    }
  })
})

describe('connection hygiene', () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer({ PHARE_HEADERS_TIMEOUT_S: '2' }) })
  afterAll(async () => { await server.close() })

  it('cuts off slowloris clients that send their headers byte by byte, while serving others', async () => {
    const port = Number(new URL(server.url).port)
    const request = 'GET /api/v1/instance HTTP/1.1\r\nHost: localhost\r\nX-Padding: ' + 'a'.repeat(500) + '\r\n\r\n'
    const sockets: Socket[] = []
    const closed = Array.from({ length: 20 }, () => new Promise<{ ms: number; answer: string }>((resolve) => {
      const started = Date.now()
      const s = connect(port, '127.0.0.1')
      sockets.push(s)
      let answer = ''
      let i = 0
      const drip = setInterval(() => { if (!s.destroyed && i < request.length) s.write(request[i++]!) }, 100)
      s.on('data', (d) => { answer += d.toString() })
      s.on('error', () => {})
      s.on('close', () => { clearInterval(drip); resolve({ ms: Date.now() - started, answer }) })
    }))
    // Others are served meanwhile.
    for (let i = 0; i < 5; i++) {
      expect((await fetch(`${server.url}/api/v1/instance`)).status).toBe(200)
      await new Promise((r) => setTimeout(r, 300))
    }
    const results = await Promise.all(closed)
    for (const r of results) {
      expect(r.ms).toBeLessThan(5000)
      expect(r.answer === '' || r.answer.startsWith('HTTP/1.1 408')).toBe(true)
    }
    sockets.forEach((s) => s.destroy())
  }, 20_000)

  it('refuses bodies over the limit with 413 and a code', async () => {
    const res = await fetch(`${server.url}/api/v1/apps`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_name: 'x'.repeat(1_100_000) }),
    })
    expect(res.status).toBe(413)
    expect(await res.json()).toMatchObject({ code: 'payload_too_large' })
  })
})
