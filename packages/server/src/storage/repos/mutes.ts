// Mutes: hide an account's posts (and, by default, its notifications), possibly until a time.
import type { Kysely } from 'kysely'
import type { Database } from '../schema.ts'
import { nextId } from '../../ids.ts'

type Db = Kysely<Database>

/** Creates or replaces the mute of target by account (muting again changes its options, as in Mastodon). */
export async function upsertMute(db: Db, accountId: number, targetId: number, hideNotifications: boolean, expiresAt: number | null, now = Date.now()): Promise<void> {
  await db.insertInto('mutes')
    .values({ id: nextId(), account_id: accountId, target_account_id: targetId, hide_notifications: hideNotifications ? 1 : 0, expires_at: expiresAt, created_at: now })
    .onConflict((c) => c.columns(['account_id', 'target_account_id']).doUpdateSet({ hide_notifications: hideNotifications ? 1 : 0, expires_at: expiresAt }))
    .execute()
}

/** Deletes a mute; true when one was deleted. */
export async function deleteMute(db: Db, accountId: number, targetId: number): Promise<boolean> {
  const r = await db.deleteFrom('mutes').where('account_id', '=', accountId).where('target_account_id', '=', targetId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

/** The live (unexpired) mute of target by account, if any. */
export async function activeMute(db: Db, accountId: number, targetId: number, now = Date.now()) {
  return db.selectFrom('mutes').selectAll().where('account_id', '=', accountId).where('target_account_id', '=', targetId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).executeTakeFirst()
}

/** The accounts someone mutes (unexpired), keyed by mute id for pagination. */
export function pageOfMutes(db: Db, accountId: number, now = Date.now()) {
  return db.selectFrom('mutes').select(['id', 'target_account_id as other_id']).where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]))
}
