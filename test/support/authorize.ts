// The browser side of OAuth: a cookie jar that submits the authorize page's forms, and
// the PKCE pair an app makes. Works against any Phare URL (in-process or a real process).
import { createHash, randomBytes } from 'node:crypto'

/** One response as a browser sees it (redirects are not followed). */
export interface Page { status: number; location: string | null; html: string; headers: Headers }

/** A browser: keeps cookies, submits forms, does not follow redirects. */
export class Browser {
  readonly base: string
  readonly cookies = new Map<string, string>()
  constructor(base: string) { this.base = base }

  async request(method: string, url: string, form?: Record<string, string>): Promise<Page> {
    const res = await fetch(new URL(url, this.base), {
      method, redirect: 'manual',
      headers: {
        cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form ? new URLSearchParams(form).toString() : undefined,
    })
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';')
      const eq = pair.indexOf('=')
      this.cookies.set(pair.slice(0, eq), pair.slice(eq + 1))
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers }
  }
}

/** The hidden inputs of the page's form (as the browser would submit them, CSRF token included). */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {}
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) {
    out[m[1]] = m[2].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
  }
  return out
}

/** A PKCE verifier and its S256 challenge. */
export function pkce(): { verifier: string; challenge: string } {
  const verifier = randomBytes(48).toString('base64url')
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') }
}

export interface AuthorizeRequest {
  clientId: string
  redirectUri: string
  scope: string
  email: string
  password: string
  state?: string
  codeChallenge?: string
}

function expectStatus(page: Page, status: number, what: string): void {
  if (page.status !== status) throw new Error(`${what}: expected ${status}, got ${page.status}: ${page.html.slice(0, 300)}`)
}

/**
 * Does what a person does in the browser: opens /oauth/authorize, signs in, approves.
 * Returns the redirect the app receives (code and state in its query).
 */
export async function signInAndApprove(base: string, r: AuthorizeRequest): Promise<URL> {
  const b = new Browser(base)
  const query = new URLSearchParams({
    client_id: r.clientId, redirect_uri: r.redirectUri, response_type: 'code', scope: r.scope,
    ...(r.state ? { state: r.state } : {}),
    ...(r.codeChallenge ? { code_challenge: r.codeChallenge, code_challenge_method: 'S256' } : {}),
  })
  const page = await b.request('GET', `/oauth/authorize?${query}`)
  expectStatus(page, 200, 'authorize page')
  const signedIn = await b.request('POST', '/oauth/authorize', { ...hiddenFields(page.html), email: r.email, password: r.password })
  expectStatus(signedIn, 303, 'sign-in form')
  const consent = await b.request('GET', signedIn.location!)
  expectStatus(consent, 200, 'consent page')
  const answer = await b.request('POST', '/oauth/authorize', { ...hiddenFields(consent.html), step: 'approve' })
  expectStatus(answer, 303, 'consent form')
  return new URL(answer.location!)
}
