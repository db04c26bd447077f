// Live audio rooms (issue 6): the room, the people with a part in it, and who asked
// to be reminded. Listeners who only listen have no row: a join storm writes nothing
// (their count is kept in memory, services/rooms/presence.ts). Expand-only: new tables.
import type { Kysely } from 'kysely'

/** Whether the previous version keeps working on the migrated schema (README "Durability and backups"). */
export const compatibility = 'expand'
export const reason = 'new tables only'

/** Creates rooms, room_members and room_reminders. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('rooms')
    .addColumn('id', 'bigint', (c) => c.primaryKey())
    .addColumn('host_account_id', 'bigint', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    // JSON array of at most 3 tags
    .addColumn('topics', 'text', (c) => c.notNull().defaultTo('[]'))
    // scheduled → live → ended (a scheduled room may also end without starting)
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('scheduled_at', 'bigint')
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    // random, set at the start: segment URLs carry it, so they can be cached forever
    .addColumn('broadcast_id', 'text')
    // the post that announces the room
    .addColumn('status_id', 'bigint')
    .addColumn('pinned_status_id', 'bigint')
    .addColumn('replay_deleted_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute()
  await db.schema.createIndex('rooms_host').on('rooms').columns(['host_account_id', 'id']).execute()
  await db.schema.createIndex('rooms_state').on('rooms').columns(['state', 'scheduled_at']).execute()

  await db.schema.createTable('room_members')
    .addColumn('room_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    // host | cohost | speaker | listener (a listener has a row only with a raised hand, an invitation or a block)
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('hand_raised_at', 'bigint')
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('invited_at', 'bigint')
    // speaker | cohost: what the invitation is for
    .addColumn('invited_role', 'text')
    .addColumn('blocked', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('room_members_pk', ['room_id', 'account_id'])
    .execute()

  await db.schema.createTable('room_reminders')
    .addColumn('room_id', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('room_reminders_pk', ['room_id', 'account_id'])
    .execute()
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('room_reminders').ifExists().execute()
  await db.schema.dropTable('room_members').ifExists().execute()
  await db.schema.dropTable('rooms').ifExists().execute()
}
