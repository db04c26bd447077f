import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { inflateSync } from 'node:zlib'
import { openapiMode, startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { checkResponse } from './support/openapi.ts'

let server: TestServer
let alice: Person
beforeAll(async () => {
  server = await startServer({ PHARE_POST_MAX_CHARS: '1000', PHARE_POLL_MAX_OPTIONS: '6', PHARE_CONTACT_EMAIL: 'team@phare.example', PHARE_INSTANCE_TITLE: 'Lighthouse' })
  alice = await signUp(server, 'alice')
})
afterAll(async () => { await server.close() })

const domain = () => new URL(server.url).host

describe('instance', () => {
  it('v2 instance describes the server, its limits and its contact in Mastodon 4.2 shape', async () => {
    await server.ctx.db.updateTable('users').set({ role: 'admin' }).where('account_id', '=', Number(alice.accountId)).execute()
    server.ctx.cache.changed({ tokens: true })
    const i = await alice.client.v2.instance.fetch()
    expect(i.domain).toBe(domain())
    expect(i.title).toBe('Lighthouse')
    expect(i.version).toBe('4.2.0 (compatible; Phare 0.1.0)')
    expect(i.configuration.statuses).toEqual({ maxCharacters: 1000, maxMediaAttachments: 4, charactersReservedPerUrl: 23 })
    expect(i.configuration.polls).toEqual({ maxOptions: 6, maxCharactersPerOption: 50, minExpiration: 300, maxExpiration: 2629746 })
    expect(i.configuration.translation.enabled).toBe(false)
    expect(i.configuration.mediaAttachments.supportedMimeTypes).toContain('image/png')
    expect(i.registrations).toMatchObject({ enabled: true, approvalRequired: false, message: null })
    expect(i.contact.email).toBe('team@phare.example')
    expect(i.contact.account?.id).toBe(alice.accountId)
    expect(i.usage.users.activeMonth).toBe(1)
    expect(i.rules).toEqual([])
    expect(i.configuration.urls.streaming).toBe(server.url.replace('http', 'ws'))
  })

  it('v1 instance has the older shape, with counts of users and posts', async () => {
    await alice.client.v1.statuses.create({ status: 'hello' })
    const i = await alice.client.v1.instance.fetch()
    expect(i.uri).toBe(domain())
    expect(i.stats).toEqual({ userCount: 1, statusCount: 1, domainCount: 0 })
    expect(i.configuration.statuses.maxCharacters).toBe(1000)
    expect(i.registrations).toBe(true)
    expect(i.email).toBe('team@phare.example')
  })

  it('anyone may read the instance without a token', async () => {
    const r = await api(server, null, 'GET', '/api/v2/instance')
    expect(r.status).toBe(200)
    expect(r.json.api_versions.mastodon).toBe(1)
    expect((await api(server, null, 'GET', '/api/v1/instance')).status).toBe(200)
  })

  it('closed and approval registrations are announced with a message', async () => {
    for (const [mode, enabled, approval] of [['closed', false, false], ['approval', true, true]] as const) {
      const s = await startServer({ PHARE_REGISTRATIONS: mode })
      try {
        const r = await api(s, null, 'GET', '/api/v2/instance')
        expect(r.json.registrations).toMatchObject({ enabled, approval_required: approval })
        expect(typeof r.json.registrations.message).toBe('string')
        expect(r.json.contact.account).toBeNull()
        expect((await api(s, null, 'GET', '/api/v1/instance')).json).toMatchObject({ registrations: enabled, approval_required: approval })
      } finally { await s.close() }
    }
  })

  it('the small instance endpoints answer what a server without federation or rules has', async () => {
    expect((await api(server, null, 'GET', '/api/v1/instance/peers')).json).toEqual([])
    expect((await api(server, null, 'GET', '/api/v1/instance/rules')).json).toEqual([])
    expect((await api(server, null, 'GET', '/api/v1/instance/domain_blocks')).json).toEqual([])
    expect((await api(server, null, 'GET', '/api/v1/instance/translation_languages')).json).toEqual({})
    const about = await api(server, null, 'GET', '/api/v1/instance/extended_description')
    expect(about.json.content).toContain('<p>')
    const privacy = await api(server, null, 'GET', '/api/v1/instance/privacy_policy')
    expect(privacy.json.content).toContain('Lighthouse')
    const tos = await api(server, null, 'GET', '/api/v1/instance/terms_of_service')
    expect(tos.status).toBe(404)
  })

  it('activity counts this week\'s posts, sign-ins and sign-ups, newest week first', async () => {
    await alice.client.v1.statuses.create({ status: 'counted this week' })
    const weeks = (await api(server, null, 'GET', '/api/v1/instance/activity')).json as { week: string; statuses: string; logins: string; registrations: string }[]
    expect(weeks).toHaveLength(12)
    expect(Number(weeks[0].week)).toBeGreaterThan(Number(weeks[1].week))
    expect(Number(weeks[0].week) * 1000).toBeLessThanOrEqual(Date.now())
    expect(Number(weeks[0].statuses)).toBeGreaterThanOrEqual(1)
    expect(weeks[0]).toMatchObject({ registrations: '1', logins: '1' })
    expect(weeks[1]).toMatchObject({ statuses: '0', registrations: '0' })
  })
})

describe('discovery', () => {
  it('NodeInfo is linked from .well-known and counts users and local posts', async () => {
    const links = (await api(server, null, 'GET', '/.well-known/nodeinfo')).json
    expect(links.links.map((l: { href: string }) => l.href)).toEqual([`${server.url}/nodeinfo/2.0`, `${server.url}/nodeinfo/2.1`])
    const r = await fetch(`${server.url}/nodeinfo/2.0`)
    expect(r.headers.get('content-type')).toContain('application/json')
    const doc = await r.json() as any
    expect(doc).toMatchObject({ version: '2.0', software: { name: 'phare', version: '0.1.0' }, protocols: [], openRegistrations: true })
    expect(doc.usage.users).toEqual({ total: 1, activeMonth: 1, activeHalfyear: 1 })
    expect(doc.usage.localPosts).toBeGreaterThanOrEqual(1)
    expect((await api(server, null, 'GET', '/nodeinfo/2.1')).json.version).toBe('2.1')
  })

  it('WebFinger finds a local account by its acct: handle and links to it', async () => {
    const r = await fetch(`${server.url}/.well-known/webfinger?resource=${encodeURIComponent(`acct:alice@${domain()}`)}`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('application/jrd+json')
    const jrd = await r.json() as any
    expect(jrd.subject).toBe(`acct:alice@${domain()}`)
    expect(jrd.links).toContainEqual({ rel: 'self', type: 'application/activity+json', href: `${server.url}/users/alice` })
    expect(jrd.links).toContainEqual({ rel: 'http://webfinger.net/rel/profile-page', type: 'text/html', href: `${server.url}/@alice` })
  })

  it('WebFinger answers 404 for unknown people and other domains, 400 without a resource', async () => {
    expect((await api(server, null, 'GET', `/.well-known/webfinger?resource=acct:nobody@${domain()}`)).status).toBe(404)
    expect((await api(server, null, 'GET', '/.well-known/webfinger?resource=acct:alice@elsewhere.example')).status).toBe(404)
    const none = await api(server, null, 'GET', '/.well-known/webfinger')
    expect(none.status).toBe(400)
    expect(none.json.code).toBe('resource_missing')
  })

  it('host-meta points at WebFinger', async () => {
    const r = await fetch(`${server.url}/.well-known/host-meta`)
    expect(r.headers.get('content-type')).toContain('application/xrd+xml')
    expect(await r.text()).toContain(`template="${server.url}/.well-known/webfinger?resource={uri}"`)
  })

  it('the default avatar and header are real PNG images that caches may keep', async () => {
    const me = await alice.client.v1.accounts.verifyCredentials()
    for (const [url, width] of [[me.avatar, 400], [me.header, 1500]] as const) {
      const r = await fetch(url)
      expect(r.status).toBe(200)
      expect(r.headers.get('content-type')).toBe('image/png')
      expect(r.headers.get('cache-control')).toContain('max-age=31536000')
      const png = Buffer.from(await r.arrayBuffer())
      expect(png.subarray(1, 4).toString('ascii')).toBe('PNG')
      expect(png.readUInt32BE(16)).toBe(width)
      expect(inflateSync(png.subarray(41, 41 + png.readUInt32BE(33))).length).toBeGreaterThan(0)
    }
  })
})

describe('the OpenAPI contract check', () => {
  it('catches a response that lacks required fields and passes one that has them', async () => {
    const bad = checkResponse('GET', '/api/v2/instance', 200, { domain: 'x' })
    expect(bad?.template).toBe('/api/v2/instance')
    expect(bad?.errors.join('\n')).toContain("must have required property 'version'")
    const good = await api(server, null, 'GET', '/api/v2/instance')
    expect(checkResponse('GET', '/api/v2/instance', 200, good.json)).toBeNull()
    expect(checkResponse('GET', '/api/v1/accounts/search?q=a', 200, [{}])?.template).toBe('/api/v1/accounts/search')
    expect(checkResponse('GET', '/api/v2/instance', 404, {})).toBeNull()
  })

  it('a test server that served a response breaking the contract fails when it closes', async () => {
    const s = await startServer()
    s.violations.push({ method: 'GET', url: '/api/v2/instance', status: 200, template: '/api/v2/instance', errors: ["/ must have required property 'version'"] })
    if (openapiMode === 'strict') await expect(s.close()).rejects.toThrow(/break the Mastodon API contract[\s\S]*version/)
    else await s.close()
  })
})
