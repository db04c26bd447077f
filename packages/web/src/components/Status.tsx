// One post as it appears in a list or a thread. The whole card opens the thread
// (except its links and buttons); keyboard: Enter/o opens, r replies, l likes,
// t reposts while the post has focus (j/k move focus between posts, see shortcuts.ts).
import { memo, useState, type KeyboardEvent, type MouseEvent, type ReactNode } from 'react'
import type { Status as StatusT } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { Link, navigate } from '../router.tsx'
import { actions, remember, useStatus } from '../state/statuses.ts'
import { openComposer } from '../state/ui.ts'
import { Avatar, NameLine, RelativeTime, nameOf, profilePath } from './AccountBits.tsx'
import { Icon, type IconName } from './Icon.tsx'
import { LinkCard } from './LinkCard.tsx'
import { MediaGrid } from './MediaGrid.tsx'
import { Poll } from './Poll.tsx'
import { RichText } from './RichText.tsx'
import { StatusActions, signedIn } from './StatusActions.tsx'

/** The app path of a post. */
export const statusPath = (s: StatusT) => `/@${s.account.acct}/${s.id}`

const VIS_ICON: Record<StatusT['visibility'], IconName> = { public: 'globe', unlisted: 'unlock', private: 'lock', direct: 'mail' }

function Body({ s }: { s: StatusT }) {
  const i = useI18n()
  const [open, setOpen] = useState(false)
  const content = <RichText html={s.content} className="content" lang={s.language} />
  const visible = !s.spoiler_text || open
  return (
    <>
      {s.spoiler_text ? (
        <div className="cw">
          <p lang={s.language ?? undefined}><Icon name="warning" size={16} /> {s.spoiler_text}</p>
          <button type="button" className="button small ghost" aria-expanded={open} onClick={(e) => { e.stopPropagation(); setOpen(!open) }}>
            {open ? i.t('status.showLess') : i.t('status.showMore')}
          </button>
          {open ? content : null}
        </div>
      ) : content}
      {s.poll && visible ? <Poll status={s} /> : null}
      {s.media_attachments?.length && visible ? <MediaGrid status={s} /> : null}
      {s.card && !s.media_attachments?.length && !s.poll && visible ? <LinkCard card={s.card} /> : null}
    </>
  )
}

/** A quoted post, shown compact inside the quoting one. */
function Quote({ s }: { s: StatusT }) {
  const i = useI18n()
  const q = useStatus(s.quote?.quoted_status?.id) ?? s.quote?.quoted_status
  if (!s.quote) return null
  if (!q) return <p className="quote unavailable">{i.t('status.quoteUnavailable')}</p>
  return (
    <div className="quote" onClick={(e) => { e.stopPropagation(); if (!(e.target as HTMLElement).closest('a,button')) navigate(statusPath(q)) }}>
      <div className="quote-head">
        <Avatar account={q.account} size={20} /> <NameLine account={q.account} /> · <RelativeTime iso={q.created_at} />
      </div>
      {q.spoiler_text ? <p><Icon name="warning" size={16} /> {q.spoiler_text}</p> : <RichText html={q.content} className="content" lang={q.language} />}
    </div>
  )
}

interface Props {
  id: string
  /** a thread's focused post: larger, with full date and counts */
  focused?: boolean
  posinset?: number
  setsize?: number
  /** a thread shows the line to the parent instead of "replying to" */
  inThread?: boolean
  /** a line above the post saying why it is here ("bob mentioned you") */
  note?: ReactNode
}

/** A post by id (from the status store), or nothing if it was deleted. */
export const Status = memo(function Status({ id, focused, posinset, setsize, inThread, note }: Props) {
  const i = useI18n()
  const wrapper = useStatus(id)
  const inner = useStatus(wrapper?.reblog?.id)
  if (!wrapper) return null
  const s = wrapper.reblog ? inner : wrapper
  if (!s) return null
  const name = nameOf(s.account)

  const onKey = (e: KeyboardEvent) => {
    if (e.target !== e.currentTarget && (e.key === 'Enter' || e.key === 'o')) return
    if (e.ctrlKey || e.metaKey || e.altKey) return
    const act: Record<string, () => void> = {
      Enter: () => navigate(statusPath(s)), o: () => navigate(statusPath(s)),
      r: () => signedIn(() => openComposer({ replyTo: s })),
      l: () => signedIn(() => actions.favourite(s)),
      t: () => signedIn(() => actions.reblog(s)),
    }
    const fn = act[e.key]
    if (fn && !(e.target as HTMLElement).matches('input,textarea,select')) { e.preventDefault(); fn() }
  }
  const onClick = (e: MouseEvent) => {
    if (focused || (e.target as HTMLElement).closest('a,button,input,label,summary,.quote,.media-grid') || getSelection()?.toString()) return
    navigate(statusPath(s))
  }

  return (
    <article className={`status${focused ? ' focused' : ''}`} tabIndex={0} aria-label={i.t('status.label', { name })}
      aria-posinset={posinset} aria-setsize={setsize} onKeyDown={onKey} onClick={onClick} data-status-id={s.id}>
      {note}
      {wrapper.reblog ? (
        <p className="context-line">
          <Icon name="repost" size={14} /> <Link to={profilePath(wrapper.account)}>{i.t('status.reblogged', { name: nameOf(wrapper.account) })}</Link>
        </p>
      ) : null}
      <div className="status-grid">
        <Link to={profilePath(s.account)} className="avatar-link" tabIndex={-1} aria-hidden="true">
          <Avatar account={s.account} size={focused ? 52 : 44} />
        </Link>
        <div className="status-main">
          <header className="status-head">
            <Link to={profilePath(s.account)} className="author"><NameLine account={s.account} /></Link>
            <span className="dot" aria-hidden="true">·</span>
            <Link to={statusPath(s)} className="time">
              <RelativeTime iso={s.created_at} />
            </Link>
            <span className="vis" title={i.t(`status.visibility.${s.visibility}`)}>
              <Icon name={VIS_ICON[s.visibility]} size={14} /><span className="sr-only">{i.t(`status.visibility.${s.visibility}`)}</span>
            </span>
            {s.edited_at ? <span className="edited">· {i.t('status.edited')}</span> : null}
          </header>
          {s.in_reply_to_id && !inThread ? (
            <p className="context-line reply-to"><Icon name="reply" size={14} /> {i.t('status.replyTo', { name: replyName(s) })}</p>
          ) : null}
          <Body s={s} />
          <Quote s={s} />
          {focused ? (
            <p className="focus-meta">
              <time dateTime={s.created_at}>{i.dateTime(s.created_at)}</time>
              {' · '}{i.t('status.replies', { count: s.replies_count })}
              {' · '}{i.t('status.reblogs', { count: s.reblogs_count })}
              {' · '}{i.t('status.likes', { count: s.favourites_count })}
            </p>
          ) : null}
          <StatusActions status={s} big={focused} />
        </div>
      </div>
    </article>
  )
})

function replyName(s: StatusT): string {
  if (s.in_reply_to_account_id === s.account.id) return nameOf(s.account)
  const m = s.mentions.find((x) => x.id === s.in_reply_to_account_id)
  return m ? `@${m.acct}` : '…'
}

/** Stores posts from a response and returns their ids (views keep ids; the store keeps posts). */
export function idsOf(list: StatusT[]): string[] {
  remember(list)
  return list.map((s) => s.id)
}
