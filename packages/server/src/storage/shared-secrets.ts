// A secret that every node must hold the same (the proof-of-work challenge key): the
// database has the one copy that counts, and each node keeps it in the file of its data
// directory where the code that uses it reads it. The first node to start offers its own
// file's secret (so passes it signed stay valid); every later node takes that one.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import type { DB } from './db.ts'

/** Makes the file at `path` hold the cluster's secret `name`; returns it (hex). */
export async function syncSharedSecret(db: DB, name: string, path: string): Promise<string> {
  const mine = existsSync(path) ? readFileSync(path, 'utf8').trim() : randomBytes(32).toString('hex')
  await db.insertInto('shared_secrets').values({ name, value: mine, created_at: Date.now() })
    .onConflict((c) => c.column('name').doNothing()).execute()
  const row = await db.selectFrom('shared_secrets').select('value').where('name', '=', name).executeTakeFirstOrThrow()
  if (!existsSync(path) || readFileSync(path, 'utf8').trim() !== row.value) {
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, row.value, { mode: 0o600 })
  }
  return row.value
}
