// Failed sign-ins, counted per account and per network address to slow down password
// guessing. A table (not process memory) so that every node of a cluster counts the same.
// Expand-only: a new table.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'a new table only'

/** Creates sign_in_failures. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('sign_in_failures')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    // `account:<e-mail>` or `ip:<address>`
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('sign_in_failures_key').on('sign_in_failures').columns(['key', 'created_at']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('sign_in_failures').ifExists().execute()
}
