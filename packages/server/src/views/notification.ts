// Mastodon's Notification entity, hydrated in batches: one account query and one
// status render for a whole page, never one per notification.
import type { AppContext } from '../context.ts'
import type { Viewer } from '../http/auth.ts'
import type { NotificationRow } from '../storage/repos/notifications.ts'
import { loadAccounts, type AccountJson } from './account.ts'
import { iso } from './html.ts'
import { renderStatusesById, type StatusJson } from './status.ts'

export interface NotificationJson {
  id: string
  type: NotificationRow['type']
  created_at: string
  group_key: string
  account: AccountJson
  status?: StatusJson
}

/**
 * Renders notifications in order, dropping those whose account is gone or whose
 * post the viewer may no longer see (deleted, made private, author blocked…).
 */
export async function renderNotifications(ctx: AppContext, viewer: Viewer, rows: NotificationRow[]): Promise<NotificationJson[]> {
  if (rows.length === 0) return []
  const statusIds = rows.map((r) => r.status_id).filter((x): x is number => x !== null)
  const [accounts, statuses] = await Promise.all([
    loadAccounts(ctx, rows.map((r) => r.from_account_id)),
    renderStatusesById(ctx, viewer, statusIds),
  ])
  const statusById = new Map(statuses.map((s) => [s.id, s]))
  const out: NotificationJson[] = []
  for (const r of rows) {
    const account = accounts.get(r.from_account_id)
    if (!account) continue
    const status = r.status_id !== null ? statusById.get(String(r.status_id)) : undefined
    if (r.status_id !== null && !status) continue
    out.push({
      id: String(r.id), type: r.type, created_at: iso(r.created_at), group_key: `ungrouped-${r.id}`, account,
      ...(status ? { status } : {}),
    })
  }
  return out
}

/** Mastodon 4.3's GroupedNotificationsResults. Phare does not merge notifications yet: each is its own group, keyed as in v1. */
export interface GroupedNotificationsJson {
  accounts: AccountJson[]
  statuses: StatusJson[]
  notification_groups: {
    group_key: string
    notifications_count: number
    type: NotificationRow['type']
    most_recent_notification_id: number
    page_min_id: string
    page_max_id: string
    latest_page_notification_at: string
    sample_account_ids: string[]
    status_id?: string
  }[]
}

/** Renders a page of notifications in the grouped (v2) shape, accounts and posts listed once each. */
export async function renderGroupedNotifications(ctx: AppContext, viewer: Viewer, rows: NotificationRow[]): Promise<GroupedNotificationsJson> {
  const items = await renderNotifications(ctx, viewer, rows)
  const accounts = new Map<string, AccountJson>()
  const statuses = new Map<string, StatusJson>()
  for (const n of items) {
    accounts.set(n.account.id, n.account)
    if (n.status) statuses.set(n.status.id, n.status)
  }
  return {
    accounts: [...accounts.values()],
    statuses: [...statuses.values()],
    notification_groups: items.map((n) => ({
      group_key: n.group_key, notifications_count: 1, type: n.type, most_recent_notification_id: Number(n.id),
      page_min_id: n.id, page_max_id: n.id, latest_page_notification_at: n.created_at, sample_account_ids: [n.account.id],
      ...(n.status ? { status_id: n.status.id } : {}),
    })),
  }
}
