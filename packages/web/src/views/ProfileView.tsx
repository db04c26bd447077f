// A profile: header, avatar, name, bio, fields, counts, the relationship buttons
// (follow / requested / unfollow, mute, block) and the account's posts.
import { useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import type { Account, Relationship } from '../api/types.ts'
import { NameLine, nameOf } from '../components/AccountBits.tsx'
import { RichText } from '../components/RichText.tsx'
import { signedIn } from '../components/StatusActions.tsx'
import { useI18n } from '../i18n/index.ts'
import { Link } from '../router.tsx'
import { refreshMe, session } from '../state/session.ts'
import { accountSource } from '../state/sources.ts'
import { useStore } from '../state/store.ts'
import { errorText, openComposer } from '../state/ui.ts'
import { TimelineView } from './TimelineView.tsx'

function RelationshipButtons({ account, rel, setRel }: { account: Account; rel: Relationship | null; setRel(r: Relationship): void }) {
  const i = useI18n()
  const [busy, setBusy] = useState(false)
  const act = (path: string, confirmText?: string) => signedIn(async () => {
    if (confirmText && !confirm(confirmText)) return
    setBusy(true)
    try { setRel(await api.post<Relationship>(`/api/v1/accounts/${account.id}/${path}`)) } finally { setBusy(false) }
  })
  const name = nameOf(account)
  if (rel?.blocking) {
    return <div className="profile-actions"><button type="button" className="button" disabled={busy} onClick={() => act('unblock')}>{i.t('profile.unblock')}</button></div>
  }
  const follow = rel?.following
    ? <button type="button" className="button" disabled={busy} onClick={() => act('unfollow')}>{i.t('profile.unfollow')}</button>
    : rel?.requested
      ? <button type="button" className="button" disabled={busy} aria-label={i.t('profile.cancelRequest')} onClick={() => act('unfollow')}>{i.t('profile.requested')}</button>
      : <button type="button" className="button primary" disabled={busy || rel?.blocked_by} onClick={() => act('follow')}>{i.t('profile.follow')}</button>
  return (
    <div className="profile-actions" role="group" aria-label={i.t('profile.actions', { name })}>
      {follow}
      <button type="button" className="button ghost" onClick={() => signedIn(() => openComposer({ text: `@${account.acct} ` }))}>{i.t('profile.mention')}</button>
      <button type="button" className="button ghost" disabled={busy} onClick={() => act(rel?.muting ? 'unmute' : 'mute')}>{rel?.muting ? i.t('profile.unmute') : i.t('profile.mute')}</button>
      <button type="button" className="button ghost danger" disabled={busy} onClick={() => act('block', i.t('profile.blockConfirm', { name }))}>{i.t('profile.block')}</button>
    </div>
  )
}

export function ProfileView({ acct }: { acct: string }) {
  const i = useI18n()
  const me = useStore(session, (s) => s.me)
  const token = useStore(session, (s) => s.token)
  const [account, setAccount] = useState<Account | null>(null)
  const [rel, setRel] = useState<Relationship | null>(null)
  const [error, setError] = useState<unknown>(null)

  useEffect(() => {
    setAccount(null); setRel(null); setError(null)
    api.get<Account>('/api/v1/accounts/lookup', { acct }).then((a) => {
      setAccount(a)
      document.title = `${nameOf(a)} (@${a.acct}) · ${document.title.split(' · ').at(-1)}`
      if (token) api.get<Relationship[]>('/api/v1/accounts/relationships', { id: [a.id] }).then((r) => setRel(r[0] ?? null), () => {})
    }, setError)
  }, [acct, token])

  // A follow changes the follower counts: show them as the server now says.
  const updateRel = (r: Relationship) => {
    setRel(r)
    if (account) api.get<Account>(`/api/v1/accounts/${account.id}`).then(setAccount, () => {})
    void refreshMe().catch(() => {})
  }

  if (error) return <p className="list-footer" role="alert">{errorText(error)}</p>
  if (!account) return <div className="list-footer"><span className="spinner" aria-hidden="true" /><span className="sr-only">{i.t('app.loading')}</span></div>
  const own = me?.id === account.id
  const name = nameOf(account)
  return (
    <TimelineView key={account.id} source={accountSource(account.id)} label={i.t('profile.posts')} empty={i.t('timeline.empty')} enabled={!rel?.blocking}>
      <section className="profile" aria-labelledby="profile-name">
        <div className="profile-header" style={{ backgroundImage: account.header_static.includes('/missing.png') ? undefined : `url("${account.header_static}")` }} role="img" aria-label={i.t('profile.header')} />
        <div className="profile-top">
          <img className="avatar big" src={account.avatar_static} alt={i.t('profile.avatar', { name })} width={96} height={96} />
          {own
            ? <div className="profile-actions"><Link to="/settings/profile" className="button">{i.t('profile.edit')}</Link></div>
            : <RelationshipButtons account={account} rel={rel} setRel={updateRel} />}
        </div>
        <h1 id="profile-name" className="profile-name"><NameLine account={account} /></h1>
        {rel?.followed_by ? <p className="badge">{i.t('profile.followsYou')}</p> : null}
        {account.locked ? <p className="dim">{i.t('profile.locked')}</p> : null}
        {rel?.blocking ? <p className="dim">{i.t('profile.blocked')}</p> : null}
        <RichText html={account.note} className="content bio" />
        {account.fields.length ? (
          <dl className="fields">
            {account.fields.map((f, n) => (
              <div key={n} className={f.verified_at ? 'verified' : undefined}><dt><RichText html={f.name} /></dt><dd><RichText html={f.value} /></dd></div>
            ))}
          </dl>
        ) : null}
        <p className="dim">{i.t('profile.joined', { date: i.monthYear(account.created_at) })}</p>
        <ul className="counts">
          <li><strong>{i.count(account.statuses_count)}</strong> {i.t('profile.posts')}</li>
          <li><strong>{i.count(account.following_count)}</strong> {i.t('profile.following')}</li>
          <li><strong>{i.count(account.followers_count)}</strong> {i.t('profile.followers')}</li>
        </ul>
        <h2 className="section-title">{i.t('profile.posts')}</h2>
      </section>
    </TimelineView>
  )
}
