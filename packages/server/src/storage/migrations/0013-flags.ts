// Feature flags (issue 9): the flags every node evaluates (services/flags) and the history of
// their changes, automatic rollbacks included. Expand-only: new tables, nothing else touched.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'new tables that older versions ignore'

/** Creates the flags and flag_events tables. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('flags')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('boolean'))
    // 0 is the kill switch: off for everyone, allow-list included
    .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('percentage', 'integer', (c) => c.notNull().defaultTo(0))
    // JSON arrays of account ids (as strings); usernames are resolved to ids when written
    .addColumn('allow_list', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('deny_list', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createTable('flag_events')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('flag_key', 'text', (c) => c.notNull())
    // created, staged, killed, revived, lists, updated, rolled_back
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('percentage', 'integer')
    // null for the automatic rollback
    .addColumn('actor_account_id', 'bigint')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull().defaultTo(''))
    // JSON: the cohorts' figures behind an automatic rollback
    .addColumn('figures', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('flag_events_flag').on('flag_events').columns(['flag_key', 'id']).execute()
}

/** Drops what up() added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('flag_events').execute()
  await db.schema.dropTable('flags').execute()
}
