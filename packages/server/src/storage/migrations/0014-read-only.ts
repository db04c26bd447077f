// Read-only mode (issue 9): the state an admin sets deliberately, shared by every node and
// kept across restarts, and one row per node that its write probe rewrites (a write that
// succeeds tells a node in automatic read-only mode that the database takes writes again).
// Expand-only: older code ignores both tables.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'new tables that older versions ignore'

/** Adds read_only_mode and write_probes. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('read_only_mode')
    // always 1: the one deliberate state of the server
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('message', 'text', (c) => c.notNull())
    .addColumn('since', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint')
    .execute()
  await db.schema.createTable('write_probes')
    .addColumn('node', 'text', (c) => c.primaryKey())
    .addColumn('written_at', 'bigint', (c) => c.notNull())
    .execute()
}

/** Drops what up() added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('write_probes').execute()
  await db.schema.dropTable('read_only_mode').execute()
}
