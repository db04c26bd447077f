// The web benchmark's data, made through the public API as people would: a reader who
// follows a few authors, and their posts until the reader's home timeline holds enough.
import { postText, prng } from './random.ts'

export interface WebSeeded { token: string; username: string; posts: number; seconds: number }

async function call<T>(base: string, token: string | null, method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`)
  return JSON.parse(text) as T
}

/** Runs `fn` over `items`, `width` at a time. */
async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < items.length) await fn(items[next++])
  }))
}

/** Signs up a reader and `authors` people it follows, who write `posts` posts in all; waits until they are in the reader's home. */
export async function seedHome(base: string, o: { posts: number; authors: number; log: (line: string) => void }): Promise<WebSeeded> {
  const started = performance.now()
  const app = await call<{ client_id: string; client_secret: string }>(base, null, 'POST', '/api/v1/apps', {
    client_name: 'Phare web bench', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write follow push',
  })
  const { access_token: appToken } = await call<{ access_token: string }>(base, null, 'POST', '/oauth/token', {
    grant_type: 'client_credentials', client_id: app.client_id, client_secret: app.client_secret, scope: 'read write follow push',
  })
  const signUp = async (username: string) => (await call<{ access_token: string }>(base, appToken, 'POST', '/api/v1/accounts', {
    username, email: `${username}@bench.example`, password: `bench password ${username}`, agreement: true, locale: 'en',
  })).access_token

  const reader = await signUp('reader')
  const authors = await Promise.all(Array.from({ length: o.authors }, (_, i) => signUp(`author${i}`)))
  for (const token of authors) {
    const me = await call<{ id: string }>(base, token, 'GET', '/api/v1/accounts/verify_credentials')
    await call(base, reader, 'POST', `/api/v1/accounts/${me.id}/follow`, {})
  }

  o.log(`posting ${o.posts} posts by ${o.authors} authors`)
  const rand = prng(4)
  const jobs = Array.from({ length: o.posts }, (_, i) => ({ token: authors[i % authors.length], text: postText(rand, 480) || `post ${i}` }))
  await pool(jobs, 8, async (j) => { await call(base, j.token, 'POST', '/api/v1/statuses', { status: j.text, visibility: 'public' }) })

  // Fan-out is a background job: wait until the reader's home holds every post.
  const until = Date.now() + 120_000
  let count = 0
  while (Date.now() < until) {
    count = 0
    let maxId: string | null = null
    for (;;) {
      const page: { id: string }[] = await call(base, reader, 'GET', `/api/v1/timelines/home?limit=40${maxId ? `&max_id=${maxId}` : ''}`)
      count += page.length
      if (page.length === 0 || count >= o.posts) break
      maxId = page[page.length - 1].id
    }
    if (count >= o.posts) break
    await new Promise((r) => setTimeout(r, 500))
  }
  if (count < o.posts) throw new Error(`the reader's home timeline holds ${count} posts, not ${o.posts}, after 2 minutes`)
  return { token: reader, username: 'reader', posts: count, seconds: (performance.now() - started) / 1000 }
}
