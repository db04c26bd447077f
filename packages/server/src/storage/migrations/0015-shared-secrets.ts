// Secrets every node of one Phare must share (issue 10): the proof-of-work challenge key,
// which signs challenges and passes that any node must accept. Expand-only.
import type { Kysely } from 'kysely'

/** Adds the shared_secrets table. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('shared_secrets')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
}

/** Drops what up() added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('shared_secrets').execute()
}
