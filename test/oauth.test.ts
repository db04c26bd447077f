// The OAuth 2 authorization-code flow with PKCE, done as a browser and an app would do it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOAuthAPIClient, createRestAPIClient } from 'masto'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp } from './support/people.ts'
import { Browser, hiddenFields, pkce } from './support/authorize.ts'

let server: TestServer
const REDIRECT = 'https://app.example/callback'

beforeAll(async () => {
  server = await startServer()
  await signUp(server, 'alice')
})
afterAll(async () => { await server.close() })

async function registerApp(scopes = 'read write', redirectUris = REDIRECT) {
  const r = await api(server, null, 'POST', '/api/v1/apps', { client_name: 'Tusk <for> "tests"', redirect_uris: redirectUris, scopes, website: 'https://tusk.example' })
  expect(r.status).toBe(200)
  return r.json as { client_id: string; client_secret: string }
}

function authorizeUrl(app: { client_id: string }, extra: Record<string, string> = {}) {
  return `/oauth/authorize?${new URLSearchParams({ client_id: app.client_id, redirect_uri: REDIRECT, response_type: 'code', scope: 'read write', state: 's t&ate', ...extra })}`
}

/** Signs in on the authorize page and answers the consent page; returns the browser and the consent response. */
async function signInAndConsent(app: { client_id: string }, extra: Record<string, string>, step: 'approve' | 'deny' = 'approve', password = 'correct horse alice') {
  const b = new Browser(server.url)
  const page = await b.request('GET', authorizeUrl(app, extra))
  expect(page.status).toBe(200)
  expect(page.headers.get('content-type')).toMatch(/text\/html/)
  const signedIn = await b.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: 'alice@example.test', password })
  expect(signedIn.status).toBe(303)
  const consent = await b.request('GET', signedIn.location!)
  expect(consent.status).toBe(200)
  const answer = await b.request('POST', '/oauth/authorize', { ...hiddenFields(consent.html), step })
  return { b, consent, answer }
}

async function codeFor(app: { client_id: string }, challenge: string) {
  const { answer } = await signInAndConsent(app, { code_challenge: challenge, code_challenge_method: 'S256' })
  expect(answer.status).toBe(303)
  const url = new URL(answer.location!)
  expect(`${url.origin}${url.pathname}`).toBe(REDIRECT)
  expect(url.searchParams.get('state')).toBe('s t&ate')
  return url.searchParams.get('code')!
}

const exchange = (app: { client_id: string; client_secret?: string }, code: string, verifier: string | undefined, redirectUri = REDIRECT) =>
  api(server, null, 'POST', '/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, code, code_verifier: verifier, redirect_uri: redirectUri })

describe('authorization code flow with PKCE', () => {
  it('a person signs in, approves the app, and the app exchanges the code for a token that works with the REST API', async () => {
    const app = await registerApp()
    const { verifier, challenge } = pkce()
    const { consent, answer } = await signInAndConsent(app, { code_challenge: challenge, code_challenge_method: 'S256' })
    // The consent page names the app (escaped) and what it asks for.
    expect(consent.html).toContain('Tusk &lt;for&gt; &quot;tests&quot;')
    expect(consent.html).not.toContain('Tusk <for>')
    expect(consent.html).toContain('@alice')
    expect(consent.html).toMatch(/read all your account data/)
    expect(consent.headers.get('x-frame-options')).toBe('DENY')
    const code = new URL(answer.location!).searchParams.get('code')!

    const oauth = createOAuthAPIClient({ url: server.url })
    const token = await oauth.token.create({
      grantType: 'authorization_code', clientId: app.client_id, clientSecret: app.client_secret, redirectUri: REDIRECT, code,
      codeVerifier: verifier,
    } as Parameters<typeof oauth.token.create>[0])
    expect(token.scope).toBe('read write')
    const client = createRestAPIClient({ url: server.url, accessToken: token.accessToken })
    const me = await client.v1.accounts.verifyCredentials()
    expect(me.username).toBe('alice')
  })

  it('the session cookie is HttpOnly and SameSite=Lax, and a signed-in browser goes straight to consent', async () => {
    const app = await registerApp()
    const { b } = await signInAndConsent(app, {}, 'deny')
    const again = await b.request('GET', authorizeUrl(app))
    expect(again.status).toBe(200)
    expect(again.html).toContain('Authorize')
    expect(again.html).not.toContain('type="password"')
    const raw = await new Browser(server.url).request('GET', authorizeUrl(app))
    expect(raw.headers.getSetCookie().join()).toMatch(/phare_csrf=[^;]+; Path=\/; HttpOnly; SameSite=Lax/)
    const fresh = new Browser(server.url)
    const page = await fresh.request('GET', authorizeUrl(app))
    const signedIn = await fresh.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: 'alice@example.test', password: 'correct horse alice' })
    expect(signedIn.headers.getSetCookie().join()).toMatch(/phare_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax/)
    // force_login asks for the password again even with a session.
    const forced = await fresh.request('GET', authorizeUrl(app, { force_login: 'true' }))
    expect(forced.html).toContain('type="password"')
  })

  it('a wrong code_verifier is refused, and the right one still works afterwards', async () => {
    const app = await registerApp()
    const { verifier, challenge } = pkce()
    const code = await codeFor(app, challenge)
    const wrong = await exchange(app, code, pkce().verifier)
    expect(wrong.status).toBe(400)
    expect(wrong.json.error).toBe('invalid_grant')
    const missing = await exchange(app, code, undefined)
    expect(missing.status).toBe(400)
    const ok = await exchange(app, code, verifier)
    expect(ok.status).toBe(200)
  })

  it('a code can be redeemed only once', async () => {
    const app = await registerApp()
    const { verifier, challenge } = pkce()
    const code = await codeFor(app, challenge)
    expect((await exchange(app, code, verifier)).status).toBe(200)
    const again = await exchange(app, code, verifier)
    expect(again.status).toBe(400)
    expect(again.json.error).toBe('invalid_grant')
  })

  it('a code is refused with a different redirect_uri, to another client, or after ten minutes', async () => {
    const app = await registerApp('read write', `${REDIRECT}\nhttps://app.example/other`)
    const other = await registerApp()
    const { verifier, challenge } = pkce()
    const code = await codeFor(app, challenge)
    expect((await exchange(app, code, verifier, 'https://app.example/other')).json.error).toBe('invalid_grant')
    expect((await exchange(other, code, verifier)).json.error).toBe('invalid_grant')
    await server.ctx.db.updateTable('oauth_codes').set({ expires_at: Date.now() - 1 }).where('used', '=', 0).execute()
    expect((await exchange(app, code, verifier)).json.error).toBe('invalid_grant')
  })

  it('a public client may redeem a PKCE code without its secret; without PKCE the secret is required', async () => {
    const app = await registerApp()
    const { verifier, challenge } = pkce()
    const code = await codeFor(app, challenge)
    expect((await exchange({ client_id: app.client_id }, code, verifier)).status).toBe(200)
    const { answer } = await signInAndConsent(app, {})
    const plainCode = new URL(answer.location!).searchParams.get('code')!
    expect((await exchange({ client_id: app.client_id }, plainCode, undefined)).status).toBe(401)
    expect((await exchange(app, plainCode, undefined)).status).toBe(200)
  })

  it('an unregistered redirect_uri or unknown client is shown as an error page, never redirected', async () => {
    const app = await registerApp()
    const b = new Browser(server.url)
    const evil = await b.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: app.client_id, redirect_uri: 'https://evil.example/steal', response_type: 'code' })}`)
    expect(evil.status).toBe(400)
    expect(evil.location).toBeNull()
    expect(evil.html).toContain('redirect_uri')
    const unknown = await b.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: 'nope', redirect_uri: REDIRECT, response_type: 'code' })}`)
    expect(unknown.status).toBe(400)
    expect(unknown.location).toBeNull()
  })

  it('only S256 is accepted as a PKCE method; the app is told with invalid_request', async () => {
    const app = await registerApp()
    const r = await new Browser(server.url).request('GET', authorizeUrl(app, { code_challenge: 'x'.repeat(43), code_challenge_method: 'plain' }))
    expect(r.status).toBe(302)
    const url = new URL(r.location!)
    expect(url.searchParams.get('error')).toBe('invalid_request')
    expect(url.searchParams.get('state')).toBe('s t&ate')
  })

  it('a scope the app did not register is refused with invalid_scope', async () => {
    const app = await registerApp('read')
    const r = await new Browser(server.url).request('GET', authorizeUrl(app, { scope: 'read write' }))
    expect(new URL(r.location!).searchParams.get('error')).toBe('invalid_scope')
  })

  it('denying sends the person back to the app with error=access_denied', async () => {
    const app = await registerApp()
    const { answer } = await signInAndConsent(app, {}, 'deny')
    expect(answer.status).toBe(303)
    const url = new URL(answer.location!)
    expect(url.searchParams.get('error')).toBe('access_denied')
    expect(url.searchParams.get('code')).toBeNull()
    expect(url.searchParams.get('state')).toBe('s t&ate')
  })

  it('a wrong password shows the form again with an error and starts no session', async () => {
    const app = await registerApp()
    const b = new Browser(server.url)
    const page = await b.request('GET', authorizeUrl(app))
    const r = await b.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: 'alice@example.test', password: 'wrong password' })
    expect(r.status).toBe(422)
    expect(r.html).toContain('Invalid e-mail address or password')
    expect(b.cookies.has('phare_session')).toBe(false)
  })

  it('forms without the right CSRF token are refused', async () => {
    const app = await registerApp()
    const b = new Browser(server.url)
    const page = await b.request('GET', authorizeUrl(app))
    const forged = await new Browser(server.url).request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: 'alice@example.test', password: 'correct horse alice' })
    expect(forged.status).toBe(403)
    const signedIn = await b.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: 'alice@example.test', password: 'correct horse alice' })
    const consent = await b.request('GET', signedIn.location!)
    const tampered = await b.request('POST', '/oauth/authorize', { ...hiddenFields(consent.html), authenticity_token: 'guess', step: 'approve' })
    expect(tampered.status).toBe(403)
    expect(tampered.location).toBeNull()
  })

  it('the out-of-band redirect URI shows the code on a page', async () => {
    const app = await registerApp('read', 'urn:ietf:wg:oauth:2.0:oob')
    const b = new Browser(server.url)
    const page = await b.request('GET', `/oauth/authorize?${new URLSearchParams({ client_id: app.client_id, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code', scope: 'read' })}`)
    const signedIn = await b.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: 'alice@example.test', password: 'correct horse alice' })
    const consent = await b.request('GET', signedIn.location!)
    const shown = await b.request('POST', '/oauth/authorize', { ...hiddenFields(consent.html), step: 'approve' })
    expect(shown.status).toBe(200)
    const code = /<code id="code">([^<]+)<\/code>/.exec(shown.html)![1]
    const tok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'authorization_code', client_id: app.client_id, client_secret: app.client_secret, code, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob' })
    expect(tok.status).toBe(200)
    expect(tok.json.scope).toBe('read')
  })
})

describe('tokens and apps', () => {
  async function passwordToken(app: { client_id: string; client_secret: string }, scope: string) {
    const r = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.client_id, client_secret: app.client_secret, username: 'alice@example.test', password: 'correct horse alice', scope })
    expect(r.status).toBe(200)
    return r.json.access_token as string
  }

  it('a revoked token is answered 401, and revoking an unknown token is still 200', async () => {
    const app = await registerApp()
    const token = await passwordToken(app, 'read')
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
    const oauth = createOAuthAPIClient({ url: server.url })
    await oauth.revoke({ clientId: app.client_id, clientSecret: app.client_secret, token })
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    const unknown = await api(server, null, 'POST', '/oauth/revoke', { client_id: app.client_id, client_secret: app.client_secret, token: 'no-such-token' })
    expect(unknown.status).toBe(200)
    expect(unknown.json).toEqual({})
  })

  it("an app cannot revoke another app's token", async () => {
    const app = await registerApp()
    const other = await registerApp()
    const token = await passwordToken(app, 'read')
    const r = await api(server, null, 'POST', '/oauth/revoke', { client_id: other.client_id, client_secret: other.client_secret, token })
    expect(r.status).toBe(403)
    expect(r.json.error).toBe('unauthorized_client')
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
  })

  it('a read-only token gets 403 scope_missing on a write endpoint', async () => {
    const app = await registerApp()
    const token = await passwordToken(app, 'read')
    const r = await api(server, token, 'PATCH', '/api/v1/accounts/update_credentials', { display_name: 'Nope' })
    expect(r.status).toBe(403)
    expect(r.json.code).toBe('scope_missing')
  })

  it('apps/verify_credentials names the app of the token without its secret', async () => {
    const app = await registerApp()
    const token = await passwordToken(app, 'read')
    const client = createRestAPIClient({ url: server.url, accessToken: token })
    const me = await client.v1.apps.verifyCredentials()
    expect(me.name).toBe('Tusk <for> "tests"')
    expect(me).not.toHaveProperty('clientSecret')
    expect((await api(server, null, 'GET', '/api/v1/apps/verify_credentials')).status).toBe(401)
  })

  it('the authorization server metadata lists the endpoints and S256 only', async () => {
    const r = await api(server, null, 'GET', '/.well-known/oauth-authorization-server')
    expect(r.status).toBe(200)
    expect(r.json.issuer).toBe(`${server.url}/`)
    expect(r.json.authorization_endpoint).toBe(`${server.url}/oauth/authorize`)
    expect(r.json.token_endpoint).toBe(`${server.url}/oauth/token`)
    expect(r.json.revocation_endpoint).toBe(`${server.url}/oauth/revoke`)
    expect(r.json.app_registration_endpoint).toBe(`${server.url}/api/v1/apps`)
    expect(r.json.code_challenge_methods_supported).toEqual(['S256'])
    expect(r.json.response_types_supported).toEqual(['code'])
    expect(r.json.grant_types_supported).toContain('authorization_code')
    expect(r.json.scopes_supported).toContain('write:accounts')
  })

  it('a profile-scoped token reads who signed in (userinfo, verify_credentials) and changes nothing', async () => {
    const app = await registerApp('read write profile')
    const token = await passwordToken(app, 'profile')
    const r = await api(server, token, 'GET', '/oauth/userinfo')
    expect(r.status).toBe(200)
    expect(r.json.preferred_username).toBe('alice')
    expect(r.json.sub).toBe(`${server.url}/users/alice`)
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
    expect((await api(server, token, 'GET', '/api/v1/accounts/lookup?acct=alice')).status).toBe(200)
    expect((await api(server, token, 'PATCH', '/api/v1/accounts/update_credentials', { note: 'x' })).json.code).toBe('scope_missing')
  })
})
