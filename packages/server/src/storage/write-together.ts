// Writes that need nothing back from each other, committed as one unit in as few
// round trips as the database allows. On PostgreSQL a write that takes five statements
// (BEGIN, three writes, COMMIT) costs five round trips, and on a small machine the
// round trips cost more than the writes: the statements go as one multi-statement query,
// which PostgreSQL runs as one implicit transaction. On SQLite they run inside the
// grouped transaction of storage/transact.ts.
import { sql, type Compilable, type CompiledQuery, type Kysely } from 'kysely'
import pg from 'pg'
import type { Database } from './schema.ts'
import type { Dialect } from './db.ts'
import type { Transact } from './transact.ts'

/** Runs these writes atomically, in order; each sees the effects of the ones before. */
export type WriteTogether = (writes: Compilable[]) => Promise<void>

/** A parameter as SQL text: only the kinds our queries bind (numbers, strings, booleans, null). */
function literal(v: unknown): string {
  if (v === null || v === undefined) return 'NULL'
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error('cannot inline a non-finite number')
    return String(v)
  }
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE'
  if (typeof v === 'string') return pg.escapeLiteral(v)
  throw new Error(`cannot inline a parameter of type ${typeof v}`)
}

/** The statement with its $n parameters written in as literals (PostgreSQL's placeholders, never inside literals Kysely emits). */
export function inlineParameters(q: CompiledQuery): string {
  return q.sql.replace(/\$(\d+)/g, (_, n: string) => literal(q.parameters[Number(n) - 1]))
}

export function createWriteTogether(db: Kysely<Database>, dialect: Dialect, transact: Transact): WriteTogether {
  if (dialect === 'postgres') {
    return async (writes) => {
      if (writes.length === 0) return
      const text = writes.map((w) => inlineParameters(w.compile())).join(';\n')
      await sql.raw(text).execute(db)
    }
  }
  return (writes) => transact(async (trx) => {
    for (const w of writes) await trx.executeQuery(w.compile())
  })
}
