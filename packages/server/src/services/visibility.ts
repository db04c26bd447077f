// Who may see which post. Every endpoint that returns posts (a single post, a
// thread, any timeline, notifications, search, streaming) filters through here,
// so the rule exists once.
import type { AppContext } from '../context.ts'
import type { StatusesTable } from '../storage/schema.ts'
import type { Viewer } from '../http/auth.ts'
import { accountRows, relationsOf, statusEntries, trueUntil } from '../storage/cache/load.ts'

export type StatusRow = StatusesTable

/** Membership test: the relations are views over cached sets, not copies. */
export interface IdSet { has(id: number): boolean }

/** The relationships between one viewer and a set of authors and posts. */
export interface ViewerRelations {
  viewerId: number | null
  /** authors the viewer blocks, or who block the viewer */
  blocked: IdSet
  /** authors the viewer follows */
  following: IdSet
  /** posts in which the viewer is mentioned */
  mentionedIn: IdSet
  /** authors the viewer mutes (applied in timelines and notifications, not on direct access) */
  muted: IdSet
  /** authors who are suspended */
  suspended: IdSet
  /** threads the viewer muted */
  mutedConversations: IdSet
}

const NONE: IdSet = { has: () => false }

/** Loads what visibility needs for these posts, from the caches (a few queries on a miss, whatever the number of posts). */
export async function relationsFor(ctx: AppContext, viewer: Viewer | null, statuses: StatusRow[]): Promise<ViewerRelations> {
  const me = viewer?.accountId ?? null
  const authors = await accountRows(ctx, statuses.map((s) => s.account_id))
  const suspended: IdSet = { has: (id) => !!authors.get(id)?.suspended }
  if (me === null) {
    return { viewerId: null, blocked: NONE, following: NONE, mentionedIn: NONE, muted: NONE, suspended, mutedConversations: NONE }
  }
  const limited = statuses.filter((s) => (s.visibility === 'private' || s.visibility === 'direct') && s.account_id !== me).map((s) => s.id)
  const [r, entries] = await Promise.all([relationsOf(ctx, me), limited.length ? statusEntries(ctx, limited) : null])
  const now = Date.now()
  for (const until of r.muting.values()) if (until !== null && until > now) trueUntil(ctx, until)
  return {
    viewerId: me,
    blocked: { has: (id) => r.blocking.has(id) || r.blockedBy.has(id) },
    following: r.following,
    mentionedIn: { has: (id) => !!entries?.get(id)?.mentions.includes(me) },
    muted: { has: (id) => { const until = r.muting.get(id); return until !== undefined && (until === null || until > now) } },
    suspended,
    mutedConversations: r.mutedConversations,
  }
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
