// Settings: appearance for everyone (theme, motion, language), and for a signed-in
// person the password, the sessions and apps with access, and signing out.
// Loaded on demand: nobody needs this code to read their timeline.
import { useEffect, useState, type FormEvent } from 'react'
import { api, ApiError } from '../../api/client.ts'
import type { Session } from '../../api/types.ts'
import { useI18n } from '../../i18n/index.ts'
import { Link } from '../../router.tsx'
import { session } from '../../state/session.ts'
import { settings, type Language, type Theme } from '../../state/settings.ts'
import { useStore } from '../../state/store.ts'
import { errorText, toast, toastError } from '../../state/ui.ts'
import { signOutNow } from '../../signout.ts'
import { StatusLink } from '../../components/StatusBanner.tsx'

function Appearance() {
  const i = useI18n()
  const s = useStore(settings)
  const themes: Theme[] = ['system', 'light', 'dark']
  return (
    <section className="card" aria-labelledby="appearance">
      <h2 id="appearance">{i.t('settings.appearance')}</h2>
      <fieldset className="stack">
        <legend>{i.t('settings.theme')}</legend>
        {themes.map((th) => (
          <label key={th} className="inline">
            <input type="radio" name="theme" value={th} checked={s.theme === th} onChange={() => settings.set({ ...s, theme: th })} />
            <span>{i.t(`settings.theme.${th}`)}</span>
          </label>
        ))}
      </fieldset>
      <label className="inline">
        <input type="checkbox" checked={s.motion === 'reduce'} onChange={(e) => settings.set({ ...s, motion: e.target.checked ? 'reduce' : 'system' })} />
        <span>{i.t('settings.motion')}</span>
      </label>
      <label htmlFor="language" className="block-label">{i.t('settings.language')}</label>
      <select id="language" value={s.language} onChange={(e) => settings.set({ ...s, language: e.target.value as Language | 'auto' })}>
        <option value="auto">{i.t('settings.language.auto')}</option>
        <option value="en" lang="en">English</option>
        <option value="fr" lang="fr">Français</option>
      </select>
    </section>
  )
}

function Password() {
  const i = useI18n()
  const [f, setF] = useState({ current: '', next: '', again: '' })
  const [msg, setMsg] = useState<{ text: string; error: boolean } | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(e: FormEvent) {
    e.preventDefault()
    if (f.next !== f.again) { setMsg({ text: i.t('settings.passwordMismatch'), error: true }); return }
    setBusy(true)
    try {
      await api.post('/api/v1/phare/password', { current_password: f.current, new_password: f.next })
      setF({ current: '', next: '', again: '' })
      setMsg({ text: i.t('settings.passwordChanged'), error: false })
    } catch (err) {
      setMsg({ text: err instanceof ApiError && err.code === 'wrong_password' ? i.t('settings.wrongPassword') : errorText(err), error: true })
    } finally { setBusy(false) }
  }
  const input = (k: 'current' | 'next' | 'again', label: string, auto: string) => (
    <>
      <label htmlFor={`pw-${k}`}>{label}</label>
      <input id={`pw-${k}`} type="password" required minLength={k === 'current' ? 1 : 8} autoComplete={auto} value={f[k]} onChange={(e) => setF({ ...f, [k]: e.target.value })} />
    </>
  )
  return (
    <section className="card" aria-labelledby="password">
      <h2 id="password">{i.t('settings.password')}</h2>
      <form className="stack" onSubmit={submit}>
        {input('current', i.t('settings.currentPassword'), 'current-password')}
        {input('next', i.t('settings.newPassword'), 'new-password')}
        {input('again', i.t('settings.confirmPassword'), 'new-password')}
        {msg ? <p className={msg.error ? 'form-error' : 'form-ok'} role={msg.error ? 'alert' : 'status'}>{msg.text}</p> : null}
        <button type="submit" className="button primary" disabled={busy}>{i.t('settings.changePassword')}</button>
      </form>
    </section>
  )
}

function Sessions() {
  const i = useI18n()
  const [list, setList] = useState<Session[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => { api.get<Session[]>('/api/v1/phare/sessions').then(setList, (e) => setError(errorText(e))) }, [])
  const revoke = (s: Session) => api.del(`/api/v1/phare/sessions/${s.id}`).then(() => {
    setList((l) => l?.filter((x) => x.id !== s.id) ?? null)
    toast(i.t('app.saved'))
  }, toastError)
  return (
    <section className="card" aria-labelledby="sessions">
      <h2 id="sessions">{i.t('settings.sessions')}</h2>
      <p className="dim">{i.t('settings.sessionsLead')}</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {list === null && !error ? <span className="spinner" aria-hidden="true" /> : null}
      <ul className="sessions">
        {list?.map((s) => (
          <li key={s.id}>
            <div>
              <strong>{s.app.name}</strong> {s.current ? <span className="badge">{i.t('settings.thisSession')}</span> : null}
              <div className="dim small">
                {i.t('settings.created', { time: i.relative(s.created_at) })} · {s.last_used_at ? i.t('settings.lastUsed', { time: i.relative(s.last_used_at) }) : i.t('settings.neverUsed')}
                {' · '}<span translate="no">{s.scopes.join(' ')}</span>
              </div>
            </div>
            {s.current ? null : <button type="button" className="button small danger" aria-label={i.t('settings.revokeLabel', { app: s.app.name })} onClick={() => void revoke(s)}>{i.t('settings.revoke')}</button>}
          </li>
        ))}
      </ul>
    </section>
  )
}

export default function SettingsView() {
  const i = useI18n()
  const signedIn = useStore(session, (s) => !!s.token)
  const admin = useStore(session, (s) => s.me?.role?.name === 'admin')
  return (
    <div className="settings">
      <h1 className="view-title">{i.t('settings.title')}</h1>
      <Appearance />
      {signedIn ? (
        <>
          <section className="card" aria-labelledby="account">
            <h2 id="account">{i.t('settings.account')}</h2>
            <p className="row wrap">
              <Link to="/settings/profile" className="button">{i.t('profile.edit')}</Link>
              <Link to="/follow-requests" className="button">{i.t('nav.followRequests')}</Link>
              <Link to="/developers" className="button">{i.t('developers.link')}</Link>
              {admin ? <Link to="/admin/limits" className="button">{i.t('adminLimits.link')}</Link> : null}
              {admin ? <Link to="/admin/flags" className="button">{i.t('flags.link')}</Link> : null}
              {admin ? <Link to="/admin/read-only" className="button">{i.t('adminReadOnly.link')}</Link> : null}
              <button type="button" className="button danger" onClick={() => void signOutNow()}>{i.t('nav.signOut')}</button>
            </p>
          </section>
          <Password />
          <Sessions />
        </>
      ) : null}
      <StatusLink />
    </div>
  )
}
