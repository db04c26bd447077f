// The main navigation: a sidebar on desktop, a bottom tab bar on phones (same
// links, one landmark). Shows the unread notifications count.
import { useI18n, type MessageKey } from '../i18n/index.ts'
import { Link, useRoute } from '../router.tsx'
import { unread } from '../state/notifications.ts'
import { session } from '../state/session.ts'
import { useStore } from '../state/store.ts'
import { openComposer } from '../state/ui.ts'
import { profilePath } from './AccountBits.tsx'
import { Icon, type IconName } from './Icon.tsx'

function Item({ to, icon, label, badge, current }: { to: string; icon: IconName; label: MessageKey; badge?: number; current: boolean }) {
  const i = useI18n()
  return (
    <li>
      <Link to={to} className="nav-link" aria-current={current ? 'page' : undefined} title={i.t(label)}>
        <Icon name={icon} filled={current && icon !== 'settings'} size={22} />
        <span className="nav-text">{i.t(label)}</span>
        {badge ? <span className="badge-count" aria-label={i.t('nav.unread', { count: badge })}>{badge > 99 ? '99+' : badge}</span> : null}
      </Link>
    </li>
  )
}

export function Navigation() {
  const i = useI18n()
  const { path } = useRoute()
  const signedIn = useStore(session, (s) => !!s.token)
  const me = useStore(session, (s) => s.me)
  const count = useStore(unread)
  const home = path === '/' || path === '/home'
  return (
    <nav className="sidebar" aria-label={i.t('nav.label')}>
      <ul>
        {signedIn ? <Item to="/home" icon="home" label="nav.home" current={home} /> : null}
        <Item to="/local" icon="local" label="nav.local" current={path === '/local' || (!signedIn && path === '/')} />
        {signedIn ? (
          <>
            <Item to="/notifications" icon="bell" label="nav.notifications" badge={count} current={path === '/notifications'} />
            <Item to="/bookmarks" icon="bookmark" label="nav.bookmarks" current={path === '/bookmarks'} />
            <Item to="/favourites" icon="heart" label="nav.favourites" current={path === '/favourites'} />
            <Item to="/rooms/new" icon="mic" label="nav.rooms" current={path === '/rooms/new'} />
            {me ? <Item to={profilePath(me)} icon="user" label="nav.profile" current={path === profilePath(me)} /> : null}
          </>
        ) : null}
        <Item to="/settings" icon="settings" label="nav.settings" current={path.startsWith('/settings')} />
      </ul>
      {signedIn ? (
        <button type="button" className="button primary compose-button" onClick={() => openComposer()} aria-label={i.t('nav.compose')}>
          <Icon name="pen" size={20} /><span className="nav-text">{i.t('nav.compose')}</span>
        </button>
      ) : null}
    </nav>
  )
}
