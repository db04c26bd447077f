// Indexes the timelines need: deleting a post from every home feed looks rows up
// by status, and the read-time merge finds the accounts too big to fan out.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'indexes only'

/** Adds indexes only (expand). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('home_feed_status').on('home_feed').columns(['status_id']).execute()
  await db.schema.createIndex('accounts_followers_count').on('accounts').columns(['followers_count']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('accounts_followers_count').ifExists().execute()
  await db.schema.dropIndex('home_feed_status').ifExists().execute()
}
