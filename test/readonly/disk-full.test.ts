// The disk fills up under a real Phare process: a small tmpfs the test mounts (we run as root)
// is its data directory; posts, image uploads and a filler file fill it. Phare must turn
// read-only by itself (without crashing or corrupting anything), keep serving reads, lose
// nothing it acknowledged, and take writes again by itself once the filler is deleted.
// A second run watches the free-space floor: read-only under it, and back only above floor + margin.
import { execFileSync } from 'node:child_process'
import { closeSync, mkdtempSync, openSync, rmSync, statSync, statfsSync, truncateSync, unlinkSync, writeSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freePort, startPhare, type Proc } from '../support/status-process.ts'
import { photo } from '../support/images.ts'
import { describePostgresRefusals } from './postgres-refusals.ts'
import { until } from '../support/until.ts'

const MB = 1024 * 1024
const SIZE_MB = 64
const work = mkdtempSync(join(tmpdir(), 'phare-diskfull-'))
const dataDir = join(work, 'data')
const filler = join(dataDir, 'filler.bin')
const limitsFile = join(work, 'limits.json')
let mounted = false
let refused: string | null = null

// Mounting needs CAP_SYS_ADMIN: refused in an unprivileged container. Only then is the test not run (and says why).
try {
  execFileSync('mkdir', ['-p', dataDir])
  execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${SIZE_MB}m`, 'tmpfs', dataDir], { stdio: 'pipe' })
  mounted = true
} catch (e) {
  const why = String((e as { stderr?: Buffer }).stderr ?? (e as Error).message)
  if (!/permission denied|not permitted|must be superuser|EPERM/i.test(why)) throw e
  refused = why.trim()
  console.warn(`disk-full test not run: mounting a tmpfs is not permitted here (${refused}); it needs root or CAP_SYS_ADMIN`)
}

const free = () => { const s = statfsSync(dataDir); return Number(s.bavail) * Number(s.bsize) }

/** Grows the filler until only `leave` bytes are free (0: until the disk is full). */
function fill(leave: number): void {
  const fd = openSync(filler, 'a')
  const chunk = Buffer.alloc(256 * 1024, 7)
  try {
    for (let f = free(); f > leave; f = free()) writeSync(fd, chunk, 0, Math.min(chunk.length, Math.max(4096, f - leave)))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOSPC') throw e
  } finally { closeSync(fd) }
}

let phare: Proc
let port: number
let token = ''
let png: Buffer

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; json: any; headers: Headers }> {
  const res = await fetch(`${phare.url}${path}`, {
    method, signal: AbortSignal.timeout(30_000),
    headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  })
  const text = await res.text()
  let json: unknown = text
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, json, headers: res.headers }
}

async function upload(): Promise<{ status: number; json: any }> {
  const form = new FormData()
  form.append('file', new Blob([png], { type: 'image/png' }), 'noise.png')
  const res = await fetch(`${phare.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form, signal: AbortSignal.timeout(30_000) })
  const text = await res.text()
  let json: unknown = text
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: res.status, json }
}


const start = (env: Record<string, string>) => startPhare(port, dataDir, { PHARE_LIMITS_FILE: limitsFile, PHARE_PREVIEWS: 'off', ...env })

beforeAll(async () => {
  if (!mounted) return
  // One person posts and uploads far more than the shipped limits allow in minutes.
  writeFileSync(limitsFile, JSON.stringify({
    defaultPlan: 'pro',
    policies: Object.fromEntries(['requests-ip', 'requests-token', 'requests-account', 'writes-account-hour', 'writes-account-day', 'media-account', 'media-account-day', 'sign-up-ip']
      .map((p) => [p, { limit: 1_000_000 }])),
  }))
  port = await freePort()
  png = await photo(480, 360, 'png')
  phare = await start({ PHARE_READ_ONLY_FREE_MB: '0' })
  const app = await call('POST', '/api/v1/apps', { client_name: 'disk-full', redirect_uris: 'urn:ietf:wg:oauth:2.0:oob', scopes: 'read write' })
  const appToken = await call('POST', '/oauth/token', { grant_type: 'client_credentials', client_id: app.json.client_id, client_secret: app.json.client_secret, scope: 'read write' })
  token = appToken.json.access_token
  const person = await call('POST', '/api/v1/accounts', { username: 'alice', email: 'alice@example.test', password: 'correct horse alice', agreement: true, locale: 'en' })
  expect(person.status, JSON.stringify(person.json)).toBe(200)
  token = person.json.access_token
}, 120_000)

afterAll(async () => {
  await phare?.stop().catch(() => {})
  if (mounted) execFileSync('umount', ['-l', dataDir])
  rmSync(work, { recursive: true, force: true })
})

describe.skipIf(!mounted)('a full disk under a real Phare (SQLite on a 64 MB tmpfs)', () => {
  const ackedPosts: string[] = []
  const ackedMedia: string[] = []

  it('writes fill the disk: Phare turns read-only by itself, keeps reading, loses nothing acknowledged, and takes writes again once space is freed', async () => {
    // Leave a few MB, then let posts, uploads and the filler race for them.
    fill(6 * MB)
    const others: string[] = []
    let readOnlySeen = false
    let diskFull = false
    const deadline = Date.now() + 120_000
    let n = 0
    while (!(readOnlySeen && diskFull) && Date.now() < deadline) {
      n++
      // Several posts at once share a commit (storage/transact.ts): a failed group must acknowledge none of them.
      const [media, ...posts] = await Promise.all([
        upload(),
        ...[1, 2, 3].map((k) => call('POST', '/api/v1/statuses', { status: `post ${n}.${k}: ${'the disk is filling up '.repeat(18)}` })),
      ])
      for (const [r, acked] of [[media, ackedMedia], ...posts.map((p) => [p, ackedPosts] as const)] as const) {
        if (r.status === 200 || r.status === 202) acked.push(String(r.json.id))
        else if (r.status === 503 && r.json?.code === 'read_only') readOnlySeen = true
        else others.push(`${r.status} ${JSON.stringify(r.json).slice(0, 200)}`)
      }
      if (!diskFull && free() < 2 * MB) { fill(0); diskFull = true }
      if (n % 5 === 0) fill(Math.max(0, free() - 512 * 1024))
    }
    console.log(`disk-full: ${n} rounds, ${ackedPosts.length} posts and ${ackedMedia.length} uploads acknowledged before writes were refused; free ${free()} bytes`)
    expect(readOnlySeen && diskFull, `${others.slice(0, 5).join('\n')}\n${phare.output().slice(-2000)}`).toBe(true)
    // Every refusal was the announced one: no 500, no dropped connection.
    expect(others).toEqual([])
    expect(phare.child.exitCode).toBeNull()
    expect(phare.child.signalCode).toBeNull()

    const state = await call('GET', '/api/v1/phare/read_only')
    expect(state.json).toMatchObject({ read_only: true, reason: 'disk_full' })
    expect(state.json.message).toMatch(/disk is full/)
    const refusedPost = await call('POST', '/api/v1/statuses', { status: 'while full' })
    expect(refusedPost.status).toBe(503)
    expect(refusedPost.json.code).toBe('read_only')
    expect(Number(refusedPost.headers.get('retry-after'))).toBeGreaterThan(0)
    expect((await call('GET', '/api/v1/instance')).json.phare_read_only.read_only).toBe(true)

    // Reads go on, and every acknowledged post and upload is there.
    const home = await call('GET', '/api/v1/timelines/home?limit=40')
    expect(home.status).toBe(200)
    expect(home.json.length).toBeGreaterThan(0)
    for (const id of ackedPosts) expect((await call('GET', `/api/v1/statuses/${id}`)).status).toBe(200)
    for (const id of ackedMedia) expect([200, 206]).toContain((await call('GET', `/api/v1/media/${id}`)).status)

    // Space comes back: Phare leaves read-only by itself.
    unlinkSync(filler)
    const back = await until('writes to be accepted again', async () => {
      const r = await call('GET', '/api/v1/phare/read_only')
      return r.json.read_only === false ? r : null
    })
    expect(back.json.reason).toBeNull()
    const after = await call('POST', '/api/v1/statuses', { status: 'space is back' })
    expect(after.status, JSON.stringify(after.json)).toBe(200)
    ackedPosts.push(after.json.id)
    expect((await upload()).status).toBeLessThan(300)
    // The fan-out of the posts acknowledged while the disk was filling waited (jobs pause while read-only) and now lands.
    await until('every acknowledged post to reach the home timeline', async () => {
      const ids = new Set((await call('GET', '/api/v1/timelines/home?limit=40')).json.map((s: { id: string }) => s.id))
      return ackedPosts.slice(-30).every((id) => ids.has(id))
    }, 90_000)
    expect(phare.child.exitCode).toBeNull()
  }, 240_000)

  it('under the free-space floor Phare starts read-only, stays so inside the margin, and leaves above floor + margin', async () => {
    await phare.stop()
    rmSync(filler, { force: true })
    fill(16 * MB)
    phare = await start({ PHARE_READ_ONLY_FREE_MB: '24', PHARE_READ_ONLY_MARGIN_MB: '8' })
    const low = await until('low space to be noticed', async () => {
      const r = await call('GET', '/api/v1/phare/read_only')
      return r.json.read_only ? r : null
    })
    expect(low.json).toMatchObject({ reason: 'low_disk_space' })
    expect((await call('POST', '/api/v1/statuses', { status: 'low on space' })).json.code).toBe('read_only')
    expect((await call('GET', '/api/v1/timelines/home')).status).toBe(200)

    // Above the floor but inside the margin: still read-only (no flapping at the edge).
    truncateSync(filler, Math.max(0, statSync(filler).size - 12 * MB))
    expect(free()).toBeGreaterThan(24 * MB)
    expect(free()).toBeLessThan(32 * MB)
    await new Promise((r) => setTimeout(r, 5000))
    expect((await call('GET', '/api/v1/phare/read_only')).json.read_only).toBe(true)

    truncateSync(filler, 0)
    await until('writes to come back above the margin', async () => (await call('GET', '/api/v1/phare/read_only')).json.read_only === false)
    const ok = await call('POST', '/api/v1/statuses', { status: 'room again' })
    expect(ok.status).toBe(200)
    ackedPosts.push(ok.json.id)
  }, 120_000)

  it('after all this the database is intact and holds every acknowledged post and upload', async () => {
    await phare.stop()
    const db = new SQLite(join(dataDir, 'phare.sqlite'), { readonly: true })
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
      const posts = new Set((db.prepare('select id from statuses').all() as { id: number }[]).map((r) => String(r.id)))
      const missing = ackedPosts.filter((id) => !posts.has(id))
      const media = new Set((db.prepare('select id from media_attachments').all() as { id: number }[]).map((r) => String(r.id)))
      const missingMedia = ackedMedia.filter((id) => !media.has(id))
      console.log(`disk-full: acknowledged ${ackedPosts.length} posts, ${ackedMedia.length} uploads; lost ${missing.length + missingMedia.length}`)
      expect(missing).toEqual([])
      expect(missingMedia).toEqual([])
    } finally { db.close() }
  }, 60_000)
})

// The same promises when PostgreSQL refuses writes (read-only database, full tablespace).
describePostgresRefusals()
