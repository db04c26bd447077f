import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, registerApp, signUp } from './support/people.ts'

let server: TestServer
beforeAll(async () => { server = await startServer() })
afterAll(async () => { await server.close() })

describe('sign-up', () => {
  it('a person signs up with an app token and is signed in with the token it returns', async () => {
    const alice = await signUp(server, 'alice')
    const me = await alice.client.v1.accounts.verifyCredentials()
    expect(me.username).toBe('alice')
    expect(me.acct).toBe('alice')
    expect(me.source?.note).toBe('')
  })

  it('a taken username is refused with 422 and a machine-readable code, whatever its case', async () => {
    await signUp(server, 'bob')
    const app = await registerApp(server)
    const r = await api(server, app.appToken, 'POST', '/api/v1/accounts', { username: 'BOB', email: 'other@example.test', password: 'long enough pw', agreement: true })
    expect(r.status).toBe(422)
    expect(r.json.code).toBe('username_taken')
  })

  it('sign-up without an app token is refused with 401', async () => {
    const r = await api(server, null, 'POST', '/api/v1/accounts', { username: 'carol', email: 'c@example.test', password: 'long enough pw', agreement: true })
    expect(r.status).toBe(401)
  })

  it('a malformed body is answered 422 naming the field, never 500', async () => {
    const app = await registerApp(server)
    const r = await api(server, app.appToken, 'POST', '/api/v1/accounts', { username: 'dave', email: 'd@example.test', password: 12, agreement: 'maybe' })
    expect(r.status).toBe(422)
    expect(r.json.code).toBe('validation_failed')
  })

  it('the password grant signs a person in with e-mail and password, and refuses a wrong password', async () => {
    await signUp(server, 'erin')
    const app = await registerApp(server)
    const ok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'erin@example.test', password: 'correct horse erin', scope: 'read' })
    expect(ok.status).toBe(200)
    expect(ok.json.scope).toBe('read')
    const bad = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'erin@example.test', password: 'wrong' })
    expect(bad.status).toBe(400)
    expect(bad.json.error).toBe('invalid_grant')
  })

  it('client credentials in a Basic header work, and a malformed header is refused as an unknown client, not a 500', async () => {
    const app = await registerApp(server)
    const basic = (v: string) => fetch(`${server.url}/oauth/token`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(v).toString('base64')}` },
      body: JSON.stringify({ grant_type: 'client_credentials' }),
    })
    expect((await basic(`${app.clientId}:${app.clientSecret}`)).status).toBe(200)
    const bad = await basic('%E0%A4%A:%zz')
    expect(bad.status).toBe(401)
    expect(((await bad.json()) as { error: string }).error).toBe('invalid_client')
  })
})
