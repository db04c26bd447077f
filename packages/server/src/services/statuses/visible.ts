// Loading a post for an action: it must exist and the viewer must see it (else 404).
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { NotFound } from '../../errors.ts'
import { parseId } from '../../ids.ts'
import { canSee, relationsFor, type StatusRow } from '../visibility.ts'
import { findStatus } from '../../storage/repos/statuses.ts'

/** The post with this id if the viewer may see it; a repost is visible only with its original. */
export async function visibleStatus(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<StatusRow> {
  const id = parseId(rawId)
  const row = id === null ? undefined : await findStatus(ctx.db, id)
  if (!row) throw NotFound()
  const original = row.reblog_of_id !== null ? await findStatus(ctx.db, row.reblog_of_id) : undefined
  const rows = original ? [row, original] : [row]
  const rel = await relationsFor(ctx, viewer, rows)
  if (!rows.every((r) => canSee(rel, r))) throw NotFound()
  if (row.reblog_of_id !== null && !original) throw NotFound()
  return row
}

/** The post an action on this id applies to: the original when the id is a repost's. */
export async function visibleOriginal(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<StatusRow> {
  const row = await visibleStatus(ctx, viewer, rawId)
  return row.reblog_of_id !== null ? (await findStatus(ctx.db, row.reblog_of_id))! : row
}

/** The viewer's own live post (not a repost): 404 when invisible, 403 when someone else's. */
export async function ownStatus(ctx: AppContext, viewer: Viewer & { accountId: number }, rawId: unknown, forbid: () => Error): Promise<StatusRow> {
  const row = await visibleStatus(ctx, viewer, rawId)
  if (row.account_id !== viewer.accountId) throw forbid()
  return row
}
