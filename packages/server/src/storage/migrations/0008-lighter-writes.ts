// Lighter writes for the two hottest tables.
// Home feeds are the most written table: every post adds a row per follower. On SQLite
// a table with a separate primary-key index writes each row into three b-trees (rows,
// primary key, author index), and a commit costs what it dirties. Clustered on
// (reader, post) WITHOUT ROWID, a row lives in one b-tree plus the status index,
// whose inserts are sequential. Removing one author from one reader's feed (unfollow,
// block) scans that reader's rows instead of using an index: rare, and bounded by
// the feed's length. PostgreSQL keeps its heap; it only loses the author index.
// Posts: most are neither replies nor reposts, yet every post was written into the
// reply and repost indexes under NULL. Partial indexes hold only the rows looked up
// (`in_reply_to_id = ?` implies it is not null, so both databases still use them).
import { SqliteAdapter, sql, type Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'indexes reshaped and home_feed rebuilt with the same columns: older versions read and write it unchanged'

const isSqlite = (db: Kysely<any>) => db.getExecutor().adapter instanceof SqliteAdapter

export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('statuses_reply').execute()
  await db.schema.createIndex('statuses_reply').on('statuses').columns(['in_reply_to_id']).where(sql.ref('in_reply_to_id'), 'is not', null).execute()
  await db.schema.dropIndex('statuses_reblog').execute()
  await db.schema.createIndex('statuses_reblog').on('statuses').columns(['reblog_of_id', 'account_id']).where(sql.ref('reblog_of_id'), 'is not', null).execute()
  await db.schema.dropIndex('home_feed_author').ifExists().execute()
  if (!isSqlite(db)) return
  await db.schema.createTable('home_feed_clustered')
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('status_id', 'bigint', (c) => c.notNull())
    .addColumn('author_id', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('home_feed_clustered_pk', ['account_id', 'status_id'])
    .modifyEnd(sql`WITHOUT ROWID`)
    .execute()
  await sql`INSERT INTO home_feed_clustered (account_id, status_id, author_id) SELECT account_id, status_id, author_id FROM home_feed`.execute(db)
  await db.schema.dropTable('home_feed').execute()
  await db.schema.alterTable('home_feed_clustered').renameTo('home_feed').execute()
  await db.schema.createIndex('home_feed_status').on('home_feed').columns(['status_id']).execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  // The clustered table serves every query the old layout did; only the author index comes back.
  await db.schema.createIndex('home_feed_author').on('home_feed').columns(['account_id', 'author_id']).execute()
  await db.schema.dropIndex('statuses_reblog').execute()
  await db.schema.createIndex('statuses_reblog').on('statuses').columns(['reblog_of_id', 'account_id']).execute()
  await db.schema.dropIndex('statuses_reply').execute()
  await db.schema.createIndex('statuses_reply').on('statuses').columns(['in_reply_to_id']).execute()
}
