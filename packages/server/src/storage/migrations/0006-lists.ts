// Lists: a person's named groups of accounts they follow, each readable as a timeline.
// Expand-only: new tables.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'new tables only'

/** Creates lists and list_accounts. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('lists')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('replies_policy', 'text', (c) => c.notNull().defaultTo('list'))
    .addColumn('exclusive', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('lists_account').on('lists').columns(['account_id', 'id']).execute()

  await db.schema.createTable('list_accounts')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('list_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('list_accounts_unique', ['list_id', 'account_id'])
    .execute()
  // "Which lists is this account in?": for fan-out to list timelines and for unfollow clean-up.
  await db.schema.createIndex('list_accounts_account').on('list_accounts').columns(['account_id', 'list_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('list_accounts').ifExists().execute()
  await db.schema.dropTable('lists').ifExists().execute()
}
