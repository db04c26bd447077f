import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import SQLite from 'better-sqlite3'
import { openDatabase, migrateToLatest, type DB } from './db.ts'
import { createTransact } from './transact.ts'

// Grouping only happens on SQLite; PostgreSQL runs each write as its own transaction.
let dir: string
let db: DB
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'phare-transact-'))
  db = openDatabase({ databaseUrl: null, dataDir: dir } as never).db
  await migrateToLatest(db)
})
afterAll(async () => { await db.destroy(); rmSync(dir, { recursive: true, force: true }) })

const tag = (id: number) => ({ id, name: `t${id}`, display_name: `t${id}`, created_at: 0 })
const names = async () => (await db.selectFrom('tags').select('name').orderBy('id').execute()).map((r) => r.name)

describe('createTransact on SQLite', () => {
  it('answers each write with its own result once the rows are committed', async () => {
    const transact = createTransact(db, 'sqlite')
    const results = await Promise.all([1, 2, 3].map((i) => transact(async (trx) => {
      await trx.insertInto('tags').values(tag(i)).execute()
      return i * 10
    })))
    expect(results).toEqual([10, 20, 30])
    // Another connection sees them: they are committed, not only visible inside our transaction.
    const other = new SQLite(join(dir, 'phare.sqlite'), { readonly: true })
    try {
      expect(other.prepare('SELECT name FROM tags ORDER BY id').all().map((r) => (r as { name: string }).name)).toEqual(['t1', 't2', 't3'])
    } finally { other.close() }
  })

  it('rolls back a failing write alone; the others of its group are kept', async () => {
    const transact = createTransact(db, 'sqlite')
    const outcomes = await Promise.allSettled([
      transact(async (trx) => { await trx.insertInto('tags').values(tag(4)).execute() }),
      transact(async (trx) => {
        await trx.insertInto('tags').values(tag(5)).execute()
        throw new Error('refused')
      }),
      transact(async (trx) => { await trx.insertInto('tags').values(tag(6)).execute() }),
    ])
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((outcomes[1] as PromiseRejectedResult).reason.message).toBe('refused')
    expect(await names()).toEqual(['t1', 't2', 't3', 't4', 't6'])
  })

  it('shares one transaction between writes of the same turn', async () => {
    const transact = createTransact(db, 'sqlite')
    const seen = await Promise.all([7, 8].map((i) => transact(async (trx) => {
      await trx.insertInto('tags').values(tag(i)).execute()
      // Both writes see each other's row only if they run in one transaction, one after the other.
      return (await trx.selectFrom('tags').select('name').where('id', 'in', [7, 8]).execute()).length
    })))
    expect(seen).toEqual([1, 2])
  })
})
