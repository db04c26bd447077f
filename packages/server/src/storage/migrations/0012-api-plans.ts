// API plans (issue 7): each app's plan (null: the configured default plan), the person who
// registered it on the developer page, and its requests counted per hour. Expand-only.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'nullable columns and a new table that older versions ignore'

/** Adds apps.plan and apps.owner_account_id, and the app_usage table. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('apps').addColumn('plan', 'text').execute()
  await db.schema.alterTable('apps').addColumn('owner_account_id', 'bigint').execute()
  await db.schema.createIndex('apps_owner').on('apps').columns(['owner_account_id', 'id']).execute()
  // Counted in memory and added here every few seconds (services/plans/usage.ts), never one write per request.
  await db.schema.createTable('app_usage')
    .addColumn('app_id', 'bigint', (c) => c.notNull())
    // the start of the hour, in ms (UTC)
    .addColumn('hour', 'bigint', (c) => c.notNull())
    .addColumn('requests', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('app_usage_pk', ['app_id', 'hour'])
    .execute()
}

/** Drops what up() added. */
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('app_usage').execute()
  await db.schema.dropIndex('apps_owner').execute()
  await db.schema.alterTable('apps').dropColumn('owner_account_id').execute()
  await db.schema.alterTable('apps').dropColumn('plan').execute()
}
