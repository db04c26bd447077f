// The page: banner, navigation, the current view in <main>, and (on wide screens)
// a complementary column with search and the composer.
import { lazy, Suspense, useEffect, type ReactNode } from 'react'
import { Composer } from './components/Composer.tsx'
import { Icon } from './components/Icon.tsx'
import { Navigation } from './components/Navigation.tsx'
import { Overlays } from './components/Overlays.tsx'
import { Search } from './components/Search.tsx'
import { StatusBanner } from './components/StatusBanner.tsx'
import { RollbackNotice } from './components/RollbackNotice.tsx'
import { ReadOnlyBanner } from './components/ReadOnlyBanner.tsx'
import { useI18n, type I18n } from './i18n/index.ts'
import { Link, match, navigate, useRoute } from './router.tsx'
import { instance, session } from './state/session.ts'
import { bookmarksSource, favouritesSource, homeSource, localSource, tagSource } from './state/sources.ts'
import { useStore } from './state/store.ts'
import { helpOpen } from './state/ui.ts'
import { AuthViews } from './views/index.ts'
import { FollowRequestsView } from './views/FollowRequestsView.tsx'
import { NotificationsView } from './views/NotificationsView.tsx'
import { ProfileView } from './views/ProfileView.tsx'
import { ThreadView } from './views/ThreadView.tsx'
import { TimelineView } from './views/TimelineView.tsx'

const SettingsView = lazy(() => import('./views/settings/SettingsView.tsx'))
const ProfileEditView = lazy(() => import('./views/settings/ProfileEditView.tsx'))
const DevelopersView = lazy(() => import('./views/settings/DevelopersView.tsx'))
const LimitsView = lazy(() => import('./views/admin/LimitsView.tsx'))
const ReadOnlyView = lazy(() => import('./views/admin/ReadOnlyView.tsx'))
const FlagsView = lazy(() => import('./views/admin/FlagsView.tsx'))
const NewRoomView = lazy(() => import('./views/rooms/NewRoomView.tsx'))
const RoomView = lazy(() => import('./views/rooms/RoomView.tsx'))

interface Resolved { title: string; view: ReactNode; needsAccount?: boolean }

function resolve(path: string, signedIn: boolean, i: I18n): Resolved {
  let m: Record<string, string> | null
  if (path === '/' && signedIn) return { title: i.t('timeline.home'), view: <HomeView /> }
  if (path === '/' || path === '/local') return { title: i.t('timeline.local'), view: <LocalView /> }
  if (path === '/home') return { title: i.t('timeline.home'), view: <HomeView />, needsAccount: true }
  if (path === '/notifications') return { title: i.t('nav.notifications'), view: <NotificationsView />, needsAccount: true }
  if (path === '/bookmarks') return { title: i.t('nav.bookmarks'), view: <Titled title={i.t('nav.bookmarks')}><TimelineView source={bookmarksSource} label={i.t('nav.bookmarks')} empty={i.t('timeline.empty')} /></Titled>, needsAccount: true }
  if (path === '/favourites') return { title: i.t('nav.favourites'), view: <Titled title={i.t('nav.favourites')}><TimelineView source={favouritesSource} label={i.t('nav.favourites')} empty={i.t('timeline.empty')} /></Titled>, needsAccount: true }
  if (path === '/follow-requests') return { title: i.t('requests.title'), view: <FollowRequestsView />, needsAccount: true }
  if (path === '/settings') return { title: i.t('settings.title'), view: <SettingsView /> }
  if (path === '/developers') return { title: i.t('developers.title'), view: <DevelopersView /> }
  if (path === '/admin/limits') return { title: i.t('adminLimits.title'), view: <LimitsView />, needsAccount: true }
  if (path === '/admin/read-only') return { title: i.t('adminReadOnly.title'), view: <ReadOnlyView />, needsAccount: true }
  if (path === '/admin/flags') return { title: i.t('flags.title'), view: <FlagsView />, needsAccount: true }
  if (path === '/settings/profile') return { title: i.t('profile.edit'), view: <ProfileEditView />, needsAccount: true }
  if (path === '/sign-in') return { title: i.t('nav.signIn'), view: <AuthViews.SignIn /> }
  if (path === '/sign-up') return { title: i.t('nav.signUp'), view: <AuthViews.SignUp /> }
  if (path === '/callback') return { title: i.t('nav.signIn'), view: <AuthViews.Callback /> }
  if (path === '/rooms/new') return { title: i.t('rooms.new.title'), view: <NewRoomView />, needsAccount: true }
  if ((m = match('/rooms/:id', path)) && /^\d+$/.test(m.id)) return { title: i.t('rooms.title'), view: <RoomView key={m.id} id={m.id} /> }
  if ((m = match('/tags/:tag', path))) {
    const tag = m.tag
    return { title: `#${tag}`, view: <Titled title={`#${tag}`}><TimelineView key={tag} source={tagSource(tag)} label={`#${tag}`} empty={i.t('timeline.empty')} /></Titled> }
  }
  if ((m = match('/@:acct/:id', path)) && /^\d+$/.test(m.id)) return { title: i.t('status.thread'), view: <ThreadView id={m.id} /> }
  if ((m = match('/@:acct', path))) return { title: `@${m.acct}`, view: <ProfileView acct={m.acct} /> }
  return { title: i.t('app.notFound'), view: <p className="list-footer">{i.t('app.notFound')}</p> }
}

function Titled({ title, children }: { title: string; children: ReactNode }) {
  return <><h1 className="view-title">{title}</h1>{children}</>
}

function HomeView() {
  const i = useI18n()
  return <Titled title={i.t('timeline.home')}><TimelineView source={homeSource} label={i.t('timeline.home')} empty={i.t('timeline.homeEmpty')} /></Titled>
}

function LocalView() {
  const i = useI18n()
  const signedIn = useStore(session, (s) => !!s.token)
  const server = useStore(instance, (x) => x?.title ?? location.host)
  return (
    <>
      {signedIn ? null : (
        <section className="card welcome" aria-labelledby="welcome">
          <h2 id="welcome">{i.t('auth.welcomeTitle', { server })}</h2>
          <p>{i.t('auth.welcome')}</p>
          <p className="row wrap">
            <Link to="/sign-in" className="button primary">{i.t('nav.signIn')}</Link>
            <Link to="/sign-up" className="button">{i.t('nav.signUp')}</Link>
          </p>
        </section>
      )}
      <Titled title={i.t('timeline.local')}><TimelineView source={localSource} label={i.t('timeline.local')} empty={i.t('timeline.empty')} /></Titled>
    </>
  )
}

function Banner({ title }: { title: string }) {
  const i = useI18n()
  const signedIn = useStore(session, (s) => !!s.token)
  const server = useStore(instance, (x) => x?.title)
  return (
    <header className="topbar">
      <Link to="/" className="brand"><span className="brand-mark" aria-hidden="true">✦</span> <span>{server ?? i.t('app.name')}</span></Link>
      <span className="topbar-title" aria-hidden="true">{title}</span>
      <span className="spacer" />
      <button type="button" className="icon-button" aria-label={i.t('keys.title')} title={i.t('keys.title')} onClick={() => helpOpen.set(true)}><Icon name="keyboard" /></button>
      {signedIn ? null : <Link to="/sign-in" className="button small primary">{i.t('nav.signIn')}</Link>}
    </header>
  )
}

export function App() {
  const i = useI18n()
  const { path, key } = useRoute()
  const { token, ready } = useStore(session)
  const r = resolve(path, !!token, i)
  const server = useStore(instance, (x) => x?.title ?? 'Phare')
  useEffect(() => { document.title = `${r.title} · ${server}` }, [r.title, server])
  useEffect(() => { if (ready && r.needsAccount && !token) navigate(`/sign-in?back=${encodeURIComponent(path)}`, { replace: true }) }, [ready, token, path])
  const wide = path === '/sign-in' || path === '/sign-up' || path === '/callback'
  return (
    <>
      <a className="skip-link" href="#main">{i.t('app.skip')}</a>
      <Banner title={r.title} />
      <StatusBanner />
      <ReadOnlyBanner />
      <RollbackNotice />
      <div className="layout">
        <Navigation />
        <main id="main" tabIndex={-1} key={key}>
          <Suspense fallback={<span className="spinner" aria-hidden="true" />}>{ready ? r.view : null}</Suspense>
        </main>
        {wide ? null : (
          <aside className="aside" aria-label={i.t('nav.search')}>
            <Search />
            {token ? <div className="card"><Composer textId="compose-text" /></div> : null}
          </aside>
        )}
      </div>
      <Overlays />
    </>
  )
}
