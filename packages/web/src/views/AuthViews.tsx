// Sign-in (through the server's own OAuth page, PKCE), sign-up (public API) and the
// OAuth callback. Errors are the server's, in the reader's words where we know them.
import { useEffect, useState, type FormEvent } from 'react'
import { ApiError } from '../api/client.ts'
import { finishSignIn, signUp, startSignIn } from '../api/auth.ts'
import { useI18n } from '../i18n/index.ts'
import { Link, navigate, useRoute } from '../router.tsx'
import { adoptToken, instance } from '../state/session.ts'
import { useStore } from '../state/store.ts'
import { resetTimelines } from '../state/timeline.ts'
import { errorText } from '../state/ui.ts'

export function SignInView() {
  const i = useI18n()
  const server = useStore(instance, (x) => x?.title ?? location.host)
  const { search } = useRoute()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const go = () => {
    setBusy(true)
    startSignIn(new URLSearchParams(search).get('back') ?? '/home', i.lang).catch((e) => { setError(errorText(e)); setBusy(false) })
  }
  return (
    <section className="card auth" aria-labelledby="signin-title">
      <h1 id="signin-title">{i.t('auth.signInTitle', { server })}</h1>
      <p>{i.t('auth.signInLead')}</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      <button type="button" className="button primary big" disabled={busy} onClick={go}>{i.t('auth.signInButton')}</button>
      <p className="dim">{i.t('auth.noAccount')} <Link to="/sign-up">{i.t('nav.signUp')}</Link></p>
    </section>
  )
}

function signUpError(e: unknown, t: ReturnType<typeof useI18n>['t']): string {
  if (e instanceof ApiError) {
    if (e.code === 'registrations_closed') return t('auth.registrationsClosed')
    if (e.status === 429) return t('auth.rateLimited')
  }
  return errorText(e)
}

export function SignUpView() {
  const i = useI18n()
  const inst = useStore(instance)
  const server = inst?.title ?? location.host
  const [form, setForm] = useState({ username: '', email: '', password: '', reason: '', agreement: false })
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const [pending, setPending] = useState(false)
  const closed = inst && !inst.registrations.enabled
  const approval = inst?.registrations.approval_required

  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const token = await signUp({ ...form, locale: i.lang, reason: approval ? form.reason : undefined })
      resetTimelines()
      try {
        await adoptToken(token)
        navigate('/home', { replace: true })
      } catch (err) {
        // Created, but the server wants an approval or a confirmed e-mail first.
        if (err instanceof ApiError && err.status === 403) setPending(true)
        else throw err
      }
    } catch (err) {
      setError(signUpError(err, i.t))
    } finally {
      setBusy(false)
    }
  }

  if (pending) return <section className="card auth"><h1>{i.t('auth.signUpTitle', { server })}</h1><p role="status">{i.t('auth.pending')}</p></section>
  const field = (k: 'username' | 'email' | 'password' | 'reason') => ({
    value: form[k], onChange: (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value }),
  })
  return (
    <section className="card auth" aria-labelledby="signup-title">
      <h1 id="signup-title">{i.t('auth.signUpTitle', { server })}</h1>
      {closed ? <p className="form-error" role="alert">{inst?.registrations.message || i.t('auth.registrationsClosed')}</p> : null}
      <form onSubmit={submit} className="stack">
        <label htmlFor="su-username">{i.t('auth.username')}</label>
        <input id="su-username" name="username" required autoComplete="username" pattern="[A-Za-z0-9_]{1,30}" aria-describedby="su-username-hint" {...field('username')} />
        <small id="su-username-hint" className="dim">{i.t('auth.usernameHint')}</small>
        <label htmlFor="su-email">{i.t('auth.email')}</label>
        <input id="su-email" name="email" type="email" required autoComplete="email" {...field('email')} />
        <label htmlFor="su-password">{i.t('auth.password')}</label>
        <input id="su-password" name="password" type="password" required minLength={8} autoComplete="new-password" aria-describedby="su-password-hint" {...field('password')} />
        <small id="su-password-hint" className="dim">{i.t('auth.passwordHint')}</small>
        {approval ? (<>
          <label htmlFor="su-reason">{i.t('auth.reason')}</label>
          <textarea id="su-reason" required rows={3} {...field('reason')} />
        </>) : null}
        <label className="inline">
          <input type="checkbox" required checked={form.agreement} onChange={(e) => setForm({ ...form, agreement: e.target.checked })} />
          <span>{i.t('auth.agreement')}</span>
        </label>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button type="submit" className="button primary big" disabled={busy || !!closed}>{i.t('auth.signUpButton')}</button>
      </form>
      <p className="dim">{i.t('auth.haveAccount')} <Link to="/sign-in">{i.t('nav.signIn')}</Link></p>
    </section>
  )
}

export function CallbackView() {
  const i = useI18n()
  const { search } = useRoute()
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    finishSignIn(new URLSearchParams(search))
      .then(async ({ token, returnTo }) => { resetTimelines(); await adoptToken(token); navigate(returnTo, { replace: true }) })
      .catch((e) => setError(errorText(e)))
  }, [])
  if (error) return <section className="card auth"><p className="form-error" role="alert">{i.t('auth.callbackFailed', { message: error })}</p><Link to="/sign-in" className="button">{i.t('app.retry')}</Link></section>
  return <div className="list-footer"><span className="spinner" aria-hidden="true" /> {i.t('app.loading')}</div>
}
