// Media attachments, their uploaded bytes until processed, link preview cards, and the
// columns that tie them to posts and profiles. Expand-only: new tables, nullable columns.
import { PostgresAdapter, sql, type Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'new tables and nullable columns that older versions ignore'

/** Creates media_attachments, media_uploads and preview_cards; adds statuses.media_ids/card_id and accounts.avatar_key/header_key. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('media_attachments')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    // null until a post takes it; a post takes it once
    .addColumn('status_id', 'bigint')
    // API type: image (animations included: an animated WebP is an image) or unknown
    .addColumn('type', 'text', (c) => c.notNull())
    // processing → ready | failed
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('focus_x', 'real', (c) => c.notNull().defaultTo(0))
    .addColumn('focus_y', 'real', (c) => c.notNull().defaultTo(0))
    // what was uploaded (the bytes themselves are in media_uploads until processed)
    .addColumn('original_mime', 'text', (c) => c.notNull())
    .addColumn('original_width', 'integer', (c) => c.notNull())
    .addColumn('original_height', 'integer', (c) => c.notNull())
    .addColumn('original_size', 'integer', (c) => c.notNull())
    // content-addressed keys in the media store, set when processed
    .addColumn('file_key', 'text')
    .addColumn('file_width', 'integer')
    .addColumn('file_height', 'integer')
    .addColumn('file_size', 'integer')
    .addColumn('small_key', 'text')
    .addColumn('small_width', 'integer')
    .addColumn('small_height', 'integer')
    .addColumn('small_size', 'integer')
    .addColumn('blurhash', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('media_attachments_status').on('media_attachments').columns(['status_id'])
    .where(sql.ref('status_id'), 'is not', null).execute()
  await db.schema.createIndex('media_attachments_account').on('media_attachments').columns(['account_id', 'id']).execute()
  // Kept in the database (not a file) until processed: durable once acknowledged, and
  // reachable from whichever node runs the job.
  await db.schema.createTable('media_uploads')
    .addColumn('media_id', 'bigint', (c) => c.primaryKey())
    .addColumn('bytes', sql.raw(blobType(db)), (c) => c.notNull())
    .execute()

  await db.schema.createTable('preview_cards')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull().unique())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('author_url', 'text', (c) => c.notNull())
    .addColumn('provider_name', 'text', (c) => c.notNull())
    .addColumn('provider_url', 'text', (c) => c.notNull())
    // sanitised: empty, or one sandboxed https iframe
    .addColumn('html', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull())
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('embed_url', 'text', (c) => c.notNull())
    .addColumn('language', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('image_key', 'text')
    .addColumn('image_width', 'integer')
    .addColumn('image_height', 'integer')
    .addColumn('image_description', 'text', (c) => c.notNull())
    .addColumn('blurhash', 'text')
    .addColumn('fetched_at', 'bigint', (c) => c.notNull())
    .execute()

  // JSON array of media ids in the order the author gave them
  await db.schema.alterTable('statuses').addColumn('media_ids', 'text').execute()
  await db.schema.alterTable('statuses').addColumn('card_id', 'bigint').execute()
  // A refreshed card changes every post showing it: those are found by it.
  await db.schema.createIndex('statuses_card').on('statuses').columns(['card_id']).where(sql.ref('card_id'), 'is not', null).execute()
  await db.schema.alterTable('accounts').addColumn('avatar_key', 'text').execute()
  await db.schema.alterTable('accounts').addColumn('header_key', 'text').execute()
}

/** `bytea` on PostgreSQL, `blob` on SQLite. */
function blobType(db: Kysely<any>): string {
  return db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob'
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('header_key').execute()
  await db.schema.alterTable('accounts').dropColumn('avatar_key').execute()
  await db.schema.dropIndex('statuses_card').ifExists().execute()
  await db.schema.alterTable('statuses').dropColumn('card_id').execute()
  await db.schema.alterTable('statuses').dropColumn('media_ids').execute()
  await db.schema.dropTable('preview_cards').ifExists().execute()
  await db.schema.dropTable('media_uploads').ifExists().execute()
  await db.schema.dropTable('media_attachments').ifExists().execute()
}
