// Browser sessions for the OAuth sign-in pages, and the posting defaults a person
// keeps in their profile's `source`. Expand-only: a new table and columns with defaults.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'a new table and new columns with defaults; older versions ignore them'

/** Adds web_sessions and users.default_privacy / default_sensitive / default_language. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('web_sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', (c) => c.notNull())
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('web_sessions_user').on('web_sessions').columns(['user_id']).execute()
  await db.schema.alterTable('users').addColumn('default_privacy', 'text', (c) => c.notNull().defaultTo('public')).execute()
  await db.schema.alterTable('users').addColumn('default_sensitive', 'integer', (c) => c.notNull().defaultTo(0)).execute()
  await db.schema.alterTable('users').addColumn('default_language', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('default_language').execute()
  await db.schema.alterTable('users').dropColumn('default_sensitive').execute()
  await db.schema.alterTable('users').dropColumn('default_privacy').execute()
  await db.schema.dropTable('web_sessions').ifExists().execute()
}
