// Signing in: the throttle on password guessing (the authorize page and the password grant),
// and the sign-in and consent pages in the reader's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, registerApp, signUp, type TestApp } from './support/people.ts'
import { hiddenFields } from './support/authorize.ts'
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_ADDRESS, SIGN_IN_WINDOW_MS } from '../packages/server/src/services/accounts/sign-in-throttle.ts'

let server: TestServer
let app: TestApp

beforeAll(async () => {
  server = await startServer()
  app = await registerApp(server, 'Sign-in tests')
})
afterAll(async () => { await server.close() })

/** The password grant from network address `ip` (the server trusts X-Forwarded-For, as behind its proxy). */
async function grant(username: string, password: string, ip: string) {
  const res = await fetch(`${server.url}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': ip },
    body: JSON.stringify({ grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: `${username}@example.test`, password, scope: 'read' }),
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), json: await res.json() as Record<string, unknown> }
}

/** A browser that opens the authorize page and posts the sign-in form, with its language and address. */
async function pageSignIn(username: string, password: string, headers: Record<string, string> = {}) {
  const query = new URLSearchParams({ client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code', scope: 'read' })
  const first = await fetch(`${server.url}/oauth/authorize?${query}`, { headers })
  const cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
  const form = { ...hiddenFields(await first.text()), email: `${username}@example.test`, password }
  const res = await fetch(`${server.url}/oauth/authorize`, {
    method: 'POST', redirect: 'manual',
    headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  })
  return { status: res.status, retryAfter: res.headers.get('retry-after'), html: await res.text() }
}

/** Moves every counted failure `ms` into the past, as if time had passed. */
const age = (ms: number) => server.ctx.db.updateTable('sign_in_failures').set((eb) => ({ created_at: eb('created_at', '-', ms) })).execute()
const forgetAll = () => server.ctx.db.deleteFrom('sign_in_failures').execute()

describe('sign-in throttle', () => {
  beforeAll(async () => {
    for (const name of ['gina', 'hugo', 'iris', 'jack', 'kate']) await signUp(server, name)
  })

  it(`after ${MAX_FAILURES_PER_ACCOUNT} wrong passwords an account is refused for a while, from any address, even with the right password`, async () => {
    await forgetAll()
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const r = await grant('gina', `wrong ${i}`, `198.51.100.${i + 1}`)
      expect(r.status, `attempt ${i + 1}`).toBe(400)
      expect(r.json.error).toBe('invalid_grant')
    }
    const blocked = await grant('gina', 'correct horse gina', '198.51.100.200')
    expect(blocked.status).toBe(429)
    expect(blocked.json.code).toBe('too_many_attempts')
    expect(blocked.json.error).toBe('Too many failed sign-in attempts. Try again in 15 minutes.')
    const retry = Number(blocked.retryAfter)
    expect(retry).toBeGreaterThan(SIGN_IN_WINDOW_MS / 1000 - 60)
    expect(retry).toBeLessThanOrEqual(SIGN_IN_WINDOW_MS / 1000)
    // Another account from the same addresses is not affected.
    expect((await grant('hugo', 'correct horse hugo', '198.51.100.1')).status).toBe(200)
  })

  it('the wait ends when the oldest failures leave the 15-minute window', async () => {
    await forgetAll()
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) await grant('iris', `wrong ${i}`, '192.0.2.10')
    expect((await grant('iris', 'correct horse iris', '192.0.2.10')).status).toBe(429)
    await age(SIGN_IN_WINDOW_MS - 60_000)
    const still = await grant('iris', 'correct horse iris', '192.0.2.10')
    expect(still.status).toBe(429)
    expect(still.json.error).toBe('Too many failed sign-in attempts. Try again in 1 minute.')
    expect(Number(still.retryAfter)).toBeLessThanOrEqual(60)
    await age(60_000)
    expect((await grant('iris', 'correct horse iris', '192.0.2.10')).status).toBe(200)
  })

  it('a successful sign-in forgets the account’s failures; a person who types well is never slowed', async () => {
    await forgetAll()
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) await grant('jack', `wrong ${i}`, '192.0.2.20')
    expect((await grant('jack', 'correct horse jack', '192.0.2.20')).status).toBe(200)
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) expect((await grant('jack', `wrong again ${i}`, '192.0.2.20')).status).toBe(400)
    expect((await grant('jack', 'correct horse jack', '192.0.2.20')).status).toBe(200)
    for (let i = 0; i < 15; i++) expect((await grant('jack', 'correct horse jack', '192.0.2.20')).status).toBe(200)
  })

  it(`one address guessing across many accounts is refused after ${MAX_FAILURES_PER_ADDRESS} failures; other addresses are not`, async () => {
    await forgetAll()
    // IPv6 addresses of one /64 count as one address.
    for (let i = 0; i < MAX_FAILURES_PER_ADDRESS; i++) {
      const r = await grant(`nobody${i}`, 'guess', `2001:db8:1:2::${(i + 1).toString(16)}`)
      expect(r.status, `attempt ${i + 1}`).toBe(400)
    }
    const blocked = await grant('kate', 'correct horse kate', '2001:db8:1:2:ffff::1')
    expect(blocked.status).toBe(429)
    expect((await grant('kate', 'correct horse kate', '2001:db8:1:3::1')).status).toBe(200)
  })

  it('the authorize page says "too many attempts" with 429 and Retry-After, in the reader’s language', async () => {
    await forgetAll()
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const r = await pageSignIn('hugo', `wrong ${i}`)
      expect(r.status).toBe(422)
      expect(r.html).toContain('Invalid e-mail address or password.')
    }
    const en = await pageSignIn('hugo', 'correct horse hugo')
    expect(en.status).toBe(429)
    expect(Number(en.retryAfter)).toBeGreaterThan(0)
    expect(en.html).toContain('<p class="error" role="alert">Too many attempts. Try again in 15 minutes.</p>')
    const fr = await pageSignIn('hugo', 'correct horse hugo', { 'accept-language': 'fr-CA,fr;q=0.9,en;q=0.5' })
    expect(fr.status).toBe(429)
    expect(fr.html).toContain('Trop de tentatives. Réessayez dans 15 minutes.')
  })

  it('wrong current passwords in the settings count too', async () => {
    await forgetAll()
    const lena = await signUp(server, 'lena')
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      const r = await api(server, lena.token, 'POST', '/api/v1/phare/password', { current_password: `wrong ${i}`, new_password: 'a brand new secret' })
      expect(r.status).toBe(422)
    }
    const r = await api(server, lena.token, 'POST', '/api/v1/phare/password', { current_password: 'correct horse lena', new_password: 'a brand new secret' })
    expect(r.status).toBe(429)
    expect(r.json.code).toBe('too_many_attempts')
    expect(r.headers.get('retry-after')).toMatch(/^\d+$/)
  })
})

describe('the sign-in and consent pages', () => {
  beforeAll(async () => { await signUp(server, 'mona') })
  const open = async (headers: Record<string, string>, extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({ client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code', scope: 'read write', ...extra })
    return (await fetch(`${server.url}/oauth/authorize?${q}`, { headers })).text()
  }

  it('speak French to a French browser and English otherwise', async () => {
    const fr = await open({ 'accept-language': 'fr-FR,fr;q=0.9' })
    expect(fr).toContain('<html lang="fr">')
    expect(fr).toContain('<h1>Se connecter à Phare</h1>')
    expect(fr).toContain('<label for="email">Adresse e-mail</label>')
    expect(fr).toContain('<label for="password">Mot de passe</label>')
    expect(fr).toContain('>Se connecter</button>')
    const second = await open({ 'accept-language': 'de-DE, fr;q=0.5, en;q=0.4' })
    expect(second).toContain('<html lang="fr">')
    for (const header of ['de-DE', 'en-GB,fr;q=0.9', '']) {
      const en = await open({ 'accept-language': header })
      expect(en, header).toContain('<html lang="en">')
      expect(en, header).toContain('<h1>Sign in to Phare</h1>')
    }
    // The app's own choice (lang=) wins over the browser's.
    expect(await open({ 'accept-language': 'fr' }, { lang: 'en' })).toContain('<h1>Sign in to Phare</h1>')
  })

  it('look like Phare: its colours, a way back to the app, and links to sign up and reset the password', async () => {
    const page = await open({})
    expect(page).toMatch(/--accent:#[0-9a-f]{6}/)
    expect(page).toContain('prefers-color-scheme:dark')
    expect(page).toContain('<header><a href="/">Phare</a></header>')
    expect(page).toContain('href="/sign-up"')
    expect(page).toContain('href="/auth/password/new"')
  })

  it('the consent page speaks French too, and offers to use another account', async () => {
    const q = new URLSearchParams({ client_id: app.clientId, redirect_uri: 'urn:ietf:wg:oauth:2.0:oob', response_type: 'code', scope: 'read write' })
    const headers = { 'accept-language': 'fr' }
    const first = await fetch(`${server.url}/oauth/authorize?${q}`, { headers })
    let cookie = first.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const signedIn = await fetch(`${server.url}/oauth/authorize`, {
      method: 'POST', redirect: 'manual', headers: { ...headers, cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ ...hiddenFields(await first.text()), email: 'mona@example.test', password: 'correct horse mona' }).toString(),
    })
    expect(signedIn.status).toBe(303)
    cookie = [cookie, ...signedIn.headers.getSetCookie().map((c) => c.split(';')[0])].join('; ')
    const consent = await (await fetch(new URL(signedIn.headers.get('location')!, server.url), { headers: { ...headers, cookie } })).text()
    expect(consent).toContain('<h1>Autoriser Sign-in tests ?</h1>')
    expect(consent).toContain('Connecté en tant que <strong>@mona</strong>')
    expect(consent).toContain('lire toutes les données de votre compte')
    expect(consent).toContain('>Autoriser</button>')
    expect(consent).toContain('>Refuser</button>')
    expect(consent).toMatch(/<a href="\/oauth\/authorize\?[^"]*force_login=1">Utiliser un autre compte<\/a>/)
  })
})
