// Read-only mode set by an admin (API and CLI): every write gets 503 read_only with the admin's
// message and Retry-After, reads go on, the state is public (its endpoint, the instance, /metrics),
// and it is stored, so a node that did not set it (here: the CLI's process) is obeyed.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server.ts'
import { api, registerApp, signUp, type Person } from '../support/people.ts'
import { until } from '../support/until.ts'

const root = join(import.meta.dirname, '..', '..')
let server: TestServer
let admin: Person
let bob: Person

function phare(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  const env = { ...base, PHARE_DATA_DIR: server.ctx.config.dataDir, ...(server.ctx.config.databaseUrl ? { PHARE_DATABASE_URL: server.ctx.config.databaseUrl } : {}) }
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts', 'phare.mjs'), ...args], { env, timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }))
  })
}


beforeAll(async () => {
  server = await startServer({ PHARE_METRICS_TOKEN: 'scrape-me-secret', PHARE_STATUS_URL: 'https://viewer:hunter2@status.example' })
  admin = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  await server.ctx.db.updateTable('users').set({ role: 'admin' }).where('account_id', '=', Number(admin.accountId)).execute()
  server.ctx.cache.changed({ tokens: true })
}, 60_000)
afterAll(async () => { await server?.close() })

describe('read-only mode set by an admin', () => {
  it('is off on a healthy server, and only an admin may see or change it', async () => {
    const pub = await api(server, null, 'GET', '/api/v1/phare/read_only')
    expect(pub.status).toBe(200)
    expect(pub.json).toMatchObject({ read_only: false, reason: null, message: null })
    expect((await api(server, bob.token, 'PUT', '/api/v1/phare/admin/read_only', { message: 'no' })).status).toBe(403)
    expect((await api(server, bob.token, 'GET', '/api/v1/phare/admin/read_only')).status).toBe(403)
    expect((await api(server, null, 'DELETE', '/api/v1/phare/admin/read_only')).status).toBe(401)
    expect((await api(server, admin.token, 'PUT', '/api/v1/phare/admin/read_only', { message: '   ' })).status).toBe(422)
    const shown = await api(server, admin.token, 'GET', '/api/v1/phare/admin/read_only')
    expect(shown.json).toMatchObject({ read_only: false, floor_mb: 200 })
    expect(shown.json.free_mb).toBeGreaterThan(0)
  })

  it('refuses every write with 503 read_only, the message and Retry-After, while reads go on; lifting it brings writes back', async () => {
    const before = await bob.client.v1.statuses.create({ status: 'before the maintenance' })
    const app = await registerApp(server, 'leaked')
    const message = 'Moving to a bigger disk: posting is paused until 14:00 UTC.'
    const set = await api(server, admin.token, 'PUT', '/api/v1/phare/admin/read_only', { message })
    expect(set.status).toBe(200)
    expect(set.json).toMatchObject({ read_only: true, reason: 'admin', message })

    const post = await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'during' })
    expect(post.status).toBe(503)
    expect(post.json).toMatchObject({ code: 'read_only', error: message, reason: 'admin' })
    expect(Number(post.headers.get('retry-after'))).toBeGreaterThan(0)
    // the real client library sees the refusal too
    await expect(bob.client.v1.statuses.$select(before.id).favourite()).rejects.toThrow(message)
    expect((await api(server, bob.token, 'POST', '/api/v2/media', {})).json.code).toBe('read_only')
    expect((await api(server, null, 'POST', '/api/v1/accounts', { username: 'carol' })).json.code).toBe('read_only')

    // revoking a token (signing out) is never refused
    expect((await api(server, null, 'POST', '/oauth/revoke', { client_id: app.clientId, client_secret: app.clientSecret, token: app.appToken })).status).toBe(200)
    expect((await api(server, app.appToken, 'GET', '/api/v1/apps/verify_credentials')).status).toBe(401)
    // reads go on
    const home = await bob.client.v1.timelines.home.list()
    expect(home.map((s) => s.id)).toContain(before.id)
    expect((await bob.client.v1.statuses.$select(before.id).fetch()).content).toContain('before the maintenance')
    // and the state is public: its endpoint, the instance, /metrics
    expect((await api(server, null, 'GET', '/api/v1/phare/read_only')).json).toMatchObject({ read_only: true, reason: 'admin', message })
    expect((await api(server, null, 'GET', '/api/v1/instance')).json.phare_read_only).toMatchObject({ read_only: true, message })
    expect((await api(server, null, 'GET', '/api/v2/instance')).json.phare_read_only).toMatchObject({ read_only: true, message })
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/phare_read_only\{reason="admin"\} 1/)
    expect(metrics).toMatch(/phare_read_only\{reason="disk_full"\} 0/)

    const cleared = await api(server, admin.token, 'DELETE', '/api/v1/phare/admin/read_only')
    expect(cleared.status).toBe(200)
    expect(cleared.json.read_only).toBe(false)
    const after = await bob.client.v1.statuses.create({ status: 'after the maintenance' })
    expect(after.id).toBeTruthy()
  })

  it('`phare read-only on "message"` from another process is obeyed by the running server within seconds, and `off` lifts it', async () => {
    const on = await phare(['read-only', 'on', 'Backup in progress, back in 10 minutes'])
    expect(on.code, on.stderr).toBe(0)
    expect(on.stdout).toContain('Read-only mode is on')
    const seen = await until('the server to notice', async () => {
      const r = await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'during the backup' })
      return r.status === 503 ? r : null
    })
    expect(seen.json).toMatchObject({ code: 'read_only', error: 'Backup in progress, back in 10 minutes' })
    expect((await phare(['read-only', 'status'])).stdout).toContain('Backup in progress')
    const off = await phare(['read-only', 'off'])
    expect(off.code, off.stderr).toBe(0)
    await until('writes to come back', async () => (await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'back' })).status === 200)
  }, 60_000)
})

describe('effective configuration for admins', () => {
  it('GET /api/v1/phare/admin/config lists every setting with its doc, secrets and URL credentials masked', async () => {
    expect((await api(server, bob.token, 'GET', '/api/v1/phare/admin/config')).status).toBe(403)
    const r = await api(server, admin.token, 'GET', '/api/v1/phare/admin/config')
    expect(r.status).toBe(200)
    const byKey = new Map((r.json.settings as { key: string; value: string; doc: string | null }[]).map((s) => [s.key, s]))
    expect(byKey.get('PHARE_METRICS_TOKEN')?.value).toBe('****')
    expect(byKey.get('PHARE_STATUS_URL')?.value).toBe('https://****:****@status.example')
    expect(byKey.get('PHARE_READ_ONLY_FREE_MB')).toMatchObject({ value: '200' })
    expect(byKey.get('PHARE_READ_ONLY_FREE_MB')?.doc).toContain('read-only')
    expect(JSON.stringify(r.json)).not.toContain('hunter2')
    expect(JSON.stringify(r.json)).not.toContain('scrape-me-secret')
  })
})
