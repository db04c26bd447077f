// Posts → Mastodon Status JSON, hydrated in batches: one query per table for a
// whole page, never one per post.
import type { AppContext } from '../context.ts'
import type { Viewer } from '../http/auth.ts'
import { canSee, relationsFor, type StatusRow } from '../services/visibility.ts'
import { MARK, marksOf, readUncached, statusEntries } from '../storage/cache/load.ts'
import type { StatusEntry } from '../storage/cache/index.ts'
import { loadAccounts, type AccountJson } from './account.ts'
import { iso } from './html.ts'
import { renderPoll, type PollJson } from './poll.ts'
import { renderMedia, type MediaJson } from './media.ts'
import { renderCard, type PreviewCardJson } from './card.ts'

export interface StatusJson {
  id: string
  uri: string
  url: string
  created_at: string
  edited_at: string | null
  account: AccountJson
  content: string
  text?: string | null
  visibility: StatusRow['visibility']
  sensitive: boolean
  spoiler_text: string
  media_attachments: MediaJson[]
  application: { name: string; website: string | null } | null
  mentions: { id: string; username: string; acct: string; url: string }[]
  tags: { name: string; url: string }[]
  emojis: never[]
  reblogs_count: number
  favourites_count: number
  replies_count: number
  quotes_count: number
  in_reply_to_id: string | null
  in_reply_to_account_id: string | null
  reblog: StatusJson | null
  quote: { state: 'accepted' | 'deleted' | 'unauthorized'; quoted_status: StatusJson | null } | null
  poll: PollJson | null
  card: PreviewCardJson | null
  language: string | null
  favourited?: boolean
  reblogged?: boolean
  muted?: boolean
  bookmarked?: boolean
  pinned?: boolean
  filtered?: never[]
}

export interface RenderOptions {
  /** Drop posts by muted authors (timelines, notifications); a post opened directly is still shown. */
  hideMuted?: boolean
  /** Include the source text (after delete, for "delete and redraft"). */
  withSource?: boolean
}

/** Loads posts by id (through the cache), in order, keeping only those the viewer may see, and renders them. */
export async function renderStatusesById(ctx: AppContext, viewer: Viewer | null, ids: number[], opts: RenderOptions = {}): Promise<StatusJson[]> {
  if (ids.length === 0) return []
  const entries = await statusEntries(ctx, ids)
  return renderStatuses(ctx, viewer, ids.map((id) => entries.get(id)?.row).filter((r): r is StatusRow => !!r), opts)
}

/** Renders rows (in the given order), dropping any the viewer may not see. */
export async function renderStatuses(ctx: AppContext, viewer: Viewer | null, rows: StatusRow[], opts: RenderOptions = {}): Promise<StatusJson[]> {
  if (rows.length === 0) return []
  // Second level: originals of reposts and quoted posts.
  const innerIds = rows.flatMap((r) => [r.reblog_of_id, r.quote_of_id]).filter((x): x is number => x !== null)
  const innerEntries = innerIds.length ? await statusEntries(ctx, innerIds) : new Map<number, StatusEntry>()
  const innerById = new Map([...innerEntries].map(([id, e]) => [id, e.row]))
  const all = [...rows, ...innerById.values()]
  const rel = await relationsFor(ctx, viewer, all)
  const visible = (s: StatusRow) => canSee(rel, s) && !(opts.hideMuted && rel.muted.has(s.account_id))

  const shown = rows.filter((r) => {
    if (!visible(r)) return false
    if (r.reblog_of_id !== null) {
      const orig = innerById.get(r.reblog_of_id)
      return !!orig && visible(orig)
    }
    return true
  })
  if (shown.length === 0) return []
  const present = [...shown, ...shown.map((r) => r.reblog_of_id ?? r.quote_of_id).filter((x): x is number => x !== null)
    .map((id) => innerById.get(id)).filter((r): r is StatusRow => !!r)]
  const hyd = await hydrate(ctx, viewer, present)
  const base = ctx.config.publicUrl

  const one = (r: StatusRow, depth: number): StatusJson => {
    const account = hyd.accounts.get(r.account_id)!
    const entry = hyd.entries.get(r.id)
    const quoted = r.quote_of_id !== null && depth === 0 ? innerById.get(r.quote_of_id) : undefined
    const json: StatusJson = {
      id: String(r.id),
      uri: `${base}/users/${account.username}/statuses/${r.id}`,
      url: `${base}/@${account.username}/${r.id}`,
      created_at: iso(r.created_at),
      edited_at: r.edited_at ? iso(r.edited_at) : null,
      account,
      content: r.reblog_of_id !== null ? '' : r.content,
      visibility: r.visibility,
      sensitive: !!r.sensitive,
      spoiler_text: r.spoiler_text,
      media_attachments: r.reblog_of_id !== null ? [] : (entry?.media ?? []).map((m) => renderMedia(m, ctx.media)),
      application: entry?.app ?? null,
      mentions: (entry?.mentions ?? []).map((id) => hyd.accounts.get(id)).filter((a): a is AccountJson => !!a)
        .map((a) => ({ id: a.id, username: a.username, acct: a.acct, url: a.url })),
      tags: (entry?.tags ?? []).map((name) => ({ name, url: `${base}/tags/${encodeURIComponent(name)}` })),
      emojis: [],
      reblogs_count: r.reblogs_count,
      favourites_count: r.favourites_count,
      replies_count: r.replies_count,
      quotes_count: r.quotes_count,
      in_reply_to_id: r.in_reply_to_id !== null ? String(r.in_reply_to_id) : null,
      in_reply_to_account_id: r.in_reply_to_account_id !== null ? String(r.in_reply_to_account_id) : null,
      reblog: null,
      quote: null,
      poll: r.poll_id !== null && hyd.polls.has(r.poll_id) ? hyd.polls.get(r.poll_id)! : null,
      card: r.reblog_of_id === null && entry?.card ? renderCard(entry.card, ctx.media) : null,
      language: r.language,
      ...(opts.withSource ? { text: r.text } : {}),
    }
    if (r.reblog_of_id !== null && depth === 0) {
      json.reblog = one(innerById.get(r.reblog_of_id)!, 1)
    }
    if (r.quote_of_id !== null && depth === 0) {
      json.quote = quoted && visible(quoted)
        ? { state: 'accepted', quoted_status: one(quoted, 1) }
        : { state: quoted && quoted.deleted_at === null ? 'unauthorized' : 'deleted', quoted_status: null }
    }
    if (viewer?.accountId != null) {
      const bits = hyd.marks.get(r.id) ?? 0
      json.favourited = (bits & MARK.favourited) !== 0
      json.reblogged = (bits & MARK.reblogged) !== 0
      json.bookmarked = (bits & MARK.bookmarked) !== 0
      json.pinned = (bits & MARK.pinned) !== 0
      json.muted = rel.mutedConversations.has(r.conversation_id)
      json.filtered = []
    }
    return json
  }
  return shown.map((r) => one(r, 0))
}

interface Hydrated {
  entries: Map<number, StatusEntry>
  accounts: Map<number, AccountJson>
  polls: Map<number, PollJson>
  /** the viewer's MARK bits by post */
  marks: Map<number, number>
}

async function hydrate(ctx: AppContext, viewer: Viewer | null, rows: StatusRow[]): Promise<Hydrated> {
  const ids = rows.map((r) => r.id)
  const me = viewer?.accountId ?? null
  const pollIds = rows.map((r) => r.poll_id).filter((x): x is number => x !== null)
  if (pollIds.length) readUncached(ctx)
  const [entries, pollRows, marks, ownVotes] = await Promise.all([
    statusEntries(ctx, ids),
    // Polls change with every vote and carry the viewer's own votes: read fresh.
    pollIds.length ? ctx.db.selectFrom('polls').selectAll().where('id', 'in', pollIds).execute() : [],
    me === null ? new Map<number, number>() : marksOf(ctx, me, ids),
    me !== null && pollIds.length
      ? ctx.db.selectFrom('poll_votes').select(['poll_id', 'choice']).where('account_id', '=', me).where('poll_id', 'in', pollIds).execute()
      : [],
  ])
  const mentioned = [...entries.values()].flatMap((e) => e.mentions)
  const accounts = await loadAccounts(ctx, [...rows.map((r) => r.account_id), ...mentioned])
  const polls = new Map<number, PollJson>()
  for (const p of pollRows) polls.set(p.id, renderPoll(p, me === null ? null : ownVotes.filter((v) => v.poll_id === p.id).map((v) => v.choice), p.account_id === me))
  return { entries, accounts, polls, marks }
}

/** Renders a thread around a post with one render pass: ancestors and descendants keep their order. */
export async function renderContext(ctx: AppContext, viewer: Viewer | null, thread: { ancestors: StatusRow[]; descendants: StatusRow[] }): Promise<{ ancestors: StatusJson[]; descendants: StatusJson[] }> {
  const rendered = await renderStatuses(ctx, viewer, [...thread.ancestors, ...thread.descendants])
  const before = new Set(thread.ancestors.map((r) => String(r.id)))
  return { ancestors: rendered.filter((s) => before.has(s.id)), descendants: rendered.filter((s) => !before.has(s.id)) }
}
