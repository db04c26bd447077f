// A post's versions and its source.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { NotFound } from '../../errors.ts'
import type { StatusEditsTable } from '../../storage/schema.ts'
import type { StatusRow } from '../visibility.ts'
import { findPoll } from '../../storage/repos/polls.ts'
import { visibleStatus } from './visible.ts'

export type StatusEditRow = StatusEditsTable

/** The versions of a visible post, oldest first; a post never edited has one version, itself. */
export async function statusHistory(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<{ status: StatusRow; edits: StatusEditRow[] }> {
  const status = await visibleStatus(ctx, viewer, rawId)
  const edits = await ctx.db.selectFrom('status_edits').selectAll().where('status_id', '=', status.id).orderBy('id').execute()
  if (edits.length > 0) return { status, edits }
  const poll = status.poll_id !== null ? await findPoll(ctx.db, status.poll_id) : undefined
  return {
    status,
    edits: [{
      id: status.id, status_id: status.id, text: status.text, content: status.content, spoiler_text: status.spoiler_text,
      sensitive: status.sensitive, poll_options: poll?.options ?? null, created_at: status.edited_at ?? status.created_at,
    }],
  }
}

/** The source of one's own post, for editing; someone else's is a 404, as in Mastodon. */
export async function statusSource(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<StatusRow> {
  const row = await visibleStatus(ctx, viewer, rawId)
  if (row.account_id !== viewer?.accountId) throw NotFound()
  return row
}
