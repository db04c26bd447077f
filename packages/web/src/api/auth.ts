// Signing in and out with only the public API: the app registers itself once,
// signs in through the server's own /oauth/authorize page (authorization code +
// PKCE), signs up with an app token, and signs out by revoking its token.
import { api } from './client.ts'
import { challengeOf, randomVerifier } from './pkce.ts'

const SCOPES = 'read write follow push'
const APP_KEY = 'phare.app'
const PENDING_KEY = 'phare.oauth'

interface AppCredentials { client_id: string; client_secret: string; redirect_uri: string }

const redirectUri = () => `${location.origin}/callback`

/**
 * The app's OAuth client: the server's own first-party client (no API plan, no consent screen),
 * or, when the server's public URL is not this origin (a development proxy), an app registered
 * on first use like any other.
 */
async function appCredentials(): Promise<AppCredentials> {
  try {
    const saved = JSON.parse(localStorage.getItem(APP_KEY) ?? 'null') as AppCredentials | null
    if (saved && saved.redirect_uri === redirectUri() && saved.client_id === 'phare-web') return saved
  } catch { /* corrupt: ask again */ }
  const own = await api.get<{ client_id: string; client_secret: string; redirect_uri: string }>('/api/v1/phare/web_client', undefined, null).catch(() => null)
  if (own && own.redirect_uri === redirectUri()) {
    const creds = { client_id: own.client_id, client_secret: own.client_secret, redirect_uri: own.redirect_uri }
    localStorage.setItem(APP_KEY, JSON.stringify(creds))
    return creds
  }
  try {
    const saved = JSON.parse(localStorage.getItem(APP_KEY) ?? 'null') as AppCredentials | null
    if (saved && saved.redirect_uri === redirectUri()) return saved
  } catch { /* corrupt: register again */ }
  const app = await api.post<{ client_id: string; client_secret: string }>('/api/v1/apps', {
    client_name: 'Phare Web', redirect_uris: redirectUri(), scopes: SCOPES, website: location.origin,
  }, null)
  const creds = { client_id: app.client_id, client_secret: app.client_secret, redirect_uri: redirectUri() }
  localStorage.setItem(APP_KEY, JSON.stringify(creds))
  return creds
}

/** Sends the browser to the server's sign-in page; it comes back to /callback. */
export async function startSignIn(returnTo: string, lang: string): Promise<void> {
  const app = await appCredentials()
  const verifier = randomVerifier()
  const state = randomVerifier(16)
  sessionStorage.setItem(PENDING_KEY, JSON.stringify({ verifier, state, returnTo }))
  const q = new URLSearchParams({
    client_id: app.client_id, redirect_uri: app.redirect_uri, response_type: 'code', scope: SCOPES, state,
    code_challenge: await challengeOf(verifier), code_challenge_method: 'S256', lang,
  })
  location.assign(`/oauth/authorize?${q}`)
}

/** Finishes a sign-in on /callback: checks the state and trades the code for a token. */
export async function finishSignIn(params: URLSearchParams): Promise<{ token: string; returnTo: string }> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as { verifier: string; state: string; returnTo: string } | null
  sessionStorage.removeItem(PENDING_KEY)
  const error = params.get('error')
  if (error) throw new Error(params.get('error_description') ?? error)
  if (!pending || params.get('state') !== pending.state) throw new Error('state')
  const app = await appCredentials()
  const tok = await api.post<{ access_token: string }>('/oauth/token', {
    grant_type: 'authorization_code', code: params.get('code'), client_id: app.client_id, client_secret: app.client_secret,
    redirect_uri: app.redirect_uri, code_verifier: pending.verifier, scope: SCOPES,
  }, null)
  return { token: tok.access_token, returnTo: pending.returnTo }
}

export interface SignUpForm { username: string; email: string; password: string; agreement: boolean; locale: string; reason?: string }

/** Creates an account (Mastodon's sign-up: an app-only token asks for it) and returns the person's token. */
export async function signUp(form: SignUpForm): Promise<string> {
  const app = await appCredentials()
  const appToken = await api.post<{ access_token: string }>('/oauth/token', {
    grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: SCOPES,
  }, null)
  const res = await api.post<{ access_token: string }>('/api/v1/accounts', form, appToken.access_token)
  return res.access_token
}

/** Revokes the token, then ends the server's sign-in cookie so the next sign-in asks for the password. */
export async function signOut(token: string): Promise<void> {
  try {
    const app = await appCredentials()
    await api.post('/oauth/revoke', { token, client_id: app.client_id, client_secret: app.client_secret }, null)
  } catch { /* the token is forgotten locally anyway */ }
  const form = document.createElement('form')
  form.method = 'post'
  form.action = '/auth/sign_out'
  document.body.append(form)
  form.submit()
}
