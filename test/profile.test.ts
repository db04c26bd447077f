// Profiles: editing one's own, reading others', finding them by handle.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, registerApp, signUp, type Person } from './support/people.ts'
import { approveAccount } from '../packages/server/src/services/accounts/approve.ts'

let server: TestServer
let alice: Person
let bob: Person
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
})
afterAll(async () => { await server.close() })

describe('editing one\'s profile', () => {
  it('a profile edit through the Mastodon client round-trips: name, bio, flags, fields and posting defaults', async () => {
    const me = await alice.client.v1.accounts.updateCredentials({
      displayName: 'Alice 🌻', note: 'Gardener.\n\nLikes <b>bees</b>.', locked: true, bot: false, discoverable: false,
      fieldsAttributes: [{ name: 'Web', value: 'https://alice.example' }, { name: 'Pronouns', value: 'she/her' }],
      source: { privacy: 'unlisted', sensitive: true, language: 'fr' },
    })
    expect(me.displayName).toBe('Alice 🌻')
    expect(me.note).toBe('<p>Gardener.</p><p>Likes &lt;b&gt;bees&lt;/b&gt;.</p>')
    expect(me.source.note).toBe('Gardener.\n\nLikes <b>bees</b>.')
    expect(me.locked).toBe(true)
    expect(me.discoverable).toBe(false)
    expect(me.fields.map((f) => [f.name, f.value])).toEqual([['Web', 'https://alice.example'], ['Pronouns', 'she/her']])
    expect(me.source.privacy).toBe('unlisted')
    expect(me.source.sensitive).toBe(true)
    expect(me.source.language).toBe('fr')
    const again = await alice.client.v1.accounts.verifyCredentials()
    expect(again.displayName).toBe('Alice 🌻')
    expect(again.source.fields.map((f) => f.name)).toEqual(['Web', 'Pronouns'])
    // Others see the same public profile.
    const seen = await bob.client.v1.accounts.$select(alice.accountId).fetch()
    expect(seen.displayName).toBe('Alice 🌻')
    expect(seen.locked).toBe(true)
    expect(seen.fields[1].value).toBe('she/her')
  })

  it('fields may come as an indexed form object (fields_attributes[0][name]) and blank rows are dropped', async () => {
    const form = new URLSearchParams({
      'fields_attributes[1][name]': 'Second', 'fields_attributes[1][value]': 'two',
      'fields_attributes[0][name]': 'First', 'fields_attributes[0][value]': 'one',
      'fields_attributes[2][name]': '', 'fields_attributes[2][value]': '',
      locked: '0',
    })
    const res = await fetch(`${server.url}/api/v1/accounts/update_credentials`, {
      method: 'PATCH', body: form, headers: { authorization: `Bearer ${bob.token}`, 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(200)
    const me = await res.json() as { fields: { name: string }[]; locked: boolean }
    expect(me.fields.map((f) => f.name)).toEqual(['First', 'Second'])
    expect(me.locked).toBe(false)
  })

  it('too long or too many values are refused with 422 naming the field, and nothing changes', async () => {
    const before = await bob.client.v1.accounts.verifyCredentials()
    const cases: [unknown, string][] = [
      [{ display_name: 'x'.repeat(31) }, 'display_name'],
      [{ note: 'n'.repeat(501) }, 'note'],
      [{ fields_attributes: [1, 2, 3, 4, 5].map((i) => ({ name: `f${i}`, value: 'v' })) }, 'fields_attributes'],
      [{ fields_attributes: [{ name: 'n'.repeat(256), value: 'v' }] }, 'fields_attributes.0.name'],
      [{ fields_attributes: { 0: { name: 'ok', value: 'v'.repeat(256) } } }, 'fields_attributes.0.value'],
      [{ locked: 'maybe' }, 'locked'],
      [{ source: { privacy: 'direct' } }, 'source.privacy'],
      [{ display_name: 'Fine', fields_attributes: 'oops' }, 'fields_attributes'],
    ]
    for (const [body, field] of cases) {
      const r = await api(server, bob.token, 'PATCH', '/api/v1/accounts/update_credentials', body)
      expect(r.status, JSON.stringify(body)).toBe(422)
      expect(r.json.code).toBe('validation_failed')
      expect(r.json.error).toContain(field)
    }
    const after = await bob.client.v1.accounts.verifyCredentials()
    expect(after.displayName).toBe(before.displayName)
    expect(after.fields).toEqual(before.fields)
  })

  it('a 30-character display name with emoji is accepted (characters, not bytes)', async () => {
    const name = '🐝'.repeat(30)
    const me = await bob.client.v1.accounts.updateCredentials({ displayName: name })
    expect(me.displayName).toBe(name)
  })

  it('an edit without a token is 401', async () => {
    const r = await api(server, null, 'PATCH', '/api/v1/accounts/update_credentials', { note: 'x' })
    expect(r.status).toBe(401)
  })
})

describe('reading accounts', () => {
  it('lookup finds an account by name, @name and name@this-domain, whatever the case', async () => {
    const domain = new URL(server.url).host
    for (const acct of ['alice', '@alice', `alice@${domain}`, 'ALICE']) {
      const a = await bob.client.v1.accounts.lookup({ acct })
      expect(a.id).toBe(alice.accountId)
    }
  })

  it('lookup of an unknown name or another server\'s handle is 404', async () => {
    expect((await api(server, null, 'GET', '/api/v1/accounts/lookup?acct=nobody')).status).toBe(404)
    expect((await api(server, null, 'GET', '/api/v1/accounts/lookup?acct=alice@elsewhere.example')).status).toBe(404)
  })

  it('an account is readable without a token; an unknown or malformed id is 404', async () => {
    const r = await api(server, null, 'GET', `/api/v1/accounts/${alice.accountId}`)
    expect(r.status).toBe(200)
    expect(r.json.username).toBe('alice')
    expect(r.json.acct).toBe('alice')
    expect((await api(server, null, 'GET', '/api/v1/accounts/123456789')).status).toBe(404)
    expect((await api(server, null, 'GET', '/api/v1/accounts/not-an-id')).status).toBe(404)
  })

  it('a suspended account is 404 everywhere it would be read', async () => {
    const carol = await signUp(server, 'carol')
    await server.ctx.db.updateTable('accounts').set({ suspended: 1 }).where('id', '=', Number(carol.accountId)).execute()
    server.ctx.cache.changed({ accounts: [Number(carol.accountId)], tokens: true })
    expect((await api(server, null, 'GET', `/api/v1/accounts/${carol.accountId}`)).status).toBe(404)
    expect((await api(server, null, 'GET', '/api/v1/accounts/lookup?acct=carol')).status).toBe(404)
    const many = await api(server, null, 'GET', `/api/v1/accounts?id[]=${carol.accountId}&id[]=${alice.accountId}`)
    expect(many.json.map((a: { username: string }) => a.username)).toEqual(['alice'])
  })

  it('several accounts are fetched at once in the order asked, unknown ids left out', async () => {
    const r = await api(server, null, 'GET', `/api/v1/accounts?id[]=${bob.accountId}&id[]=999&id[]=${alice.accountId}`)
    expect(r.status).toBe(200)
    expect(r.json.map((a: { username: string }) => a.username)).toEqual(['bob', 'alice'])
    const one = await api(server, null, 'GET', `/api/v1/accounts?id=${alice.accountId}`)
    expect(one.json.map((a: { username: string }) => a.username)).toEqual(['alice'])
  })
})

describe('registration modes', () => {
  it('with approval, a new account signs up but its token gets 403 account_pending until approved', async () => {
    const approval = await startServer({ PHARE_REGISTRATIONS: 'approval' })
    try {
      const app = await registerApp(approval)
      const noReason = await api(approval, app.appToken, 'POST', '/api/v1/accounts', { username: 'dora', email: 'dora@example.test', password: 'long enough pw', agreement: true })
      expect(noReason.status).toBe(422)
      const r = await api(approval, app.appToken, 'POST', '/api/v1/accounts', { username: 'dora', email: 'dora@example.test', password: 'long enough pw', agreement: true, reason: 'I garden.' })
      expect(r.status).toBe(200)
      const pending = await api(approval, r.json.access_token, 'GET', '/api/v1/accounts/verify_credentials')
      expect(pending.status).toBe(403)
      expect(pending.json.code).toBe('account_pending')
      const pw = await api(approval, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'dora@example.test', password: 'long enough pw' })
      expect(pw.json.code).toBe('account_pending')
      await approveAccount(approval.ctx, 'dora')
      expect((await api(approval, r.json.access_token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
    } finally {
      await approval.close()
    }
  })

  it('with closed registrations, sign-up is 403 registrations_closed', async () => {
    const closed = await startServer({ PHARE_REGISTRATIONS: 'closed' })
    try {
      const app = await registerApp(closed)
      const r = await api(closed, app.appToken, 'POST', '/api/v1/accounts', { username: 'eve', email: 'eve@example.test', password: 'long enough pw', agreement: true })
      expect(r.status).toBe(403)
      expect(r.json.code).toBe('registrations_closed')
    } finally {
      await closed.close()
    }
  })
})
