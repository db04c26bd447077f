// The public API as benchmarks call it: plain fetch, JSON in and out, and a person signed up
// the way a client app does it (app, client-credentials token, sign-up).

/** One API call; the body parsed as JSON when it is JSON. */
export async function call(url: string, token: string | null, method: string, body?: object): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {}
  if (body) headers['content-type'] = 'application/json'
  const res = await fetch(url, { method, headers, body: body ? JSON.stringify(body) : undefined, signal: AbortSignal.timeout(30_000) })
  const text = await res.text()
  try { return { status: res.status, json: JSON.parse(text) } } catch { return { status: res.status, json: text.slice(0, 200) } }
}

/** An app, then a person signed up through the API (as test/support/people.ts does): their token. */
export async function signUpPerson(url: string, username = 'host'): Promise<string> {
  const scopes = 'read write follow'
  const app = (await call(`${url}/api/v1/apps`, null, 'POST', { client_name: 'bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes })).json
  const appToken = (await call(`${url}/oauth/token`, null, 'POST', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: scopes })).json.access_token
  const r = await call(`${url}/api/v1/accounts`, appToken, 'POST', { username, email: `${username}@example.test`, password: `correct horse ${username}`, agreement: true, locale: 'en' })
  if (r.status !== 200) throw new Error(`sign-up answered ${r.status}: ${JSON.stringify(r.json)}`)
  return r.json.access_token
}
