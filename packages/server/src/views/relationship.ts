// Mastodon's Relationship entity, for many accounts at once in a fixed number of queries.
import type { AppContext } from '../context.ts'
import { iso } from './html.ts'

export interface RelationshipJson {
  id: string
  following: boolean
  showing_reblogs: boolean
  notifying: boolean
  languages: string[] | null
  followed_by: boolean
  blocking: boolean
  blocked_by: boolean
  muting: boolean
  muting_notifications: boolean
  muting_expires_at: string | null
  requested: boolean
  requested_by: boolean
  domain_blocking: boolean
  endorsed: boolean
  note: string
}

/**
 * The viewer's relationships to these accounts, in the order asked, skipping unknown
 * (and, unless `withSuspended`, suspended) accounts.
 */
export async function renderRelationships(ctx: AppContext, me: number, ids: number[], withSuspended = false): Promise<RelationshipJson[]> {
  const unique = [...new Set(ids)]
  if (unique.length === 0) return []
  const now = Date.now()
  const db = ctx.db
  const [accounts, out, inc, blocks, mutes, reqOut, reqIn] = await Promise.all([
    db.selectFrom('accounts').select(['id', 'suspended']).where('id', 'in', unique).execute(),
    db.selectFrom('follows').selectAll().where('account_id', '=', me).where('target_account_id', 'in', unique).execute(),
    db.selectFrom('follows').select('account_id').where('target_account_id', '=', me).where('account_id', 'in', unique).execute(),
    db.selectFrom('blocks').select(['account_id', 'target_account_id'])
      .where((eb) => eb.or([
        eb.and([eb('account_id', '=', me), eb('target_account_id', 'in', unique)]),
        eb.and([eb('target_account_id', '=', me), eb('account_id', 'in', unique)]),
      ])).execute(),
    db.selectFrom('mutes').selectAll().where('account_id', '=', me).where('target_account_id', 'in', unique)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).execute(),
    db.selectFrom('follow_requests').selectAll().where('account_id', '=', me).where('target_account_id', 'in', unique).execute(),
    db.selectFrom('follow_requests').select('account_id').where('target_account_id', '=', me).where('account_id', 'in', unique).execute(),
  ])
  const known = new Map(accounts.map((a) => [a.id, a]))
  const following = new Map(out.map((f) => [f.target_account_id, f]))
  const requested = new Map(reqOut.map((r) => [r.target_account_id, r]))
  const followedBy = new Set(inc.map((f) => f.account_id))
  const requestedBy = new Set(reqIn.map((r) => r.account_id))
  const blocking = new Set(blocks.filter((b) => b.account_id === me).map((b) => b.target_account_id))
  const blockedBy = new Set(blocks.filter((b) => b.target_account_id === me).map((b) => b.account_id))
  const muted = new Map(mutes.map((m) => [m.target_account_id, m]))

  return unique.filter((id) => known.has(id) && (withSuspended || !known.get(id)!.suspended)).map((id) => {
    // A pending request carries the options the follow will have, and Mastodon shows them already.
    const f = following.get(id) ?? requested.get(id)
    const m = muted.get(id)
    return {
      id: String(id),
      following: following.has(id),
      showing_reblogs: !!f?.show_reblogs,
      notifying: !!f?.notify,
      languages: f?.languages ? JSON.parse(f.languages) as string[] : null,
      followed_by: followedBy.has(id),
      blocking: blocking.has(id),
      blocked_by: blockedBy.has(id),
      muting: !!m,
      muting_notifications: !!m?.hide_notifications,
      muting_expires_at: m?.expires_at ? iso(m.expires_at) : null,
      requested: requested.has(id),
      requested_by: requestedBy.has(id),
      domain_blocking: false,
      endorsed: false,
      note: '',
    }
  })
}

/** The viewer's relationship to one account (the answer of follow, block, mute…). */
export async function renderRelationship(ctx: AppContext, me: number, id: number): Promise<RelationshipJson> {
  const [r] = await renderRelationships(ctx, me, [id], true)
  return r
}
