// What people do, as journeys of timed steps against the target's public API. Each step
// names the component it proves; budgets are what a person would call "working".
import { randomBytes } from 'node:crypto'
import { call, ProbeError } from './probe-http.ts'
import { randomPng } from './png.ts'
import { revoke, webSignIn } from './web-sign-in.ts'
import type { JourneySpec } from './journey-run.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Calls `read` until it returns a value, for at most `ms`; `what` names the wait in the failure. */
async function until<T>(ms: number, what: string, read: () => Promise<T | null>): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await read()
    if (v !== null) return v
    if (Date.now() > end) throw new ProbeError('app', `${what}: not within ${ms} ms`)
    await sleep(150)
  }
}

const signIn: JourneySpec = {
  name: 'sign-in',
  title: 'Sign in',
  steps: [
    { name: 'sign in', component: 'Sign-in', budgetMs: 2000 },
    { name: 'verify credentials', component: 'Sign-in', budgetMs: 1000 },
  ],
  async run(j, { cfg, account: a }) {
    if (!a.password) throw new ProbeError('app', 'the probe account has no password')
    const signedIn = await j.step('sign in', (ms) => webSignIn(cfg.target, a.email, a.password, { clientId: a.clientId, clientSecret: a.clientSecret }, ms))
    try {
      await j.step('verify credentials', async (ms) => {
        const me = (await call(cfg.target, 'GET', '/api/v1/accounts/verify_credentials', { token: signedIn.token, timeoutMs: ms })).json
        if (String(me.id) !== a.accountId) throw new ProbeError('app', 'signed in as someone else')
      })
    } finally {
      // Each round's token is revoked, so the probe does not pile up sessions.
      await revoke(cfg.target, signedIn).catch(() => {})
    }
  },
}

/** A WebSocket on the user stream that resolves `arrived(id)` when an update with that id comes. */
function openStream(target: string, token: string, ms: number): Promise<{ arrived(id: string, ms: number): Promise<void>; close(): void }> {
  const url = new URL(`/api/v1/streaming?stream=user&access_token=${encodeURIComponent(token)}`, target)
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:'
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url)
    const seen = new Set<string>()
    const waiters = new Map<string, () => void>()
    let ready = false
    const timer = setTimeout(() => { ws.close(); reject(new ProbeError('down', `stream not open within ${ms} ms`)) }, ms)
    ws.addEventListener('error', () => { if (!ready) { clearTimeout(timer); reject(new ProbeError('down', 'stream connection failed')) } })
    ws.addEventListener('close', (e) => { if (!ready) { clearTimeout(timer); reject(new ProbeError('app', `stream closed (${e.code} ${e.reason})`)) } })
    ws.addEventListener('open', () => ws.send('not json'))
    ws.addEventListener('message', (e) => {
      let msg: { event?: string; payload?: string; error?: string }
      try { msg = JSON.parse(String(e.data)) } catch { return }
      if (!ready && msg.error) {
        // The answer to our junk frame: the server has read what came before it, our subscription included.
        ready = true
        clearTimeout(timer)
        resolve({
          arrived: (id, wait) => seen.has(id) ? Promise.resolve() : new Promise((res, rej) => {
            const t = setTimeout(() => { waiters.delete(id); rej(new ProbeError('app', `the post did not arrive within ${wait} ms`)) }, wait)
            waiters.set(id, () => { clearTimeout(t); res() })
          }),
          close: () => ws.close(),
        })
        return
      }
      if (msg.event === 'update' && msg.payload) {
        const id = String((JSON.parse(msg.payload) as { id: string }).id)
        seen.add(id)
        waiters.get(id)?.()
      }
    })
  })
}

const postAndRead: JourneySpec = {
  name: 'post-and-read',
  title: 'Post, read and stream',
  steps: [
    { name: 'accepting posts', component: 'Posting', budgetMs: 1500 },
    { name: 'open stream', component: 'Live updates', budgetMs: 1500 },
    { name: 'post', component: 'Posting', budgetMs: 1500 },
    { name: 'find in home timeline', component: 'Timelines', budgetMs: 3000 },
    { name: 'receive over stream', component: 'Live updates', budgetMs: 3000 },
  ],
  async run(j, { cfg, account: a }) {
    // A Phare in read-only mode says so (and why): Posting is degraded with its message, and no post is tried.
    await j.step('accepting posts', async (ms) => {
      const r = await call(cfg.target, 'GET', '/api/v1/phare/read_only', { timeoutMs: ms, ok: [200, 404] })
      if (r.json?.read_only) throw new ProbeError('read_only', `read-only: ${r.json.message ?? 'writes are refused'}`)
    })
    const stream = await j.step('open stream', (ms) => openStream(cfg.target, a.token, ms)).catch(() => null)
    try {
      // Followers-only: the probe's posts stay out of public timelines.
      const post = await j.step('post', (ms) => call(cfg.target, 'POST', '/api/v1/statuses', {
        token: a.token, timeoutMs: ms, json: { status: `Status probe ${new Date().toISOString()} ${randomBytes(4).toString('hex')}`, visibility: 'private' },
      }).then((r) => r.json as { id: string }))
      await j.step('find in home timeline', (ms, budget) => until(budget, 'the post in the home timeline', async () => {
        const home = (await call(cfg.target, 'GET', '/api/v1/timelines/home?limit=20', { token: a.token, timeoutMs: ms })).json as { id: string }[]
        return home.some((s) => s.id === post.id) ? true : null
      }))
      if (stream) await j.step('receive over stream', (_ms, budget) => stream.arrived(post.id, budget))
    } finally { stream?.close() }
  },
}

const media: JourneySpec = {
  name: 'media',
  title: 'Upload and view an image',
  slow: true,
  steps: [
    { name: 'upload', component: 'Media', budgetMs: 3000 },
    { name: 'processed', component: 'Media', budgetMs: 5000 },
    { name: 'fetch image', component: 'Media', budgetMs: 2000 },
  ],
  async run(j, { cfg, account: a }) {
    const up = await j.step('upload', (ms) => {
      const form = new FormData()
      form.append('file', new Blob([randomPng()], { type: 'image/png' }), 'probe.png')
      form.append('description', 'Status probe')
      return call(cfg.target, 'POST', '/api/v2/media', { token: a.token, body: form, timeoutMs: ms, ok: [200, 202] }).then((r) => r.json as { id: string; url: string | null })
    })
    const url = await j.step('processed', (ms, budget) => until(budget, 'the image processed', async () => {
      const r = await call(cfg.target, 'GET', `/api/v1/media/${up.id}`, { token: a.token, timeoutMs: ms, ok: [200, 206] })
      return r.status === 200 && r.json.url ? r.json.url as string : null
    }))
    await j.step('fetch image', async (ms) => {
      const r = await call(cfg.target, 'GET', url, { timeoutMs: ms })
      if (!(r.headers.get('content-type') ?? '').startsWith('image/') || r.bytes.length < 50) throw new ProbeError('app', 'the image URL did not serve an image')
    })
  },
}

const preview: JourneySpec = {
  name: 'link-preview',
  title: 'Link preview',
  slow: true,
  disabled: (cfg) => cfg.previews ? null : 'PHARE_STATUS_PREVIEWS is off: the target is not known to be allowed to fetch this status page',
  steps: [
    { name: 'post a link', component: 'Posting', budgetMs: 1500 },
    { name: 'preview card', component: 'Posting', budgetMs: 10_000, soft: true },
  ],
  async run(j, { cfg, account: a }) {
    const nonce = randomBytes(6).toString('hex')
    const post = await j.step('post a link', (ms) => call(cfg.target, 'POST', '/api/v1/statuses', {
      token: a.token, timeoutMs: ms, json: { status: `Status probe link ${cfg.publicUrl}/probe/page/${nonce}`, visibility: 'private' },
    }).then((r) => r.json as { id: string }))
    await j.step('preview card', (ms, budget) => until(budget, 'the preview card', async () => {
      const s = (await call(cfg.target, 'GET', `/api/v1/statuses/${post.id}`, { token: a.token, timeoutMs: ms })).json
      return s.card && String(s.card.title).includes(nonce) ? true : null
    }))
  },
}

/** The part URIs and init of a live playlist. */
function partsOf(playlist: string): string[] {
  const uris = [...playlist.matchAll(/#EXT-X-PART:[^\n]*URI="([^"]+)"/g)].map((m) => m[1]!)
  for (const line of playlist.split('\n')) if (line && !line.startsWith('#')) uris.push(line.trim())
  return uris
}

const lastRoom: { id: string | null } = { id: null }

const room: JourneySpec = {
  name: 'room',
  title: 'Listen to a live room',
  slow: true,
  steps: [
    { name: 'create room', component: 'Rooms', budgetMs: 3000 },
    { name: 'playlist', component: 'Rooms', budgetMs: 10_000 },
    { name: 'receive a segment', component: 'Rooms', budgetMs: 3000 },
    { name: 'end room', component: 'Rooms', budgetMs: 3000 },
  ],
  async run(j, { cfg, account: a }) {
    const r = await j.step('create room', (ms) => call(cfg.target, 'POST', '/api/v1/phare/rooms', { token: a.token, timeoutMs: ms, json: { title: 'Status probe', announce: 'unlisted' } }).then((x) => x.json as { id: string; audio_url: string | null; status_id: string | null }))
    let ended = false
    try {
      if (!r.audio_url) throw new ProbeError('app', 'the live room has no audio_url')
      const audio = r.audio_url
      const parts = await j.step('playlist', (ms, budget) => until(budget, 'a playlist with parts', async () => {
        const res = await call(cfg.target, 'GET', audio, { timeoutMs: ms, ok: [200, 503] })
        if (res.status === 503) return null
        const uris = partsOf(res.text)
        return uris.length ? uris : null
      }))
      await j.step('receive a segment', async (ms) => {
        const res = await call(cfg.target, 'GET', new URL(parts[parts.length - 1]!, audio).toString(), { timeoutMs: ms })
        if (res.bytes.length === 0) throw new ProbeError('app', 'an empty segment')
      })
      await j.step('end room', (ms) => call(cfg.target, 'POST', `/api/v1/phare/rooms/${r.id}/end`, { token: a.token, timeoutMs: ms }))
      ended = true
    } finally {
      // Whatever failed, the probe's room and its public announcement do not stay behind.
      if (!ended) await call(cfg.target, 'POST', `/api/v1/phare/rooms/${r.id}/end`, { token: a.token }).catch(() => {})
      // The replay is deleted a round later: right after the end its broadcast may still be closing.
      if (lastRoom.id) await call(cfg.target, 'DELETE', `/api/v1/phare/rooms/${lastRoom.id}`, { token: a.token }).catch(() => {})
      lastRoom.id = r.id
      if (r.status_id) await call(cfg.target, 'DELETE', `/api/v1/statuses/${r.status_id}`, { token: a.token }).catch(() => {})
    }
  },
}

const search: JourneySpec = {
  name: 'search',
  title: 'Search and server information',
  steps: [
    { name: 'instance', component: 'API', budgetMs: 1000 },
    { name: 'search', component: 'API', budgetMs: 1500 },
  ],
  async run(j, { cfg, account: a }) {
    await j.step('instance', (ms) => call(cfg.target, 'GET', '/api/v2/instance', { timeoutMs: ms }))
    await j.step('search', async (ms) => {
      const r = (await call(cfg.target, 'GET', `/api/v2/search?type=accounts&q=${encodeURIComponent(a.username)}`, { token: a.token, timeoutMs: ms })).json
      if (!(r.accounts as { id: string }[]).some((x) => String(x.id) === a.accountId)) throw new ProbeError('app', 'search did not find the probe account')
    })
  },
}

/** Every journey, in page order. */
export const JOURNEYS: JourneySpec[] = [signIn, postAndRead, media, preview, room, search]
