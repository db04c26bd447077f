// When a quoted post is edited, its quoters are notified: finding them by quote_of_id
// scanned every post. Partial, like the reply and repost indexes: most posts quote nothing.
import { sql, type Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'an index only'

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createIndex('statuses_quote').on('statuses').columns(['quote_of_id']).where(sql.ref('quote_of_id'), 'is not', null).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('statuses_quote').ifExists().execute()
}
