// Reading and dismissing one's notifications.
import type { AppContext } from '../../context.ts'
import { NotFound } from '../../errors.ts'
import { newestFirst, pageQuery, type Page } from '../../http/pagination.ts'
import {
  clearNotifications, dismissNotification, visibleNotifications, type NotificationFilter, type NotificationRow,
} from '../../storage/repos/notifications.ts'
import { lastReadId } from '../markers/markers.ts'

/** A page of notification rows, newest first; `keys` are the ids fetched, for the Link header. */
export interface NotificationPage { keys: number[]; rows: NotificationRow[] }

/** One page of my notifications (the view then drops those about posts I can no longer see). */
export async function listNotifications(ctx: AppContext, me: number, filter: NotificationFilter, page: Page): Promise<NotificationPage> {
  const rows = newestFirst(page, await pageQuery(visibleNotifications(ctx.db, me, filter), 'n.id', page).execute())
  return { keys: rows.map((r) => r.id), rows }
}

/** One of my notifications; 404 when it is not mine or its sender is hidden from me. */
export async function getNotification(ctx: AppContext, me: number, id: number | null): Promise<NotificationRow> {
  if (id === null) throw NotFound()
  const row = await visibleNotifications(ctx.db, me, {}).where('n.id', '=', id).executeTakeFirst()
  if (!row) throw NotFound()
  return row
}

/** Deletes all my notifications. */
export async function clearAll(ctx: AppContext, me: number): Promise<void> {
  await clearNotifications(ctx.db, me)
}

/** Deletes one of my notifications; 404 when there is none with this id. */
export async function dismiss(ctx: AppContext, me: number, id: number | null): Promise<void> {
  if (id === null || !await dismissNotification(ctx.db, me, id)) throw NotFound()
}

/** How many notifications arrived after my notifications marker (at most `limit`). */
export async function unreadCount(ctx: AppContext, me: number, filter: NotificationFilter, limit: number): Promise<number> {
  const after = await lastReadId(ctx, me, 'notifications')
  const rows = await visibleNotifications(ctx.db, me, filter)
    .where('n.id', '>', after ?? -1)
    .where((eb) => eb.or([
      eb('n.status_id', 'is', null),
      eb.exists(eb.selectFrom('statuses as s').select('s.id').whereRef('s.id', '=', 'n.status_id').where('s.deleted_at', 'is', null)),
    ]))
    .clearSelect().select('n.id').limit(limit).execute()
  return rows.length
}
