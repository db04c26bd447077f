// What apps (Elk, Phanpy, Ivory, Tusky…) call when they start, and what web apps need from CORS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
let alice: Person, bob: Person
beforeAll(async () => {
  server = await startServer()
  ;[alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')])
})
afterAll(async () => { await server.close() })

describe('client start-up calls', () => {
  it('the empty collections answer [] with a valid token', async () => {
    for (const path of ['/api/v1/custom_emojis', '/api/v1/announcements', '/api/v1/filters', '/api/v2/filters', '/api/v1/followed_tags',
      '/api/v1/domain_blocks', '/api/v1/conversations', '/api/v1/suggestions', '/api/v2/suggestions', '/api/v1/endorsements', '/api/v1/trends/links']) {
      const r = await api(server, alice.token, 'GET', path)
      expect(r.status, path).toBe(200)
      expect(r.json, path).toEqual([])
    }
    expect(await alice.client.v1.customEmojis.list()).toEqual([])
    expect(await alice.client.v2.filters.list()).toEqual([])
  })

  it('personal collections need a token', async () => {
    for (const path of ['/api/v1/announcements', '/api/v2/filters', '/api/v1/conversations', '/api/v1/preferences', '/api/v1/push/subscription']) {
      expect((await api(server, null, 'GET', path)).status, path).toBe(401)
    }
    expect((await api(server, null, 'GET', '/api/v1/custom_emojis')).status).toBe(200)
  })

  it('preferences follow the account\'s posting defaults', async () => {
    await server.ctx.db.updateTable('users').set({ default_privacy: 'unlisted', default_sensitive: 1, default_language: 'fr' })
      .where('account_id', '=', Number(bob.accountId)).execute()
    const p = await api(server, bob.token, 'GET', '/api/v1/preferences')
    expect(p.json).toMatchObject({
      'posting:default:visibility': 'unlisted', 'posting:default:sensitive': true, 'posting:default:language': 'fr',
      'reading:expand:media': 'default', 'reading:expand:spoilers': false,
    })
  })

  it('push: no subscription reads as 404, subscribing says push is unavailable, unsubscribing succeeds', async () => {
    const get = await api(server, alice.token, 'GET', '/api/v1/push/subscription')
    expect(get.status).toBe(404)
    expect(get.json.error).toBe('Record not found')
    const post = await api(server, alice.token, 'POST', '/api/v1/push/subscription', {
      subscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'k', auth: 'a' } }, data: { alerts: { mention: true } },
    })
    expect(post.status).toBe(422)
    expect(post.json.code).toBe('push_unavailable')
    expect((await api(server, alice.token, 'DELETE', '/api/v1/push/subscription')).status).toBe(200)
  })
})

describe('trends and hashtags', () => {
  it('trending tags rank hashtags by how many people used them this week, with history', async () => {
    await alice.client.v1.statuses.create({ status: 'a #popular and #niche post' })
    await bob.client.v1.statuses.create({ status: 'also #Popular', visibility: 'public' })
    await alice.client.v1.statuses.create({ status: 'private #secretive', visibility: 'private' })
    const tags = await alice.client.v1.trends.tags.list()
    expect(tags.map((t) => t.name.toLowerCase())).toEqual(['popular', 'niche'])
    expect(tags[0].history![0]).toMatchObject({ uses: '2', accounts: '2' })
    expect(tags[0].history).toHaveLength(7)
    const anon = await api(server, null, 'GET', '/api/v1/trends/tags?limit=1')
    expect(anon.json.map((t: { name: string }) => t.name.toLowerCase())).toEqual(['popular'])
  })

  it('trending posts are recent public posts with favourites or reposts', async () => {
    const liked = await alice.client.v1.statuses.create({ status: 'like me' })
    await alice.client.v1.statuses.create({ status: 'nobody likes me' })
    await bob.client.v1.statuses.$select(liked.id).favourite()
    const posts = await api(server, null, 'GET', '/api/v1/trends/statuses')
    expect(posts.json.map((s: { id: string }) => s.id)).toEqual([liked.id])
  })

  it('a hashtag can be read by name, even one nobody used; an invalid name is 404', async () => {
    const tag = await alice.client.v1.tags.$select('POPULAR').fetch()
    expect(tag).toMatchObject({ name: 'popular', following: false })
    expect(tag.url).toBe(`${server.url}/tags/popular`)
    const fresh = await api(server, alice.token, 'GET', '/api/v1/tags/brandnew')
    expect(fresh.json).toMatchObject({ name: 'brandnew', following: false })
    expect(fresh.json.history).toEqual([])
    expect((await api(server, alice.token, 'GET', '/api/v1/tags/no%20spaces')).status).toBe(404)
  })
})

describe('CORS for web apps on other origins', () => {
  for (const path of ['/api/v1/timelines/home', '/oauth/token', '/.well-known/nodeinfo']) {
    it(`a preflight to ${path} is allowed and exposes the Link header`, async () => {
      const r = await fetch(`${server.url}${path}`, {
        method: 'OPTIONS',
        headers: { origin: 'https://elk.example', 'access-control-request-method': path === '/oauth/token' ? 'POST' : 'GET', 'access-control-request-headers': 'authorization, content-type' },
      })
      expect(r.status).toBeLessThan(300)
      expect(r.headers.get('access-control-allow-origin')).toBe('https://elk.example')
      expect(r.headers.get('access-control-allow-methods')).toMatch(path === '/oauth/token' ? /POST/ : /GET/)
      expect(r.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization')
      const actual = await fetch(`${server.url}${path}`, { headers: { origin: 'https://elk.example' } })
      expect(actual.headers.get('access-control-allow-origin')).toBe('https://elk.example')
      expect(actual.headers.get('access-control-expose-headers')).toContain('Link')
    })
  }
})
