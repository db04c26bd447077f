// Follows remember which languages the follower wants from this account
// (Mastodon's `languages` follow option). Expand-only: a nullable column.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'nullable columns that older versions ignore'

/** Adds follows.languages and follow_requests.languages (JSON array text, null = all languages). */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('follows').addColumn('languages', 'text').execute()
  await db.schema.alterTable('follow_requests').addColumn('languages', 'text').execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('follow_requests').dropColumn('languages').execute()
  await db.schema.alterTable('follows').dropColumn('languages').execute()
}
