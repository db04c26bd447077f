// What the web app's settings do through Phare's own API: change the password, list and
// revoke sessions; and signing out of the sign-in pages' browser session.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, registerApp, signUp, type Person, type TestApp } from './support/people.ts'
import { Browser, hiddenFields } from './support/authorize.ts'

let server: TestServer
let app: TestApp

beforeAll(async () => {
  server = await startServer()
  app = await registerApp(server, 'Settings tests')
})
afterAll(async () => { await server.close() })

/** A token from the password grant, as a second device of the same person would hold. */
async function passwordToken(username: string, password = `correct horse ${username}`) {
  return api(server, null, 'POST', '/oauth/token', {
    grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret,
    username: `${username}@example.test`, password, scope: 'read write',
  })
}

/** A browser signed in on /oauth/authorize (its cookie session), standing at the consent page. */
async function signedInBrowser(username: string, password = `correct horse ${username}`) {
  const b = new Browser(server.url)
  const url = `/oauth/authorize?${new URLSearchParams({ client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code', scope: 'read' })}`
  const page = await b.request('GET', url)
  const signedIn = await b.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: `${username}@example.test`, password })
  expect(signedIn.status).toBe(303)
  const consent = await b.request('GET', signedIn.location!)
  expect(consent.html).not.toContain('type="password"')
  return { b, url }
}

const cookieHeader = (b: Browser) => [...b.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
const signOut = (b: Browser, headers: Record<string, string>) => fetch(`${server.url}/auth/sign_out`, {
  method: 'POST', redirect: 'manual',
  headers: { cookie: cookieHeader(b), 'content-type': 'application/x-www-form-urlencoded', ...headers }, body: '',
})

describe('changing the password', () => {
  let carol: Person
  beforeAll(async () => { carol = await signUp(server, 'carol') })

  it('refuses a wrong current password (wrong_password) and a short new one (validation_failed)', async () => {
    const wrong = await api(server, carol.token, 'POST', '/api/v1/phare/password', { current_password: 'not it at all', new_password: 'a brand new secret' })
    expect(wrong.status).toBe(422)
    expect(wrong.json.code).toBe('wrong_password')
    const short = await api(server, carol.token, 'POST', '/api/v1/phare/password', { current_password: 'correct horse carol', new_password: 'short' })
    expect(short.status).toBe(422)
    expect(short.json.code).toBe('validation_failed')
    expect((await passwordToken('carol')).status).toBe(200)
  })

  it('needs a signed-in person', async () => {
    const r = await api(server, null, 'POST', '/api/v1/phare/password', { current_password: 'x', new_password: 'y long enough' })
    expect(r.status).toBe(401)
    const appOnly = await api(server, app.appToken, 'POST', '/api/v1/phare/password', { current_password: 'x', new_password: 'y long enough' })
    expect(appOnly.status).toBe(401)
  })

  it('sets the new password, keeps the calling token, and revokes every other token and browser session', async () => {
    const other = (await passwordToken('carol')).json.access_token as string
    const { b, url } = await signedInBrowser('carol')
    expect((await api(server, other, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)

    const r = await api(server, carol.token, 'POST', '/api/v1/phare/password', { current_password: 'correct horse carol', new_password: 'a brand new secret' })
    expect(r.status).toBe(200)
    expect(r.json).toEqual({})

    expect((await carol.client.v1.accounts.verifyCredentials()).username).toBe('carol')
    expect((await api(server, other, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    expect((await passwordToken('carol')).json.code).toBe('invalid_grant')
    expect((await passwordToken('carol', 'a brand new secret')).status).toBe(200)
    // The browser must sign in again.
    expect((await b.request('GET', url)).html).toContain('type="password"')
  })
})

describe('sessions', () => {
  let dave: Person
  let erin: Person
  let second: string
  beforeAll(async () => {
    ;[dave, erin] = await Promise.all([signUp(server, 'dave'), signUp(server, 'erin')])
    second = (await passwordToken('dave')).json.access_token
  })

  it('lists the live tokens of the account with their app, the calling one marked current', async () => {
    const r = await api(server, dave.token, 'GET', '/api/v1/phare/sessions')
    expect(r.status).toBe(200)
    expect(r.headers.get('cache-control')).toBe('no-store')
    const sessions = r.json as { id: string; app: { name: string; website: string | null }; scopes: string[]; created_at: string; last_used_at: string | null; current: boolean }[]
    expect(sessions).toHaveLength(2)
    for (const s of sessions) {
      expect(s.id).toMatch(/^\d+$/)
      expect(new Date(s.created_at).toISOString()).toBe(s.created_at)
      expect(s).toHaveProperty('last_used_at')
    }
    expect(sessions.filter((s) => s.current)).toHaveLength(1)
    // Sign-up gave the first token (through the app people.ts registers); the password grant the second.
    expect(sessions.find((s) => s.current)!.app).toEqual({ name: 'Phare tests', website: null })
    expect(sessions.find((s) => !s.current)!.app).toEqual({ name: 'Settings tests', website: null })
    expect(sessions.find((s) => !s.current)!.scopes).toEqual(['read', 'write'])
    // The other device sees the same list with itself as current.
    const fromSecond = (await api(server, second, 'GET', '/api/v1/phare/sessions')).json as typeof sessions
    expect(fromSecond.map((s) => s.id).sort()).toEqual(sessions.map((s) => s.id).sort())
    expect(fromSecond.find((s) => s.current)!.id).toBe(sessions.find((s) => !s.current)!.id)
    // Nobody else's tokens, and no app-only token.
    const erins = (await api(server, erin.token, 'GET', '/api/v1/phare/sessions')).json as typeof sessions
    expect(erins).toHaveLength(1)
    expect(erins.map((s) => s.id)).not.toContain(sessions[0].id)
  })

  it('revokes one of the account’s tokens; someone else’s, unknown and already revoked ones are 404', async () => {
    const list = (await api(server, dave.token, 'GET', '/api/v1/phare/sessions')).json as { id: string; current: boolean }[]
    const target = list.find((s) => !s.current)!.id
    const erinsId = ((await api(server, erin.token, 'GET', '/api/v1/phare/sessions')).json as { id: string }[])[0].id

    expect((await api(server, dave.token, 'DELETE', `/api/v1/phare/sessions/${erinsId}`)).status).toBe(404)
    expect((await erin.client.v1.accounts.verifyCredentials()).username).toBe('erin')
    expect((await api(server, dave.token, 'DELETE', '/api/v1/phare/sessions/not-an-id')).status).toBe(404)

    const r = await api(server, dave.token, 'DELETE', `/api/v1/phare/sessions/${target}`)
    expect(r.status).toBe(200)
    expect(r.json).toEqual({})
    expect((await api(server, second, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    expect((await api(server, dave.token, 'DELETE', `/api/v1/phare/sessions/${target}`)).status).toBe(404)
    const after = (await api(server, dave.token, 'GET', '/api/v1/phare/sessions')).json as { id: string }[]
    expect(after.map((s) => s.id)).not.toContain(target)
  })

  it('revoking the current session signs that device out', async () => {
    const token = (await passwordToken('erin')).json.access_token as string
    const mine = ((await api(server, token, 'GET', '/api/v1/phare/sessions')).json as { id: string; current: boolean }[]).find((s) => s.current)!
    expect((await api(server, token, 'DELETE', `/api/v1/phare/sessions/${mine.id}`)).status).toBe(200)
    expect((await api(server, token, 'GET', '/api/v1/phare/sessions')).status).toBe(401)
  })
})

describe('signing out of the sign-in pages', () => {
  beforeAll(async () => { await signUp(server, 'frank') })

  it('ends the browser session and goes back to the app, so the next sign-in asks for the password', async () => {
    const { b, url } = await signedInBrowser('frank')
    const res = await signOut(b, { origin: server.url })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/')
    expect(res.headers.getSetCookie().some((c) => /^phare_session=;.*Max-Age=0/.test(c))).toBe(true)
    // Even with the old cookie replayed, the session is over on the server.
    expect((await b.request('GET', url)).html).toContain('type="password"')
  })

  it('refuses a sign-out posted from another site, or with no sign of where it came from', async () => {
    const { b, url } = await signedInBrowser('frank')
    for (const headers of [{ origin: 'https://evil.example' }, { 'sec-fetch-site': 'cross-site' }, { referer: 'https://evil.example/page' }, {}] as Record<string, string>[]) {
      const res = await signOut(b, headers)
      expect(res.status, JSON.stringify(headers)).toBe(403)
    }
    expect((await b.request('GET', url)).html).not.toContain('type="password"')
    // A same-origin form without an Origin header (older browsers) is recognised by Sec-Fetch-Site.
    expect((await signOut(b, { 'sec-fetch-site': 'same-origin' })).status).toBe(303)
    expect((await b.request('GET', url)).html).toContain('type="password"')
  })

  it('without a session it still answers with the way back', async () => {
    const res = await signOut(new Browser(server.url), { origin: server.url })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/')
  })
})
