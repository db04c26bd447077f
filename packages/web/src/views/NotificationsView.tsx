// Notifications: mentions and quotes as full posts; likes, reposts and follows as
// one line naming who did it, with the post they are about.
import { useEffect, useRef } from 'react'
import { api } from '../api/client.ts'
import type { Account, Notification } from '../api/types.ts'
import { Avatar, NameLine, RelativeTime, nameOf, profilePath } from '../components/AccountBits.tsx'
import { Icon, type IconName } from '../components/Icon.tsx'
import { plainText } from '../components/RichText.tsx'
import { Status, statusPath } from '../components/Status.tsx'
import { VirtualList } from '../components/VirtualList.tsx'
import { useI18n } from '../i18n/index.ts'
import { Link, navigate } from '../router.tsx'
import { markRead } from '../state/notifications.ts'
import { remember } from '../state/statuses.ts'
import { useTimeline, type TimelineSource } from '../state/timeline.ts'
import { toastError } from '../state/ui.ts'
import { ListFooter, NewItemsPill, revealPending } from './TimelineView.tsx'

const source: TimelineSource<Notification> = {
  key: 'notifications', path: '/api/v1/notifications', stream: { name: 'user', event: 'notification' },
  idOf: (n) => n.id,
  received: (list) => { for (const n of list) if (n.status) remember(n.status) },
}

const ICONS: Record<Notification['type'], IconName> = {
  mention: 'reply', status: 'bell', reblog: 'repost', follow: 'userPlus', follow_request: 'userPlus',
  favourite: 'heart', poll: 'poll', update: 'pen', quote: 'quote',
}

function FollowRequestButtons({ account }: { account: Account }) {
  const i = useI18n()
  const act = (what: 'authorize' | 'reject') => api.post(`/api/v1/follow_requests/${account.id}/${what}`).then(() => navigate('/notifications', { replace: true }), toastError)
  return (
    <div className="row">
      <button type="button" className="button small primary" onClick={() => act('authorize')}>{i.t('requests.accept')}</button>
      <button type="button" className="button small" onClick={() => act('reject')}>{i.t('requests.reject')}</button>
    </div>
  )
}

function Item({ n, pos }: { n: Notification; pos: number }) {
  const i = useI18n()
  const text = i.t(`notif.${n.type}`, { name: nameOf(n.account) })
  const line = (
    <p className="context-line"><Icon name={ICONS[n.type]} size={16} filled={n.type === 'favourite'} /> <Link to={profilePath(n.account)}>{text}</Link> · <RelativeTime iso={n.created_at} /></p>
  )
  if (n.status && (n.type === 'mention' || n.type === 'quote' || n.type === 'status' || n.type === 'update')) {
    return <Status id={n.status.id} posinset={pos} setsize={-1} note={line} />
  }
  return (
    <article className={`notification compact notif-${n.type}`} tabIndex={0} aria-label={text} aria-posinset={pos} aria-setsize={-1}
      onKeyDown={(e) => { if (e.key === 'Enter' && e.target === e.currentTarget && n.status) navigate(statusPath(n.status)) }}>
      {line}
      {n.status ? (
        <Link to={statusPath(n.status)} className="preview">
          <span className="content dim">{n.status.spoiler_text || plainText(n.status.content)}</span>
        </Link>
      ) : (
        <div className="account-row">
          <Avatar account={n.account} size={40} />
          <Link to={profilePath(n.account)}><NameLine account={n.account} /></Link>
          {n.type === 'follow_request' ? <FollowRequestButtons account={n.account} /> : null}
        </div>
      )}
    </article>
  )
}

export function NotificationsView() {
  const i = useI18n()
  const tl = useTimeline(source)
  const wrap = useRef<HTMLDivElement>(null)
  const newest = tl.items[0]?.id
  useEffect(() => { if (newest) markRead(newest) }, [newest])
  return (
    <div ref={wrap}>
      <h1 className="view-title">{i.t('notif.label')}</h1>
      <NewItemsPill count={tl.pending.length} label={i.t('timeline.newNotifications', { count: tl.pending.length })} onShow={() => revealPending(tl, wrap.current)} />
      <VirtualList items={tl.items} keyOf={(n) => n.id} cacheKey="notifications" label={i.t('notif.label')} busy={tl.loading} onEndReached={tl.loadMore}
        render={(n, k) => <Item n={n} pos={k + 1} />} />
      <ListFooter tl={tl} empty={i.t('notif.empty')} />
    </div>
  )
}
