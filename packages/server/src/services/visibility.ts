// Who may see which post. Every endpoint that returns posts (a single post, a
// thread, any timeline, notifications, search, streaming) filters through here,
// so the rule exists once.
import type { AppContext } from '../context.ts'
import type { StatusesTable } from '../storage/schema.ts'
import type { Viewer } from '../http/auth.ts'

export type StatusRow = StatusesTable

/** The relationships between one viewer and a set of authors and posts, loaded in a fixed number of queries. */
export interface ViewerRelations {
  viewerId: number | null
  /** authors the viewer blocks, or who block the viewer */
  blocked: Set<number>
  /** authors the viewer follows */
  following: Set<number>
  /** posts in which the viewer is mentioned */
  mentionedIn: Set<number>
  /** authors the viewer mutes (applied in timelines and notifications, not on direct access) */
  muted: Set<number>
  /** authors who are suspended */
  suspended: Set<number>
}

/** Loads what visibility needs for these posts: four small queries whatever the number of posts. */
export async function relationsFor(ctx: AppContext, viewer: Viewer | null, statuses: StatusRow[]): Promise<ViewerRelations> {
  const authors = [...new Set(statuses.map((s) => s.account_id))]
  const rel: ViewerRelations = {
    viewerId: viewer?.accountId ?? null, blocked: new Set(), following: new Set(), mentionedIn: new Set(), muted: new Set(), suspended: new Set(),
  }
  if (authors.length === 0) return rel
  const suspended = await ctx.db.selectFrom('accounts').select('id').where('id', 'in', authors).where('suspended', '=', 1).execute()
  suspended.forEach((r) => rel.suspended.add(r.id))
  const me = viewer?.accountId
  if (me == null) return rel
  const others = authors.filter((a) => a !== me)
  if (others.length) {
    const [blocks, follows, mutes] = await Promise.all([
      ctx.db.selectFrom('blocks').select(['account_id', 'target_account_id'])
        .where((eb) => eb.or([
          eb.and([eb('account_id', '=', me), eb('target_account_id', 'in', others)]),
          eb.and([eb('target_account_id', '=', me), eb('account_id', 'in', others)]),
        ])).execute(),
      ctx.db.selectFrom('follows').select('target_account_id').where('account_id', '=', me).where('target_account_id', 'in', others).execute(),
      ctx.db.selectFrom('mutes').select(['target_account_id', 'expires_at']).where('account_id', '=', me).where('target_account_id', 'in', others).execute(),
    ])
    blocks.forEach((b) => rel.blocked.add(b.account_id === me ? b.target_account_id : b.account_id))
    follows.forEach((f) => rel.following.add(f.target_account_id))
    const now = Date.now()
    mutes.filter((m) => m.expires_at === null || m.expires_at > now).forEach((m) => rel.muted.add(m.target_account_id))
  }
  const limited = statuses.filter((s) => (s.visibility === 'private' || s.visibility === 'direct') && s.account_id !== me).map((s) => s.id)
  if (limited.length) {
    const mentions = await ctx.db.selectFrom('mentions').select('status_id').where('account_id', '=', me).where('status_id', 'in', limited).execute()
    mentions.forEach((m) => rel.mentionedIn.add(m.status_id))
  }
  return rel
}

/** True when the viewer may see this one post (not counting a reposted original, which is checked on its own). */
export function canSee(rel: ViewerRelations, s: StatusRow): boolean {
  if (s.deleted_at !== null) return false
  if (rel.suspended.has(s.account_id)) return false
  if (rel.viewerId === s.account_id) return true
  if (rel.blocked.has(s.account_id)) return false
  switch (s.visibility) {
    case 'public':
    case 'unlisted':
      return true
    case 'private':
      return rel.following.has(s.account_id) || rel.mentionedIn.has(s.id)
    case 'direct':
      return rel.mentionedIn.has(s.id)
    default:
      return false
  }
}
