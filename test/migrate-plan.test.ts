// `phare migrate --dry-run`, run as an operator would: the plan with each migration's
// compatibility, and not one change to the database.
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { loadConfig } from '../packages/server/src/config.ts'
import { openDatabase } from '../packages/server/src/storage/db.ts'
import { migrations } from '../packages/server/src/storage/migrations/index.ts'
import { freshPostgres } from './support/server.ts'

const root = join(import.meta.dirname, '..')
const dir = mkdtempSync(join(tmpdir(), 'phare-plan-'))
let pg: Awaited<ReturnType<typeof freshPostgres>> | null = null
let env: Record<string, string>

function phare(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))) as Record<string, string>
  return new Promise((resolve) => {
    execFile(process.execPath, [join(root, 'scripts', 'phare.mjs'), ...args], { env: { ...base, ...env }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr })
    })
  })
}

/** The tables in the database, or null when SQLite has no file yet. */
async function tables(): Promise<string[] | null> {
  if (!pg && !existsSync(join(dir, 'phare.sqlite'))) return null
  const { db } = openDatabase(loadConfig(env))
  try { return (await db.introspection.getTables({ withInternalKyselyTables: true })).map((t) => t.name).sort() } finally { await db.destroy() }
}

beforeAll(async () => {
  if (process.env.PHARE_TEST_DATABASE_URL) pg = await freshPostgres(process.env.PHARE_TEST_DATABASE_URL)
  env = { PHARE_DATA_DIR: dir, ...(pg ? { PHARE_DATABASE_URL: pg.url } : {}) }
})
afterAll(async () => {
  await pg?.drop()
  rmSync(dir, { recursive: true, force: true })
})

it('on an empty database the dry run lists every migration with its compatibility and changes nothing', async () => {
  const before = await tables()
  const r = await phare(['migrate', '--dry-run'])
  expect(r.stderr).toBe('')
  expect(r.code).toBe(0)
  expect(r.stdout).toContain('dry run: nothing was changed')
  expect(r.stdout).toContain(`pending: ${Object.keys(migrations).length}, in this order:`)
  for (const [name, m] of Object.entries(migrations)) expect(r.stdout).toMatch(new RegExp(`${name}\\s+${m.compatibility}\\s+${m.reason.replace(/[()]/g, '.')}`))
  expect(r.stdout.indexOf('0001-core')).toBeLessThan(r.stdout.indexOf('0002-accounts'))
  expect(await tables()).toEqual(before)
})

it('after migrating, the dry run finds nothing pending and names migrations only a newer version knows', async () => {
  expect((await phare(['migrate'])).code).toBe(0)
  const migrated = await tables()
  const r = await phare(['migrate', '--dry-run'])
  expect(r.code).toBe(0)
  expect(r.stdout).toContain('pending: none, the database is up to date')
  expect(r.stdout).not.toContain('Warning')
  // As if a newer Phare had migrated this database and the operator rolled back.
  const { db } = openDatabase(loadConfig(env))
  await sql`INSERT INTO kysely_migration (name, timestamp) VALUES ('9999-from-a-newer-version', '2030-01-01T00:00:00.000Z')`.execute(db)
  await db.destroy()
  const newer = await phare(['migrate', '--dry-run'])
  expect(newer.code).toBe(0)
  expect(newer.stdout).toContain('does not know (9999-from-a-newer-version)')
  expect(await tables()).toEqual(migrated)
})
