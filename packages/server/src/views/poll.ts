import type { AppContext } from '../context.ts'
import type { Viewer } from '../http/auth.ts'
import type { PollsTable } from '../storage/schema.ts'
import { iso } from './html.ts'

/** Mastodon's Poll entity. */
export interface PollJson {
  id: string
  expires_at: string | null
  expired: boolean
  multiple: boolean
  votes_count: number
  voters_count: number | null
  options: { title: string; votes_count: number | null }[]
  emojis: never[]
  voted?: boolean
  own_votes?: number[]
}

/** Renders a poll; `ownVotes` is null for an anonymous viewer. Totals stay hidden until the end when the author asked. */
export function renderPoll(p: PollsTable, ownVotes: number[] | null, isAuthor: boolean, now = Date.now()): PollJson {
  const expired = p.expires_at !== null && p.expires_at <= now
  const titles = JSON.parse(p.options) as string[]
  const votes = JSON.parse(p.votes) as number[]
  const hide = !!p.hide_totals && !expired && !isAuthor
  return {
    id: String(p.id),
    expires_at: p.expires_at !== null ? iso(p.expires_at) : null,
    expired,
    multiple: !!p.multiple,
    votes_count: p.votes_count,
    voters_count: p.multiple ? p.voters_count : null,
    options: titles.map((title, i) => ({ title, votes_count: hide ? null : votes[i] ?? 0 })),
    emojis: [],
    ...(ownVotes === null ? {} : { voted: ownVotes.length > 0 || isAuthor, own_votes: ownVotes }),
  }
}

/** Renders one poll for a viewer, with their own votes. */
export async function renderPollFor(ctx: AppContext, viewer: Viewer | null, p: PollsTable): Promise<PollJson> {
  const me = viewer?.accountId ?? null
  const own = me === null ? null
    : (await ctx.db.selectFrom('poll_votes').select('choice').where('poll_id', '=', p.id).where('account_id', '=', me).execute()).map((v) => v.choice)
  return renderPoll(p, own, p.account_id === me)
}
