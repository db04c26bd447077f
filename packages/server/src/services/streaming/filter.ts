// Per-subscriber filtering of live events. Public and hashtag events are rendered
// once for everybody, so each subscriber drops posts from (or mentioning, or
// reposting) accounts it blocks, is blocked by, or mutes. The sets are loaded at
// subscribe time and reloaded when older than REFRESH_MS, at most once at a time.
import type { AppContext } from '../../context.ts'
import type { StreamEvent } from './channels.ts'

const REFRESH_MS = 30_000

interface PayloadStatus { account?: { id?: string }; reblog?: PayloadStatus | null; mentions?: { id?: string }[] }

/** The account ids a rendered post involves: author, reposted author, mentioned people. */
export function involvedAccounts(payload: string): string[] {
  let s: PayloadStatus
  try { s = JSON.parse(payload) as PayloadStatus } catch { return [] }
  const ids: string[] = []
  const add = (p: PayloadStatus | null | undefined) => {
    if (!p) return
    if (p.account?.id) ids.push(p.account.id)
    for (const m of p.mentions ?? []) if (m.id) ids.push(m.id)
  }
  add(s)
  add(s.reblog)
  return ids
}

export interface SubscriberFilter {
  /** True when the event may be sent to this subscriber. */
  allows(e: StreamEvent): Promise<boolean>
}

/** A filter for one signed-in subscriber (anonymous subscribers get everything). */
export function subscriberFilter(ctx: AppContext, accountId: number | null): SubscriberFilter {
  if (accountId === null) return { allows: async () => true }
  let hidden = new Set<string>()
  let loadedAt = 0
  let loading: Promise<void> | null = null
  const load = async () => {
    const now = Date.now()
    const [blocks, mutes] = await Promise.all([
      ctx.db.selectFrom('blocks').select(['account_id', 'target_account_id'])
        .where((eb) => eb.or([eb('account_id', '=', accountId), eb('target_account_id', '=', accountId)])).execute(),
      ctx.db.selectFrom('mutes').select('target_account_id').where('account_id', '=', accountId)
        .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)])).execute(),
    ])
    const next = new Set<string>()
    for (const b of blocks) next.add(String(b.account_id === accountId ? b.target_account_id : b.account_id))
    for (const m of mutes) next.add(String(m.target_account_id))
    hidden = next
    loadedAt = now
  }
  const fresh = () => {
    if (Date.now() - loadedAt < REFRESH_MS) return Promise.resolve()
    loading ??= load().finally(() => { loading = null })
    return loading
  }
  return {
    async allows(e) {
      if (e.event !== 'update' && e.event !== 'status.update') return true
      await fresh()
      if (hidden.size === 0) return true
      return !involvedAccounts(e.payload).some((id) => hidden.has(id))
    },
  }
}
