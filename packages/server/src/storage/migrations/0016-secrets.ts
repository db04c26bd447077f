// Secrets every node of a cluster must share (the proof-of-work challenge's signing key): in
// the database, made once by whichever node starts first. Expand-only: a new table.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'a new table that older versions ignore'

/** Creates secrets. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    // hex
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('secrets').ifExists().execute()
}
