// `phare backup` while Phare (a real process) takes a steady load of posts, then
// `phare restore` into a fresh data directory or database, and a server started on it.
// The copy must hold every post acknowledged before the backup began and be consistent
// (each account's post counter matches its posts: they are written in one commit).
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, expect, it } from 'vitest'
import { loadConfig } from '../packages/server/src/config.ts'
import { openDatabase } from '../packages/server/src/storage/db.ts'
import { freePort, startPhare, type Proc } from './support/status-process.ts'
import { checkApi, freshStore, PostLoad, signUpOver, type Store } from './durability/support.ts'
import { photo } from './support/images.ts'

const root = join(import.meta.dirname, '..')
const dialect = process.env.PHARE_TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'
const stores: Store[] = []
const procs: Proc[] = []
afterAll(async () => {
  for (const p of procs) await p.kill()
  for (const s of stores) await s.drop()
})

function phare(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts', 'phare.mjs'), ...args], { env: { ...base, ...env }, timeout: 90_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** Uploads a picture and posts it; returns the post's id and the picture's path and bytes as served. */
async function postPicture(url: string, token: string): Promise<{ statusId: string; path: string; bytes: Buffer }> {
  const form = new FormData()
  form.append('file', new Blob([new Uint8Array(await photo(64, 48, 'png'))], { type: 'image/png' }), 'dot.png')
  const auth = { authorization: `Bearer ${token}` }
  const up = await (await fetch(`${url}/api/v2/media`, { method: 'POST', headers: auth, body: form })).json() as { id: string }
  let media: { url: string | null } = { url: null }
  for (const until = Date.now() + 30_000; !media.url && Date.now() < until; await new Promise((r) => setTimeout(r, 100))) {
    media = await (await fetch(`${url}/api/v1/media/${up.id}`, { headers: auth })).json() as { url: string | null }
  }
  if (!media.url) throw new Error('the picture was not processed in time')
  const res = await fetch(`${url}/api/v1/statuses`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'a picture', media_ids: [up.id] }) })
  const status = await res.json() as { id: string }
  const path = new URL(media.url).pathname
  return { statusId: status.id, path, bytes: Buffer.from(await (await fetch(`${url}${path}`)).arrayBuffer()) }
}

/** Posts per account and each account's statuses_count, read straight from the database. */
async function counts(store: Store): Promise<{ posts: number; counted: number }> {
  const { db } = openDatabase(loadConfig({ ...store.env, PHARE_LIMITS_FILE: '' }))
  try {
    const posts = await db.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n')).where('deleted_at', 'is', null).executeTakeFirstOrThrow()
    const counted = await db.selectFrom('accounts').select((eb) => eb.fn.sum<number>('statuses_count').as('n')).executeTakeFirstOrThrow()
    return { posts: Number(posts.n), counted: Number(counted.n) }
  } finally {
    await db.destroy()
  }
}

it(`a backup taken under a post load restores into a fresh ${dialect} database with every post acknowledged before it`, async () => {
  const live = await freshStore('backup-live')
  stores.push(live)
  const file = join(live.dir, 'phare.backup')
  const port = await freePort()
  const server = await startPhare(port, live.env.PHARE_DATA_DIR!, live.env)
  procs.push(server)
  const me = await signUpOver(server.url, 'backedup')
  const picture = await postPicture(server.url, me.token)
  expect(picture.bytes.length).toBeGreaterThan(0)
  const load = new PostLoad(me.token, 'b')
  let stopped = false
  const running = load.run(server.url, 3, () => stopped)
  while (load.acknowledged.size < 200) await new Promise((r) => setTimeout(r, 50))

  const before = new PostLoad(me.token, 'b')
  for (const [k, id] of load.acknowledged) before.acknowledged.set(k, id)
  // SQLite backups can carry the local media files too; PostgreSQL ones cannot, and say so.
  if (dialect === 'PostgreSQL') expect((await phare(['backup', file, '--media'], live.env)).stderr).toContain('copy')
  const made = await phare(['backup', file, ...(dialect === 'SQLite' ? ['--media'] : [])], live.env)
  const duringBackup = load.acknowledged.size - before.acknowledged.size
  stopped = true
  await running
  expect(made.stderr).toBe('')
  expect(made.code).toBe(0)
  expect(made.stdout).toContain(`Backed up`)
  expect(made.stdout).toMatch(dialect === 'SQLite' ? /with [1-9]\d* media files? to/ : /Media files are not in this backup/)

  // Not while Phare runs on the database, not without --yes, not over existing data without --force.
  const whileRunning = await phare(['restore', file, '--yes', '--force'], live.env)
  expect(whileRunning.code).toBe(1)
  expect(whileRunning.stderr).toMatch(/Phare is (running|connected)/)
  await server.stop()
  expect(server.child.exitCode).toBe(0)

  const fresh = await freshStore('backup-restored')
  stores.push(fresh)
  const env = { ...fresh.env, PHARE_LIMITS_FILE: live.env.PHARE_LIMITS_FILE! }
  const unconfirmed = await phare(['restore', file], env)
  expect(unconfirmed.code).toBe(1)
  expect(unconfirmed.stderr).toContain('--yes')
  const restored = await phare(['restore', file, '--yes'], env)
  expect(restored.stderr).toBe('')
  expect(restored.code).toBe(0)
  expect(restored.stdout).toContain('Restored')
  const again = await phare(['restore', file, '--yes'], env)
  expect(again.code).toBe(1)
  expect(again.stderr).toContain('--force')
  expect((await phare(['restore', file, '--yes', '--force'], env)).code).toBe(0)

  const consistent = await counts(fresh)
  expect(consistent.posts).toBe(consistent.counted)
  expect(consistent.posts).toBeGreaterThanOrEqual(before.acknowledged.size)
  expect(consistent.posts).toBeLessThanOrEqual(load.acknowledged.size + 3)

  // A server on the restored database: the same token works and every post acknowledged before the backup is there.
  const back = await startPhare(await freePort(), fresh.env.PHARE_DATA_DIR!, env)
  procs.push(back)
  expect(await checkApi(back.url, before)).toEqual([])
  const posted = await fetch(`${back.url}/api/v1/statuses`, {
    method: 'POST', headers: { authorization: `Bearer ${me.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status: 'after the restore' }),
  })
  expect(posted.status).toBe(200)
  const withPicture = await (await fetch(`${back.url}/api/v1/statuses/${picture.statusId}`, { headers: { authorization: `Bearer ${me.token}` } })).json() as { media_attachments: { url: string }[] }
  expect(new URL(withPicture.media_attachments[0]!.url).pathname).toBe(picture.path)
  if (dialect === 'SQLite') {
    expect(restored.stdout).toMatch(/and [1-9]\d* media files? into/)
    const served = await fetch(`${back.url}${picture.path}`)
    expect(served.status).toBe(200)
    expect(Buffer.from(await served.arrayBuffer()).equals(picture.bytes)).toBe(true)
  }
  console.log(`backup test (${dialect}): ${before.acknowledged.size} posts before the backup, ${duringBackup} acknowledged while it ran, ${consistent.posts} in the restored copy`)
  if (dialect === 'SQLite') expect(existsSync(join(fresh.env.PHARE_DATA_DIR!, 'phare.sqlite'))).toBe(true)
}, 180_000)
