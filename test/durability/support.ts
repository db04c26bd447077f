// The client side of the durability tests (Jepsen's set checker): posts as fast as a few
// connections allow, each with its own Idempotency-Key and text, records what the server
// acknowledged, keeps what it did not for a retry with the same key, and at the end checks
// the set of posts through the API and in the database itself.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { request as httpRequest } from 'node:http'
import { join } from 'node:path'
import WebSocket from 'ws'
import { loadConfig } from '../../packages/server/src/config.ts'
import { openDatabase } from '../../packages/server/src/storage/db.ts'
import { freshPostgres, TEST_LIMITS } from '../support/server.ts'

/** A data directory (and a PostgreSQL database when the tests run on one) that outlives the processes using it. */
export interface Store {
  dir: string
  /** the PHARE_* settings that point Phare at this store */
  env: Record<string, string>
  drop(): Promise<void>
}

/** A fresh store with rate limits that let one account post as fast as it can. */
export async function freshStore(name: string): Promise<Store> {
  const dir = mkdtempSync(join(tmpdir(), `phare-${name}-`))
  const pg = process.env.PHARE_TEST_DATABASE_URL ? await freshPostgres(process.env.PHARE_TEST_DATABASE_URL) : null
  const limits = join(dir, 'limits.json')
  const many = { limit: 10_000_000 }
  writeFileSync(limits, JSON.stringify({
    policies: { ...TEST_LIMITS.policies, 'writes-account-hour': many, 'writes-account-day': many, 'requests-account': many, 'requests-token': many },
    // The test's app is a third-party app: its plan must not be what stops it.
    plans: { pro: { requestsPerDay: 1_000_000_000, requestsPer15Min: 1_000_000_000 } }, defaultPlan: 'pro',
  }))
  const data = join(dir, 'data')
  return {
    dir,
    env: { PHARE_DATA_DIR: data, PHARE_LIMITS_FILE: limits, PHARE_PREVIEWS: 'off', ...(pg ? { PHARE_DATABASE_URL: pg.url } : {}) },
    async drop() { await pg?.drop(); rmSync(dir, { recursive: true, force: true }) },
  }
}

/** Signs up a person through the public API; returns their token and account id. */
export async function signUpOver(url: string, username: string): Promise<{ token: string; accountId: string }> {
  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) })
    if (res.status !== 200) throw new Error(`${path}: ${res.status} ${await res.text()}`)
    return res.json() as Promise<Record<string, string>>
  }
  const app = await post('/api/v1/apps', { client_name: 'durability', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })
  const appToken = (await post('/oauth/token', { grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write' })).access_token
  const { access_token } = await post('/api/v1/accounts', { username, email: `${username}@example.test`, password: `correct horse ${username}`, agreement: true, locale: 'en' }, appToken)
  const me = await (await fetch(`${url}/api/v1/accounts/verify_credentials`, { headers: { authorization: `Bearer ${access_token}` } })).json() as { id: string }
  return { token: access_token!, accountId: me.id }
}

/** The post load: each key is one post the client wants stored exactly once. */
export class PostLoad {
  readonly token: string
  /** Idempotency-Key → id of the post the server acknowledged */
  readonly acknowledged = new Map<string, string>()
  /** keys sent and not (yet) acknowledged: retried with the same key */
  readonly pending: string[] = []
  /** keys that needed more than one request */
  readonly retried = new Set<string>()
  /** retries answered with a post stored before the retry was sent: the attempt a failure interrupted had committed */
  recovered = 0
  /** responses that were neither a 200 nor a refused connection (status → count) */
  readonly failures = new Map<string, number>()
  /** posts sent without an Idempotency-Key whose request failed: never retried (a retry could duplicate them) */
  abandoned = 0
  private next = 0
  private readonly prefix: string
  private readonly keylessEvery: number

  /** Every `keylessEvery`-th post (0: none) goes without an Idempotency-Key, as many clients send them. */
  constructor(token: string, prefix: string, keylessEvery = 0) { this.token = token; this.prefix = prefix; this.keylessEvery = keylessEvery }

  /** Whether the post of `key` is sent without an Idempotency-Key. */
  keyless(key: string): boolean { return key.endsWith('-nokey') }

  private newKey(): string {
    const n = this.next++
    return this.keylessEvery && n % this.keylessEvery === this.keylessEvery - 1 ? `${this.prefix}-${n}-nokey` : `${this.prefix}-${n}`
  }

  /** The text of the post of `key`: unique, so duplicates can be counted by text. */
  textOf(key: string): string { return `durability check ${key}` }

  /** Records a post acknowledged outside the load (same checks apply to it). */
  record(key: string, id: string): void { this.acknowledged.set(key, id) }

  /** Every key ever sent. */
  get sent(): number { return this.next }

  /**
   * Runs `connections` workers against `url` until `stop()` is true. A worker retries
   * unacknowledged keys first, then takes new ones; a failure puts the key back.
   */
  async run(url: string, connections: number, stop: () => boolean): Promise<void> {
    const worker = async () => {
      while (!stop()) {
        const key = this.pending.shift() ?? this.newKey()
        const ok = await this.postOnce(url, key)
        if (!ok && this.keyless(key)) {
          this.abandoned++
          await new Promise((r) => setTimeout(r, 25))
        } else if (!ok) {
          this.pending.push(key)
          this.retried.add(key)
          // The server is down or restarting: do not spin on refused connections.
          await new Promise((r) => setTimeout(r, 25))
        }
      }
    }
    await Promise.all(Array.from({ length: connections }, worker))
  }

  /** Posts until every pending key is acknowledged (the server must be up). */
  async settle(url: string, ms = 30_000): Promise<void> {
    const until = Date.now() + ms
    while (this.pending.length) {
      const key = this.pending[0]!
      if (await this.postOnce(url, key)) this.pending.shift()
      else if (Date.now() > until) throw new Error(`${this.pending.length} posts could not be acknowledged within ${ms} ms`)
      else await new Promise((r) => setTimeout(r, 100))
    }
  }

  private async postOnce(url: string, key: string): Promise<boolean> {
    const sentAt = Date.now()
    try {
      const res = await fetch(`${url}/api/v1/statuses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...(this.keyless(key) ? {} : { 'idempotency-key': key }) },
        body: JSON.stringify({ status: this.textOf(key), visibility: 'public' }),
        signal: AbortSignal.timeout(15_000),
      })
      const body = await res.text()
      if (res.status !== 200) { this.fail(String(res.status)); return false }
      const { id, created_at } = JSON.parse(body) as { id: string; created_at: string }
      if (Date.parse(created_at) < sentAt) this.recovered++
      const before = this.acknowledged.get(key)
      // The same key acknowledged twice with two ids is a duplicate the server admitted to.
      if (before !== undefined && before !== id) throw new Error(`key ${key} was acknowledged as ${before} and then as ${id}`)
      this.acknowledged.set(key, id)
      return true
    } catch (e) {
      if ((e as Error).message.startsWith('key ')) throw e
      this.fail((e as { cause?: { code?: string } }).cause?.code ?? (e as Error).name)
      return false
    }
  }

  private fail(what: string) { this.failures.set(what, (this.failures.get(what) ?? 0) + 1) }
}

/** What the set checker found. */
export interface Verdict {
  acknowledged: number
  retried: number
  /** acknowledged posts the API does not return or the database does not hold */
  lost: string[]
  /** texts stored more than once */
  duplicated: string[]
  /** acknowledged ids that differ from the stored post of that key */
  mismatched: string[]
}

/** Checks every acknowledged post through the API (the server at `url`, up) and then in the database (with Phare stopped). */
export async function checkApi(url: string, load: PostLoad): Promise<string[]> {
  const lost: string[] = []
  const entries = [...load.acknowledged]
  for (let i = 0; i < entries.length; i += 40) {
    const batch = entries.slice(i, i + 40)
    const qs = batch.map(([, id]) => `id[]=${id}`).join('&')
    const res = await fetch(`${url}/api/v1/statuses?${qs}`, { headers: { authorization: `Bearer ${load.token}` } })
    if (res.status !== 200) throw new Error(`GET /api/v1/statuses: ${res.status} ${await res.text()}`)
    const found = new Map((await res.json() as { id: string; content: string }[]).map((s) => [s.id, s.content]))
    for (const [key, id] of batch) if (!found.get(id)?.includes(load.textOf(key))) lost.push(key)
  }
  return lost
}

/** The set check in the database Phare wrote (opened directly, Phare stopped). */
export async function checkDatabase(store: Store, accountId: string, load: PostLoad): Promise<Verdict> {
  const { db } = openDatabase(loadConfig({ ...store.env, PHARE_LIMITS_FILE: '' }))
  try {
    const rows = await db.selectFrom('statuses').select(['id', 'text']).where('account_id', '=', Number(accountId)).where('deleted_at', 'is', null).execute()
    const byText = new Map<string, number[]>()
    for (const r of rows) byText.set(r.text, [...(byText.get(r.text) ?? []), r.id])
    const lost: string[] = []
    const mismatched: string[] = []
    for (const [key, id] of load.acknowledged) {
      const ids = byText.get(load.textOf(key))
      if (!ids) lost.push(key)
      else if (!ids.includes(Number(id))) mismatched.push(key)
    }
    return {
      acknowledged: load.acknowledged.size,
      retried: load.retried.size,
      lost,
      duplicated: [...byText].filter(([, ids]) => ids.length > 1).map(([text]) => text),
      mismatched,
    }
  } finally {
    await db.destroy()
  }
}

/** A WebSocket on the user stream and an SSE user stream, recording how each ended. */
export async function openStreams(url: string, token: string): Promise<{ wsClosed: Promise<{ code: number; reason: string }>; sseEnded: Promise<void> }> {
  const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/api/v1/streaming?stream=user&access_token=${token}`)
  await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject) })
  const wsClosed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: String(reason) })))
  const res = await fetch(`${url}/api/v1/streaming/user`, { headers: { authorization: `Bearer ${token}` } })
  if (res.status !== 200) throw new Error(`SSE stream: ${res.status}`)
  const reader = res.body!.getReader()
  const sseEnded = (async () => {
    try { for (;;) if ((await reader.read()).done) return } catch { /* an abrupt end is an end too */ }
  })()
  return { wsClosed, sseEnded }
}

/**
 * A post whose request is under way: the headers and half the body are sent now, the rest
 * on `finish()`. A graceful stop that begins in between must still answer it.
 */
export function halfSentPost(url: string, token: string, text: string): { finish(): Promise<{ status: number; id: string | null }> } {
  const body = Buffer.from(JSON.stringify({ status: text, visibility: 'public' }))
  const req = httpRequest(`${url}/api/v1/statuses`, {
    method: 'POST', agent: false,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': String(body.length) },
  })
  const answer = new Promise<{ status: number; id: string | null }>((resolve, reject) => {
    req.on('error', reject)
    req.on('response', (res) => {
      let text = ''
      res.on('data', (d: Buffer) => { text += d.toString() })
      res.on('end', () => { try { resolve({ status: res.statusCode ?? 0, id: (JSON.parse(text) as { id?: string }).id ?? null }) } catch (e) { reject(e) } })
    })
  })
  req.flushHeaders()
  req.write(body.subarray(0, body.length >> 1))
  return { finish: () => { req.end(body.subarray(body.length >> 1)); return answer } }
}

/** Resolves once `url` refuses new connections (the server stopped listening). */
export async function refusing(url: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms
  for (;;) {
    try { await fetch(`${url}/livez`, { signal: AbortSignal.timeout(1000) }) } catch { return }
    if (Date.now() > until) throw new Error(`${url} still accepted connections after ${ms} ms`)
    await new Promise((r) => setTimeout(r, 20))
  }
}
