// Rooms, their members and reminders.
import type { Kysely, Transaction } from 'kysely'
import type { Database, RoomMembersTable, RoomsTable } from '../schema.ts'

type Db = Kysely<Database> | Transaction<Database>
export type RoomRow = RoomsTable
export type RoomMemberRow = RoomMembersTable
export type StageRole = 'host' | 'cohost' | 'speaker'

export const STAGE_ROLES: StageRole[] = ['host', 'cohost', 'speaker']

/** The room with this id. `lock` holds its row until the transaction ends (PostgreSQL; SQLite writes one at a time anyway). */
export async function findRoom(db: Db, id: number, lock = false): Promise<RoomRow | undefined> {
  let q = db.selectFrom('rooms').selectAll().where('id', '=', id)
  if (lock) q = q.forUpdate()
  return q.executeTakeFirst()
}

/** One person's row in a room, if they have one. */
export async function findMember(db: Db, roomId: number, accountId: number): Promise<RoomMemberRow | undefined> {
  return db.selectFrom('room_members').selectAll().where('room_id', '=', roomId).where('account_id', '=', accountId).executeTakeFirst()
}

/** Everyone with a row: the stage, raised hands, invitations and blocks. Bounded by the stage limit plus hands. */
export async function membersOf(db: Db, roomId: number): Promise<RoomMemberRow[]> {
  return db.selectFrom('room_members').selectAll().where('room_id', '=', roomId).execute()
}

/** Inserts or replaces a person's row in a room. */
export async function upsertMember(db: Db, m: RoomMemberRow): Promise<void> {
  const { room_id: _r, account_id: _a, ...rest } = m
  await db.insertInto('room_members').values(m)
    .onConflict((c) => c.columns(['room_id', 'account_id']).doUpdateSet(rest)).execute()
}

/** Changes a person's row; true when there was one. */
export async function updateMember(db: Db, roomId: number, accountId: number, set: Partial<RoomMemberRow>): Promise<boolean> {
  const r = await db.updateTable('room_members').set(set).where('room_id', '=', roomId).where('account_id', '=', accountId).executeTakeFirst()
  return Number(r.numUpdatedRows) > 0
}

/** Counts on stage per role. */
export async function stageCounts(db: Db, roomId: number): Promise<{ stage: number; cohosts: number }> {
  const rows = await db.selectFrom('room_members').select(['role', (eb) => eb.fn.countAll<number>().as('n')])
    .where('room_id', '=', roomId).where('role', 'in', STAGE_ROLES).groupBy('role').execute()
  let stage = 0, cohosts = 0
  for (const r of rows) { stage += Number(r.n); if (r.role === 'cohost') cohosts = Number(r.n) }
  return { stage, cohosts }
}

/** Adds a reminder; idempotent. */
export async function insertReminder(db: Db, roomId: number, accountId: number, now = Date.now()): Promise<void> {
  await db.insertInto('room_reminders').values({ room_id: roomId, account_id: accountId, created_at: now })
    .onConflict((c) => c.columns(['room_id', 'account_id']).doNothing()).execute()
}

/** Removes a reminder. */
export async function deleteReminder(db: Db, roomId: number, accountId: number): Promise<void> {
  await db.deleteFrom('room_reminders').where('room_id', '=', roomId).where('account_id', '=', accountId).execute()
}

/** Who asked to be reminded of a room. */
export async function remindersOf(db: Db, roomId: number): Promise<number[]> {
  const rows = await db.selectFrom('room_reminders').select('account_id').where('room_id', '=', roomId).execute()
  return rows.map((r) => Number(r.account_id))
}

/** True when this person asked to be reminded. */
export async function hasReminder(db: Db, roomId: number, accountId: number): Promise<boolean> {
  return !!await db.selectFrom('room_reminders').select('account_id').where('room_id', '=', roomId).where('account_id', '=', accountId).executeTakeFirst()
}
