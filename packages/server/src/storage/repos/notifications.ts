// Notifications: one row per event, unique by dedupe key so a retried job never notifies twice.
import type { Kysely } from 'kysely'
import type { Database, NotificationsTable } from '../schema.ts'

type Db = Kysely<Database>
export type NotificationRow = NotificationsTable
export type NotificationType = NotificationsTable['type']

/** Which of a person's notifications to read. */
export interface NotificationFilter {
  types?: string[]
  excludeTypes?: string[]
  fromAccountId?: number | null
}

/** Inserts a notification unless its dedupe key exists; true when this call created it. */
export async function insertNotification(db: Db, row: NotificationRow): Promise<boolean> {
  const r = await db.insertInto('notifications').values(row)
    .onConflict((c) => c.column('dedupe_key').doNothing()).executeTakeFirst()
  return Number(r.numInsertedOrUpdatedRows ?? 0) > 0
}

/** Deletes the notifications with these dedupe keys (the event that caused them was undone). */
export async function deleteNotificationsByKey(db: Db, keys: string[]): Promise<void> {
  if (keys.length) await db.deleteFrom('notifications').where('dedupe_key', 'in', keys).execute()
}

/**
 * A person's notifications with the filters applied, leaving out those from accounts
 * that are suspended, blocked either way, or muted with notifications hidden.
 */
export function visibleNotifications(db: Db, me: number, f: NotificationFilter, now = Date.now()) {
  let q = db.selectFrom('notifications as n').selectAll('n').where('n.account_id', '=', me)
    .where((eb) => eb.not(eb.exists(eb.selectFrom('blocks as b').select('b.id').where((e) => e.or([
      e.and([e('b.account_id', '=', me), e('b.target_account_id', '=', e.ref('n.from_account_id'))]),
      e.and([e('b.target_account_id', '=', me), e('b.account_id', '=', e.ref('n.from_account_id'))]),
    ])))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('mutes as m').select('m.id')
      .where('m.account_id', '=', me).whereRef('m.target_account_id', '=', 'n.from_account_id').where('m.hide_notifications', '=', 1)
      .where((e) => e.or([e('m.expires_at', 'is', null), e('m.expires_at', '>', now)])))))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('accounts as a').select('a.id')
      .whereRef('a.id', '=', 'n.from_account_id').where('a.suspended', '=', 1))))
  if (f.types?.length) q = q.where('n.type', 'in', f.types as NotificationType[])
  if (f.excludeTypes?.length) q = q.where('n.type', 'not in', f.excludeTypes as NotificationType[])
  if (f.fromAccountId != null) q = q.where('n.from_account_id', '=', f.fromAccountId)
  return q
}

/** Deletes all of a person's notifications. */
export async function clearNotifications(db: Db, me: number): Promise<void> {
  await db.deleteFrom('notifications').where('account_id', '=', me).execute()
}

/** Deletes one of a person's notifications; true when it existed. */
export async function dismissNotification(db: Db, me: number, id: number): Promise<boolean> {
  const r = await db.deleteFrom('notifications').where('account_id', '=', me).where('id', '=', id).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}
