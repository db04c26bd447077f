// No bad input is ever answered with a 500: every route, called with malformed ids,
// bodies and query strings, by an anonymous caller and by a signed-in person.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { startServer, type TestServer } from './support/server.ts'
import { signUp, type Person } from './support/people.ts'
import { listRoutes } from './support/routes.ts'

let server: TestServer
let alice: Person
let routes: { method: string; path: string }[] = []

beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
  await alice.client.v1.statuses.create({ status: 'a post to poke at' })
  routes = listRoutes(server.app.printRoutes({ commonPrefix: false }))
    // long-lived streams answer by staying open; they are tested in streaming.test.ts
    .filter((r) => !/^\/api\/v1\/streaming\/(?!health)/.test(r.path))
})
afterAll(async () => { await server?.close() })

const badIds = ['abc', '-1', '0', '99999999999999999999', '1.5', '%00', '%E0%A4%A', "1' OR '1'='1"]
const badBodies: unknown[] = [null, [], 'text', 42, { status: 12 }, { id: { $ne: 1 } }, { limit: -5, max_id: 'x' }, { status: 'nul\u0000byte', title: '\u0000', q: '\u0000' }, { ['a'.repeat(300)]: 'b'.repeat(5000) }]

async function call(method: string, path: string, token: string | null, body?: unknown, raw?: string) {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined || raw !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: method === 'GET' || body === undefined && raw === undefined ? undefined : raw ?? JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  })
  await res.arrayBuffer()
  return res.status
}

describe('bad input never gives a 500', () => {
  it('the route list is complete enough to be meaningful', () => {
    expect(routes.length).toBeGreaterThan(80)
    expect(routes).toContainEqual({ method: 'POST', path: '/api/v1/statuses' })
  })

  it('malformed path ids, anonymous and signed in', async () => {
    const failures: string[] = []
    for (const r of routes.filter((x) => x.path.includes(':'))) {
      for (const id of badIds) {
        const path = r.path.replace(/:[a-z_]+/g, id)
        for (const token of [null, alice.token]) {
          const status = await call(r.method, path, token, r.method === 'GET' ? undefined : {})
          if (status >= 500) failures.push(`${r.method} ${path} → ${status}`)
        }
      }
    }
    expect(failures).toEqual([])
  })

  it('malformed bodies and broken JSON on every writing route', async () => {
    const failures: string[] = []
    for (const r of routes.filter((x) => x.method !== 'GET')) {
      const path = r.path.replace(/:[a-z_]+/g, '1')
      for (const body of badBodies) {
        const status = await call(r.method, path, alice.token, body)
        if (status >= 500) failures.push(`${r.method} ${path} ${JSON.stringify(body).slice(0, 40)} → ${status}`)
      }
      const broken = await call(r.method, path, alice.token, undefined, '{"status": "unterminated')
      if (broken >= 500) failures.push(`${r.method} ${path} broken JSON → ${broken}`)
    }
    expect(failures).toEqual([])
  })

  it('random query strings on every reading route', async () => {
    const gets = routes.filter((x) => x.method === 'GET').map((r) => r.path.replace(/:[a-z_]+/g, '1'))
    const key = fc.constantFrom('limit', 'max_id', 'since_id', 'min_id', 'types[]', 'q', 'id[]', 'local', 'acct', 'offset', 'type', 'resource', 'timeline[]', 'stream', 'tag')
    const value = fc.oneof(fc.string({ maxLength: 30 }), fc.integer().map(String), fc.constantFrom('', 'true', '[]', '%', '-1', '1e99', 'a\u0000b'))
    await fc.assert(fc.asyncProperty(fc.constantFrom(...gets), fc.array(fc.tuple(key, value), { maxLength: 4 }), fc.boolean(), async (path, params, signedIn) => {
      const q = params.map(([k, v]) => `${encodeURIComponent(k).replace('%5B%5D', '[]')}=${encodeURIComponent(v)}`).join('&')
      const status = await call('GET', `${path}?${q}`, signedIn ? alice.token : null)
      return status < 500
    }), { numRuns: 300 })
  })
})
