// Creating one notification: the rules of who is told about what, once.
import type { AppContext } from '../../context.ts'
import { nextId } from '../../ids.ts'
import { insertNotification, type NotificationType } from '../../storage/repos/notifications.ts'
import { blockedEitherWay } from '../../storage/repos/blocks.ts'
import { activeMute } from '../../storage/repos/mutes.ts'
import { findFollow, findRequest } from '../../storage/repos/follows.ts'
import { canSee, relationsFor } from '../visibility.ts'
import { channels, type StreamEvent } from '../streaming/channels.ts'
import { renderNotifications } from '../../views/notification.ts'
import { asViewer } from './viewer.ts'

/** The payload of the `notify` job. */
export interface NotifyJob {
  accountId: number
  fromAccountId: number
  type: NotificationType
  statusId: number | null
  dedupeKey: string
}

const TYPES = new Set<NotificationType>(['mention', 'status', 'reblog', 'follow', 'follow_request', 'favourite', 'poll', 'update', 'quote'])

/** True when this notification should exist now (checked when the job runs, not when it was queued). */
async function shouldNotify(ctx: AppContext, n: NotifyJob): Promise<boolean> {
  // Nobody is told of their own actions, except that their own poll has ended (Mastodon sends that one too).
  if (!TYPES.has(n.type) || (n.accountId === n.fromAccountId && n.type !== 'poll')) return false
  const ids = [...new Set([n.accountId, n.fromAccountId])]
  const people = await ctx.db.selectFrom('accounts').select(['id', 'suspended']).where('id', 'in', ids).execute()
  if (people.length !== ids.length || people.some((p) => p.suspended)) return false
  const b = await blockedEitherWay(ctx.db, n.accountId, n.fromAccountId)
  if (b.aBlocksB || b.bBlocksA) return false
  const mute = await activeMute(ctx.db, n.accountId, n.fromAccountId)
  if (mute?.hide_notifications) return false
  // The follow or request may have been undone before the job ran.
  if (n.type === 'follow' && !await findFollow(ctx.db, n.fromAccountId, n.accountId)) return false
  if (n.type === 'follow_request' && !await findRequest(ctx.db, n.fromAccountId, n.accountId)) return false
  if (n.statusId != null) {
    const status = await ctx.db.selectFrom('statuses').selectAll().where('id', '=', n.statusId).executeTakeFirst()
    if (!status) return false
    const rel = await relationsFor(ctx, asViewer(n.accountId), [status])
    if (!canSee(rel, status)) return false
  }
  return true
}

/**
 * Creates a notification unless a rule says no (self, blocks, muted notifications, a post
 * the recipient cannot see), then streams it. Idempotent through the dedupe key.
 */
export async function createNotification(ctx: AppContext, n: NotifyJob): Promise<boolean> {
  if (!await shouldNotify(ctx, n)) return false
  const row = {
    id: nextId(), account_id: n.accountId, from_account_id: n.fromAccountId, type: n.type,
    status_id: n.statusId ?? null, created_at: Date.now(), dedupe_key: n.dedupeKey,
  }
  if (!await insertNotification(ctx.db, row)) return false
  const [json] = await renderNotifications(ctx, asViewer(n.accountId), [row])
  if (json) {
    const event: StreamEvent = { event: 'notification', payload: JSON.stringify(json) }
    await ctx.pubsub.publish(channels.user(n.accountId), event)
  }
  return true
}
