// Signing in as a person does in the web app: the authorization-code flow with PKCE of
// Phare's own web client, through the sign-in form. The probe's tokens are then those of
// the first-party app people use, so no third-party API plan stands between the probe and
// what people experience.
import { createHash, randomBytes } from 'node:crypto'
import { call, classify, ProbeError } from './probe-http.ts'

const SCOPES = 'read write follow push'

/** The hidden inputs of a form, as a browser submits them. */
function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  }
  return out
}

/**
 * Signs in with e-mail and password through the web app's OAuth client and returns an access
 * token. A Phare without a published web client (GET /api/v1/phare/web_client) is signed into
 * with the password grant of the probe's own app instead.
 */
export async function webSignIn(target: string, email: string, password: string, own: { clientId: string; clientSecret: string }, timeoutMs = 10_000): Promise<SignedIn> {
  const web = await call(target, 'GET', '/api/v1/phare/web_client', { timeoutMs, ok: [200, 404] })
  if (web.status === 404) {
    const r = await call(target, 'POST', '/oauth/token', { timeoutMs, json: { grant_type: 'password', client_id: own.clientId, client_secret: own.clientSecret, username: email, password, scope: SCOPES } })
    return { token: r.json.access_token as string, client: own }
  }
  const client = web.json as { client_id: string; client_secret?: string; redirect_uri: string; scopes: string }
  const cookies = new Map<string, string>()
  const redirect = client.redirect_uri
  const go = async (method: string, url: string, form?: Record<string, string>) => {
    let res: Response
    try {
      res = await fetch(new URL(url, target), {
        method, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs),
        headers: { cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        body: form ? new URLSearchParams(form).toString() : undefined,
      })
    } catch (e) { throw classify(e) }
    for (const c of res.headers.getSetCookie()) {
      const pair = c.split(';')[0]!
      const eq = pair.indexOf('=')
      cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    if (res.status === 429) throw new ProbeError('throttled', `${method} ${url}: rate-limited (429)`)
    if (res.status >= 500) throw new ProbeError('down', `${method} ${new URL(url, target).pathname}: HTTP ${res.status}`)
    return { status: res.status, location: res.headers.get('location'), html: await res.text() }
  }
  const verifier = randomBytes(48).toString('base64url')
  const challenge = createHash('sha256').update(verifier).digest('base64url')
  const state = randomBytes(8).toString('hex')
  const query = new URLSearchParams({ client_id: client.client_id, redirect_uri: redirect, response_type: 'code', scope: client.scopes, state, code_challenge: challenge, code_challenge_method: 'S256' })
  const page = await go('GET', `/oauth/authorize?${query}`)
  if (page.status !== 200) throw new ProbeError('app', `the sign-in page answered HTTP ${page.status}`)
  let step = await go('POST', '/oauth/authorize', { ...hiddenFields(page.html), email, password })
  // A first-party app needs no consent; should the server still ask, the probe approves as a person would.
  for (let hops = 0; hops < 4 && step.location && !step.location.startsWith(redirect); hops++) {
    step = await go('GET', step.location)
    if (step.status === 200) step = await go('POST', '/oauth/authorize', { ...hiddenFields(step.html), step: 'approve' })
  }
  if (!step.location?.startsWith(redirect)) throw new ProbeError('app', `signing in did not come back to the web app (HTTP ${step.status})`)
  const back = new URL(step.location)
  const code = back.searchParams.get('code')
  if (!code || back.searchParams.get('state') !== state) throw new ProbeError('app', 'signing in gave no code')
  const tok = await go('POST', '/oauth/token', { grant_type: 'authorization_code', client_id: client.client_id, ...(client.client_secret ? { client_secret: client.client_secret } : {}), redirect_uri: redirect, code, code_verifier: verifier })
  const token = (JSON.parse(tok.html || '{}') as { access_token?: string }).access_token
  if (tok.status !== 200 || !token) throw new ProbeError('app', `the token exchange answered HTTP ${tok.status}`)
  return { token, client: { clientId: client.client_id, clientSecret: client.client_secret ?? '' } }
}

export interface SignedIn { token: string; client: { clientId: string; clientSecret: string } }

/** Revokes a token got from webSignIn (RFC 7009), so the probe does not pile up sessions. */
export async function revoke(target: string, s: SignedIn): Promise<void> {
  await call(target, 'POST', '/oauth/revoke', { json: { token: s.token, client_id: s.client.clientId, ...(s.client.clientSecret ? { client_secret: s.client.clientSecret } : {}) } })
}
