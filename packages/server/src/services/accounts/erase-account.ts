// Erasing a deleted account, as the `account.delete` job does it: in stages, each bounded,
// so a huge account is many small jobs rather than one that holds the queue (and the
// database) for minutes. Every stage is idempotent and leaves the data consistent on its
// own (counters move with the rows they count), so a crash anywhere is repaired by a rerun.
import type { AppContext } from '../../context.ts'
import { removeStatus } from '../statuses/delete.ts'
import { endRelation } from '../graph/follow.ts'
import { bumpStatusCounter } from '../../storage/repos/statuses.ts'

/** Rows handled per stage and run. */
export const ERASE_BATCH = 200

type Stage = (ctx: AppContext, accountId: number) => Promise<'more' | 'done'>

/** Every live post and repost, through the normal delete: counters, reposts of it, homes, streams and media purge. */
const removePosts: Stage = async (ctx, id) => {
  const rows = await ctx.db.selectFrom('statuses').selectAll().where('account_id', '=', id).where('deleted_at', 'is', null)
    .orderBy('id', 'desc').limit(ERASE_BATCH).execute()
  for (const row of rows) await removeStatus(ctx, row)
  return rows.length === ERASE_BATCH ? 'more' : 'done'
}

/** Follows and requests both ways, with the other side's counters, homes and lists kept right. */
const endFollows: Stage = async (ctx, id) => {
  // Both tables have the same columns; the cast only narrows the union for the type checker.
  const either = (table: 'follows' | 'follow_requests') => ctx.db.selectFrom(table as 'follows')
    .select(['account_id', 'target_account_id'])
    .where((eb) => eb.or([eb('account_id', '=', id), eb('target_account_id', '=', id)])).limit(ERASE_BATCH).execute()
  const [follows, requests] = await Promise.all([either('follows'), either('follow_requests')])
  const pairs = [...follows, ...requests]
  if (pairs.length === 0) return 'done'
  await ctx.db.transaction().execute(async (trx) => {
    for (const p of pairs) await endRelation(ctx, trx, p.account_id, p.target_account_id)
  })
  const people = [...new Set(pairs.flatMap((p) => [p.account_id, p.target_account_id]))]
  ctx.cache.changed({ relations: people, accounts: people })
  return follows.length === ERASE_BATCH || requests.length === ERASE_BATCH ? 'more' : 'done'
}

/** The account's likes, each taken off its post's count. */
const removeFavourites: Stage = async (ctx, id) => {
  const rows = await ctx.db.selectFrom('favourites').select(['id', 'status_id']).where('account_id', '=', id).limit(ERASE_BATCH).execute()
  if (rows.length === 0) return 'done'
  await ctx.db.transaction().execute(async (trx) => {
    for (const f of rows) {
      const r = await trx.deleteFrom('favourites').where('id', '=', f.id).executeTakeFirst()
      if (Number(r.numDeletedRows) > 0) await bumpStatusCounter(trx, f.status_id, 'favourites_count', -1)
    }
  })
  ctx.cache.changed({ statuses: rows.map((r) => r.status_id), marks: [id] })
  return rows.length === ERASE_BATCH ? 'more' : 'done'
}

/** Uploads never posted and the avatar and header: purged in the media lane, files kept only while something else shows them. */
const removeMedia: Stage = async (ctx, id) => {
  const [orphans, account] = await Promise.all([
    ctx.db.selectFrom('media_attachments').select('id').where('account_id', '=', id).where('status_id', 'is', null).execute(),
    ctx.db.selectFrom('accounts').select(['avatar_key', 'header_key']).where('id', '=', id).executeTakeFirst(),
  ])
  const keys = [account?.avatar_key, account?.header_key].filter((k): k is string => !!k)
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({ avatar_key: null, header_key: null, avatar_url: null, header_url: null }).where('id', '=', id).execute()
    if (keys.length) await ctx.queue.enqueue('media.purge', { keys }, { trx })
    for (let i = 0; i < orphans.length; i += 500) {
      await ctx.queue.enqueueAll(orphans.slice(i, i + 500).map((o) => ({ type: 'media.purge', payload: { orphanId: o.id } })), { trx })
    }
  })
  ctx.cache.changed({ accounts: [id] })
  return 'done'
}

/**
 * Everything else of and about the account: blocks and mutes either way, bookmarks, pins,
 * lists, markers, notifications, its home; the profile emptied; the e-mail address freed
 * (so it can sign up again) and the password made unusable. The account row stays,
 * suspended, so its username is never given to someone else.
 */
const removeTheRest: Stage = async (ctx, id) => {
  const others = await ctx.db.transaction().execute(async (trx) => {
    const rel: { account_id: number; target_account_id: number }[] = []
    for (const t of ['blocks', 'mutes'] as const) {
      // Both tables have the same two columns; the cast only narrows the union for the type checker.
      const rows = await trx.deleteFrom(t as 'blocks').where((eb) => eb.or([eb('account_id', '=', id), eb('target_account_id', '=', id)]))
        .returning(['account_id', 'target_account_id']).execute()
      rel.push(...rows)
    }
    for (const t of ['bookmarks', 'pins', 'conversation_mutes', 'markers', 'home_feed', 'idempotency_keys', 'oauth_codes'] as const) {
      await trx.deleteFrom(t).where('account_id', '=', id).execute()
    }
    const lists = trx.selectFrom('lists').select('id').where('account_id', '=', id)
    await trx.deleteFrom('list_accounts').where((eb) => eb.or([eb('list_id', 'in', lists), eb('account_id', '=', id)])).execute()
    await trx.deleteFrom('lists').where('account_id', '=', id).execute()
    await trx.deleteFrom('notifications').where((eb) => eb.or([eb('account_id', '=', id), eb('from_account_id', '=', id)])).execute()

    const user = await trx.selectFrom('users').select(['id', 'email']).where('account_id', '=', id).executeTakeFirst()
    if (user) {
      await trx.deleteFrom('web_sessions').where('user_id', '=', user.id).execute()
      await trx.deleteFrom('sign_in_failures').where('key', '=', `account:${user.email}`).execute()
      // Not a valid address and not an argon2 hash: nobody can sign in as it, and the real address is free again.
      await trx.updateTable('users').set({
        email: `deleted-${user.id}@deleted.invalid`, password_hash: '', confirmation_token: null,
        reset_token_hash: null, reset_expires_at: null, reason: null,
      }).where('id', '=', user.id).execute()
    }
    await trx.updateTable('accounts').set({
      display_name: '', note: '', fields: '[]', discoverable: 0, statuses_count: 0, followers_count: 0, following_count: 0,
    }).where('id', '=', id).execute()
    return [...new Set(rel.flatMap((r) => [r.account_id, r.target_account_id]))].filter((x) => x !== id)
  })
  ctx.cache.changed({ accounts: [id, ...others], relations: [id, ...others], marks: [id], feeds: [id] })
  return 'done'
}

const STAGES: Stage[] = [removePosts, endFollows, removeFavourites, removeMedia, removeTheRest]

/**
 * One bounded run of erasing account `accountId`, starting at stage `from`. Returns the
 * stage to continue from in another run, or null when nothing is left. Does nothing for
 * an account that is not deleted (suspended): a stray job never erases a live account.
 */
export async function eraseAccountStep(ctx: AppContext, accountId: number, from = 0): Promise<number | null> {
  const a = await ctx.db.selectFrom('accounts').select('suspended').where('id', '=', accountId).executeTakeFirst()
  if (!a || !a.suspended) return null
  for (let stage = Math.max(0, from); stage < STAGES.length; stage++) {
    if ((await STAGES[stage]!(ctx, accountId)) === 'more') return stage
  }
  return null
}

/** The hashes of every token the account ever had, so other processes drop them from their caches. */
export async function tokenHashesOf(ctx: AppContext, accountId: number): Promise<string[]> {
  const rows = await ctx.db.selectFrom('access_tokens').select('token_hash').where('account_id', '=', accountId).execute()
  return rows.map((r) => r.token_hash)
}
