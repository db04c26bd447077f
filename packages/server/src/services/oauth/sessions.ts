// "Sessions and authorized apps" in the settings: one entry per live access token of a person.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { NotFound } from '../../errors.ts'
import { parseId } from '../../ids.ts'

/** A live token of the viewer's account with the app that holds it. */
export interface SessionRow {
  id: number
  scopes: string
  created_at: number
  last_used_at: number | null
  app_name: string
  app_website: string | null
}

// More than this many live tokens is an app that never revokes; the newest are the ones a person recognises.
const MAX_LISTED = 500

/** The viewer's live tokens, newest first. */
export async function listSessions(ctx: AppContext, viewer: UserViewer): Promise<SessionRow[]> {
  return ctx.db.selectFrom('access_tokens as t').innerJoin('apps as a', 'a.id', 't.app_id')
    .select(['t.id', 't.scopes', 't.created_at', 't.last_used_at', 'a.name as app_name', 'a.website as app_website'])
    .where('t.account_id', '=', viewer.accountId).where('t.revoked', '=', 0)
    .orderBy('t.id', 'desc').limit(MAX_LISTED).execute()
}

/** Revokes one of the viewer's tokens (the current one too: that is signing out). Someone else's or unknown: 404. */
export async function revokeSession(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<void> {
  const id = parseId(rawId)
  if (id === null) throw NotFound()
  const row = await ctx.db.selectFrom('access_tokens').select('token_hash')
    .where('id', '=', id).where('account_id', '=', viewer.accountId).where('revoked', '=', 0).executeTakeFirst()
  if (!row) throw NotFound()
  await ctx.db.updateTable('access_tokens').set({ revoked: 1 }).where('id', '=', id).execute()
  ctx.cache.changed({ tokens: [row.token_hash] })
}
