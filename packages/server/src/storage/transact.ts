// Write transactions, grouped on SQLite. There a commit is an fsync plus rewriting
// every page the transaction dirtied, and it costs more than the writes themselves;
// writes that arrive together therefore share one transaction, each inside its own
// savepoint so that one failing write rolls back alone, and every caller is answered
// only after the shared commit: durability is unchanged, the fsync is shared.
// PostgreSQL commits concurrent transactions in parallel: each write is its own.
import { sql, type Kysely, type Transaction } from 'kysely'
import type { Database } from './schema.ts'
import type { Dialect } from './db.ts'

/**
 * Runs `work` in a write transaction and resolves after it committed. `work` must use
 * only the transaction it is given (never the database directly: on SQLite that
 * would wait for the very transaction it runs in) and nothing slow but the database.
 */
export type Transact = <T>(work: (trx: Transaction<Database>) => Promise<T>) => Promise<T>

interface Pending {
  work: (trx: Transaction<Database>) => Promise<unknown>
  resolve(value: unknown): void
  reject(err: unknown): void
}

/** Writes per shared transaction: enough to share the commit, few enough to keep each wait short. */
const MAX_GROUP = 200

export function createTransact(db: Kysely<Database>, dialect: Dialect): Transact {
  if (dialect === 'postgres') return (work) => db.transaction().execute(work)
  let queue: Pending[] = []
  let scheduled = false

  async function commitGroup(): Promise<void> {
    scheduled = false
    const group = queue.slice(0, MAX_GROUP)
    queue = queue.slice(MAX_GROUP)
    if (queue.length) schedule()
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: unknown })[] = []
    // On a full disk (SQLITE_FULL, an I/O error) SQLite rolls the whole transaction back by itself; the
    // ROLLBACK that follows then fails, and that failure must not hide the write's own error.
    let aborted: unknown = null
    try {
      await db.transaction().execute(async (trx) => {
        for (const p of group) {
          await sql`SAVEPOINT one_write`.execute(trx)
          try {
            const value = await p.work(trx)
            await sql`RELEASE one_write`.execute(trx)
            outcomes.push({ ok: true, value })
          } catch (err) {
            try {
              await sql`ROLLBACK TO one_write`.execute(trx)
              await sql`RELEASE one_write`.execute(trx)
            } catch (rollbackErr) {
              aborted = err
              throw rollbackErr
            }
            outcomes.push({ ok: false, err })
          }
        }
      })
    } catch (err) {
      // The commit itself failed: nothing of the group is stored.
      for (const p of group) p.reject(aborted ?? err)
      return
    }
    group.forEach((p, i) => {
      const o = outcomes[i]
      if (o.ok) p.resolve(o.value)
      else p.reject(o.err)
    })
  }

  // Writes that arrive in the same turn of the event loop (one batch of network reads) go together.
  function schedule() {
    if (scheduled) return
    scheduled = true
    setImmediate(() => { void commitGroup() })
  }

  return <T>(work: (trx: Transaction<Database>) => Promise<T>) => new Promise<T>((resolve, reject) => {
    queue.push({ work, resolve: resolve as (v: unknown) => void, reject })
    schedule()
  })
}
