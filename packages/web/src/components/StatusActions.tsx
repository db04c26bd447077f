// The action bar under a post. Every button has a name a screen reader reads and
// a pressed state for toggles; signed-out visitors are sent to sign in.
import { memo } from 'react'
import type { Status } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { navigate } from '../router.tsx'
import { session } from '../state/session.ts'
import { actions } from '../state/statuses.ts'
import { useStore } from '../state/store.ts'
import { openComposer, toast, toastError } from '../state/ui.ts'
import { Icon } from './Icon.tsx'

/** Copies the post's link, or opens the system share sheet where there is one (phones). */
export async function sharePost(s: Status, copied: string): Promise<void> {
  if (navigator.share && matchMedia('(pointer: coarse)').matches) {
    try { await navigator.share({ url: s.url }); return } catch { /* dismissed: fall back to copying */ }
  }
  try { await navigator.clipboard.writeText(s.url); toast(copied) } catch { prompt('', s.url) }
}

/** Runs an action that needs an account, or sends a visitor to sign in. */
export function signedIn(fn: () => unknown): void {
  if (!session.get().token) { navigate('/sign-in'); return }
  Promise.resolve(fn()).catch(toastError)
}

export const StatusActions = memo(function StatusActions({ status: s, big }: { status: Status; big?: boolean }) {
  const i = useI18n()
  const me = useStore(session, (x) => x.me?.id)
  const canReblog = s.visibility === 'public' || s.visibility === 'unlisted' || (s.visibility === 'private' && s.account.id === me)
  const canQuote = s.visibility === 'public' || s.visibility === 'unlisted'
  const count = (n: number) => (n > 0 && !big ? <span className="count">{i.count(n)}</span> : null)
  // The name is the hidden label plus the visible count ("Like 3"), so speech and sight agree.
  const label = (text: string) => <span className="sr-only">{text} </span>
  return (
    <div className="actions">
      <button type="button" className="action" title={i.t('status.reply')}
        onClick={() => signedIn(() => openComposer({ replyTo: s }))}>
        {label(i.t('status.reply'))}<Icon name="reply" />{count(s.replies_count)}
      </button>
      <button type="button" className="action reblog" aria-pressed={!!s.reblogged}
        title={i.t('status.reblog')} disabled={!canReblog} onClick={() => signedIn(() => actions.reblog(s))}>
        {label(s.reblogged ? i.t('status.unreblog') : i.t('status.reblog'))}<Icon name="repost" />{count(s.reblogs_count)}
      </button>
      <button type="button" className="action" title={i.t('status.quote')} disabled={!canQuote}
        onClick={() => signedIn(() => openComposer({ quote: s }))}>
        {label(i.t('status.quote'))}<Icon name="quote" />{count(s.quotes_count ?? 0)}
      </button>
      <button type="button" className="action like" aria-pressed={!!s.favourited}
        title={i.t('status.like')} onClick={() => signedIn(() => actions.favourite(s))}>
        {label(s.favourited ? i.t('status.unlike') : i.t('status.like'))}<Icon name="heart" filled={s.favourited} />{count(s.favourites_count)}
      </button>
      <button type="button" className="action bookmark" aria-pressed={!!s.bookmarked}
        title={i.t('status.bookmark')} onClick={() => signedIn(() => actions.bookmark(s))}>
        {label(s.bookmarked ? i.t('status.unbookmark') : i.t('status.bookmark'))}<Icon name="bookmark" filled={s.bookmarked} />
      </button>
      <button type="button" className="action" title={i.t('status.share')} onClick={() => void sharePost(s, i.t('status.copied'))}>
        {label(i.t('status.share'))}<Icon name="share" />
      </button>
      {s.account.id === me ? (
        <button type="button" className="action danger" title={i.t('status.delete')}
          onClick={() => { if (confirm(i.t('status.deleteConfirm'))) actions.remove(s).then(() => toast(i.t('status.deleted')), toastError) }}>
          {label(i.t('status.delete'))}<Icon name="close" />
        </button>
      ) : null}
    </div>
  )
})
