// Posts: the app a post was written with, muted conversations, and one live
// repost per person and original (so two racing reposts cannot both exist).
import { sql, type Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'a nullable column, a new table and a unique index that older versions only meet in a race of two reposts'

/** Backwards compatible: adds a nullable column, a table and an index (expand). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('statuses').addColumn('application_id', 'bigint').execute()
  await db.schema.createTable('conversation_mutes')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('conversation_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_mutes_pk', ['account_id', 'conversation_id'])
    .execute()
  await db.schema.createIndex('statuses_live_reblog').on('statuses').columns(['reblog_of_id', 'account_id']).unique()
    .where(sql.ref('reblog_of_id'), 'is not', null).where(sql.ref('deleted_at'), 'is', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('statuses_live_reblog').ifExists().execute()
  await db.schema.dropTable('conversation_mutes').ifExists().execute()
  await db.schema.alterTable('statuses').dropColumn('application_id').execute()
}
