// Named people for journeys: each signs up through the public API, exactly as an app would.
import { createRestAPIClient, type mastodon } from 'masto'
import type { TestServer } from './server.ts'

export interface Person {
  username: string
  token: string
  accountId: string
  client: mastodon.rest.Client
}

export interface TestApp { clientId: string; clientSecret: string; appToken: string }

/** Registers an OAuth app with every scope and gets an app-only token for it. */
export async function registerApp(server: TestServer, name = 'Phare tests'): Promise<TestApp> {
  const res = await fetch(`${server.url}/api/v1/apps`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_name: name, redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push' }),
  })
  if (res.status !== 200) throw new Error(`app registration failed: ${res.status} ${await res.text()}`)
  const app = await res.json() as { client_id: string; client_secret: string }
  const tok = await fetch(`${server.url}/oauth/token`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow push' }),
  })
  const t = await tok.json() as { access_token: string }
  return { clientId: app.client_id, clientSecret: app.client_secret, appToken: t.access_token }
}

const apps = new WeakMap<TestServer, Promise<TestApp>>()

/** Signs up a person (POST /api/v1/accounts) and returns a masto.js client acting as them. */
export async function signUp(server: TestServer, username: string): Promise<Person> {
  if (!apps.has(server)) apps.set(server, registerApp(server))
  const app = await apps.get(server)!
  const res = await fetch(`${server.url}/api/v1/accounts`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.appToken}` },
    body: JSON.stringify({ username, email: `${username}@example.test`, password: `correct horse ${username}`, agreement: true, locale: 'en' }),
  })
  if (res.status !== 200) throw new Error(`sign-up of ${username} failed: ${res.status} ${await res.text()}`)
  const { access_token } = await res.json() as { access_token: string }
  const client = createRestAPIClient({ url: server.url, accessToken: access_token })
  const me = await client.v1.accounts.verifyCredentials()
  return { username, token: access_token, accountId: me.id, client }
}

/** A raw authenticated request, for what a client library does not expose (status codes, headers). */
export async function api(server: TestServer, token: string | null, method: string, path: string, body?: unknown): Promise<{ status: number; headers: Headers; json: any }> {
  const res = await fetch(`${server.url}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  let json: unknown = null
  try { json = text ? JSON.parse(text) : null } catch { json = text }
  return { status: res.status, headers: res.headers, json }
}
