// The operator CLI, run as an operator would: `node scripts/phare.mjs …` in its own process.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { freshPostgres, startServer, type TestServer } from './support/server.ts'
import { api, registerApp } from './support/people.ts'

const root = join(import.meta.dirname, '..')

interface Run { code: number; stdout: string; stderr: string }

/** Runs `phare args…` with exactly the PHARE_* settings given (the test runner's own are not passed on). */
function phare(args: string[], env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts', 'phare.mjs'), ...args], { env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** An empty database for the CLI: a temporary data directory, or a fresh PostgreSQL database. */
async function emptyDatabase(): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), 'phare-cli-'))
  const pg = process.env.PHARE_TEST_DATABASE_URL ? await freshPostgres(process.env.PHARE_TEST_DATABASE_URL) : null
  return {
    env: { PHARE_DATA_DIR: dir, ...(pg ? { PHARE_DATABASE_URL: pg.url } : {}) },
    async drop() { await pg?.drop(); rmSync(dir, { recursive: true, force: true }) },
  }
}

/** The settings that point the CLI at a running test server's database. */
const envOf = (server: TestServer): Record<string, string> => ({
  PHARE_DATA_DIR: server.ctx.config.dataDir,
  ...(server.ctx.config.databaseUrl ? { PHARE_DATABASE_URL: server.ctx.config.databaseUrl } : {}),
})

describe('phare help and mistakes', () => {
  it('help lists every command', async () => {
    const r = await phare(['help'], {})
    expect(r.code).toBe(0)
    for (const cmd of ['migrate', 'config check', 'accounts create', 'accounts approve', 'accounts delete']) expect(r.stdout).toContain(cmd)
  })

  it('an unknown command or option exits 2 with the usage', async () => {
    const r = await phare(['frobnicate'], {})
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('unknown command "frobnicate"')
    expect(r.stderr).toContain('Usage: phare')
    const opt = await phare(['accounts', 'create', 'x', '--email', 'x@example.test', '--bogus'], {})
    expect(opt.code).toBe(2)
    expect(opt.stderr).toContain('--bogus')
  })
})

describe('phare migrate', () => {
  let db: Awaited<ReturnType<typeof emptyDatabase>>
  beforeAll(async () => { db = await emptyDatabase() })
  afterAll(async () => { await db.drop() })

  it('runs every migration on an empty database and names them, then has nothing to do', async () => {
    const first = await phare(['migrate'], db.env)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain('0001-core')
    expect(first.stdout).toContain('0002-accounts')
    const again = await phare(['migrate'], db.env)
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('up to date')
    expect(again.stdout).not.toContain('0001-core')
  })
})

describe('phare config check', () => {
  it('prints the effective configuration with URL credentials (user and password) masked', async () => {
    const r = await phare(['config', 'check'], {
      PHARE_DATA_DIR: '/tmp/phare-config-check', PHARE_SMTP_URL: 'smtp://mailer:hunter2secret@mail.example:587',
      PHARE_DATABASE_URL: 'postgres://phare:dbpassw0rd@db.example/phare', PHARE_POST_MAX_CHARS: '1000',
    })
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('PHARE_POST_MAX_CHARS=1000')
    expect(r.stdout).toContain('PHARE_SMTP_URL=smtp://****:****@mail.example:587')
    expect(r.stdout).toContain('PHARE_DATABASE_URL=postgres://****:****@db.example/phare')
    expect(r.stdout).not.toContain('hunter2secret')
    expect(r.stdout).not.toContain('dbpassw0rd')
  })

  it('exits non-zero naming every bad key', async () => {
    const r = await phare(['config', 'check'], { PHARE_PORT: 'eighty', PHARE_REGISTRATION: 'open' })
    expect(r.code).not.toBe(0)
    expect(r.stderr).toContain('PHARE_PORT must be a whole number')
    expect(r.stderr).toContain('PHARE_REGISTRATION is not a Phare setting (did you mean PHARE_REGISTRATIONS?)')
    expect(r.stdout).toBe('')
  })
})

describe('phare accounts', () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer({ PHARE_REGISTRATIONS: 'approval' }) })
  afterAll(async () => { await server.close() })

  it('creates an admin with a generated password that signs in, even with a reserved name and approval required', async () => {
    const r = await phare(['accounts', 'create', 'admin', '--email', 'Admin@Example.test', '--role', 'admin'], envOf(server))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    const password = /Password: (\S+)/.exec(r.stdout)![1]
    expect(password.length).toBeGreaterThanOrEqual(16)
    const app = await registerApp(server)
    const tok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'admin@example.test', password, scope: 'read' })
    expect(tok.status).toBe(200)
    const me = await api(server, tok.json.access_token, 'GET', '/api/v1/accounts/verify_credentials')
    expect(me.status).toBe(200)
    expect(me.json.username).toBe('admin')
    expect(me.json.role.name).toBe('admin')
  })

  it('creates an account with the given password and refuses a taken name', async () => {
    const r = await phare(['accounts', 'create', 'mod', '--email', 'mod@example.test', '--password', 'a fine password'], envOf(server))
    expect(r.code).toBe(0)
    expect(r.stdout).not.toContain('Password:')
    const app = await registerApp(server)
    const tok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'mod@example.test', password: 'a fine password' })
    expect(tok.status).toBe(200)
    const taken = await phare(['accounts', 'create', 'MOD', '--email', 'other@example.test'], envOf(server))
    expect(taken.code).toBe(1)
    expect(taken.stderr).toContain('Username has already been taken')
    const noEmail = await phare(['accounts', 'create', 'nomail'], envOf(server))
    expect(noEmail.code).toBe(2)
  })

  it('approves a pending sign-up, after which its token works', async () => {
    const app = await registerApp(server)
    const r = await api(server, app.appToken, 'POST', '/api/v1/accounts', { username: 'nina', email: 'nina@example.test', password: 'long enough pw', agreement: true, reason: 'Hello' })
    expect(r.status).toBe(200)
    const token = r.json.access_token as string
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).json.code).toBe('account_pending')
    const ok = await phare(['accounts', 'approve', 'nina'], envOf(server))
    expect(ok.code).toBe(0)
    expect(ok.stdout).toContain('Approved @nina')
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
    const unknown = await phare(['accounts', 'approve', 'nobody'], envOf(server))
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no account @nobody')
  })

  it('deletes an account only when told --yes, then its token, profile and posts are gone and its name stays taken', async () => {
    expect((await phare(['accounts', 'create', 'zoe', '--email', 'zoe@example.test', '--password', 'zoe password 1'], envOf(server))).code).toBe(0)
    const app = await registerApp(server)
    const tok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'password', client_id: app.clientId, client_secret: app.clientSecret, username: 'zoe@example.test', password: 'zoe password 1', scope: 'read write' })
    const token = tok.json.access_token as string
    const post = await api(server, token, 'POST', '/api/v1/statuses', { status: 'soon gone' })
    expect(post.status).toBe(200)
    const zoe = (await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).json.id as string

    const refused = await phare(['accounts', 'delete', 'zoe'], envOf(server))
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('--yes')
    expect(refused.stderr).toContain('cannot be undone')
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)

    const r = await phare(['accounts', 'delete', '@zoe', '--yes'], envOf(server))
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toContain('Deleted @zoe')
    expect(r.stdout).toContain('Revoked 1 access token')
    expect(r.stdout).toContain('1 post')
    // The server's queue runs the job the CLI queued.
    await server.ctx.queue.drain()
    expect((await api(server, token, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    expect((await api(server, null, 'GET', `/api/v1/accounts/${zoe}`)).status).toBe(404)
    expect((await api(server, null, 'GET', `/api/v1/statuses/${post.json.id}`)).status).toBe(404)
    const retaken = await phare(['accounts', 'create', 'zoe', '--email', 'zoe2@example.test'], envOf(server))
    expect(retaken.code).toBe(1)
    expect(retaken.stderr).toContain('Username has already been taken')

    const again = await phare(['accounts', 'delete', 'zoe', '--yes'], envOf(server))
    expect(again.code).toBe(0)
    expect(again.stdout).toContain('already deleted')
    const unknown = await phare(['accounts', 'delete', 'nobody', '--yes'], envOf(server))
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('no account @nobody')
  })
})
