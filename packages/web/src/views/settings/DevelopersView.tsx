// The developer page: a person registers apps for the Phare API, sees each one's keys
// (the secret only once), its API plan and its requests per day, and the plans of this server.
// Loaded on demand, like the settings.
import { useEffect, useState, type FormEvent } from 'react'
import { api } from '../../api/client.ts'
import { useI18n, type I18n } from '../../i18n/index.ts'
import { session } from '../../state/session.ts'
import { useStore } from '../../state/store.ts'
import { errorText, toast } from '../../state/ui.ts'

interface PlanRef { name: string; title: string }
interface DevApp { id: string; name: string; website: string | null; redirect_uris: string[]; scopes: string[]; client_id: string; client_secret?: string; trusted: boolean; plan: PlanRef | null; created_at: string }
interface Plan { name: string; title: string; requests_per_day: number; requests_per_15_min: number; endpoints: string[] }
interface Plans { default_plan: string; plans: Plan[] }
interface Day { day: string; requests: number }

const SCOPES = ['read', 'write', 'follow', 'push'] as const
const GROUPS = ['read', 'write', 'media', 'search', 'streaming'] as const

function copy(i: I18n, text: string) {
  navigator.clipboard.writeText(text).then(() => toast(i.t('developers.copied')), () => toast(i.t('developers.copyFailed'), true))
}

function Register({ onCreated }: { onCreated: (a: DevApp) => void }) {
  const i = useI18n()
  const [f, setF] = useState({ name: '', redirect: '', website: '' })
  const [scopes, setScopes] = useState<string[]>(['read'])
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const app = await api.post<DevApp>('/api/v1/phare/developer/apps', { name: f.name, redirect_uris: f.redirect, scopes: scopes.join(' '), website: f.website || null })
      setF({ name: '', redirect: '', website: '' })
      onCreated(app)
    } catch (err) { setError(errorText(err)) } finally { setBusy(false) }
  }
  return (
    <section className="card" aria-labelledby="dev-register">
      <h2 id="dev-register">{i.t('developers.register')}</h2>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="dev-name">{i.t('developers.name')}</label>
        <input id="dev-name" required maxLength={200} value={f.name} onChange={(e) => setF({ ...f, name: e.target.value })} />
        <label htmlFor="dev-redirect">{i.t('developers.redirect')}</label>
        <input id="dev-redirect" required placeholder="https://app.example/callback" aria-describedby="dev-redirect-help" value={f.redirect} onChange={(e) => setF({ ...f, redirect: e.target.value })} />
        <p id="dev-redirect-help" className="dim small">{i.t('developers.redirectHelp')}</p>
        <label htmlFor="dev-website">{i.t('developers.website')}</label>
        <input id="dev-website" type="url" value={f.website} onChange={(e) => setF({ ...f, website: e.target.value })} />
        <fieldset className="stack">
          <legend>{i.t('developers.scopes')}</legend>
          {SCOPES.map((s) => (
            <label key={s} className="inline">
              <input type="checkbox" checked={scopes.includes(s)} onChange={(e) => setScopes(e.target.checked ? [...scopes, s] : scopes.filter((x) => x !== s))} />
              <span><code translate="no">{s}</code> — {i.t(`developers.scope.${s}`)}</span>
            </label>
          ))}
        </fieldset>
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button type="submit" className="button primary" disabled={busy || scopes.length === 0}>{i.t('developers.registerButton')}</button>
      </form>
    </section>
  )
}

/** Requests per day as SVG bars, with the same numbers in a table for those who cannot see the chart. */
function UsageChart({ app }: { app: DevApp }) {
  const i = useI18n()
  const [days, setDays] = useState<Day[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => { api.get<{ days: Day[] }>(`/api/v1/phare/developer/apps/${app.id}/usage`).then((r) => setDays(r.days), (e) => setError(errorText(e))) }, [app.id])
  if (error) return <p className="form-error" role="alert">{error}</p>
  if (!days) return <span className="spinner" aria-hidden="true" />
  const max = Math.max(1, ...days.map((d) => d.requests))
  const total = days.reduce((n, d) => n + d.requests, 0)
  const w = 20
  const h = 80
  const date = (d: string) => new Intl.DateTimeFormat(i.lang, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(`${d}T00:00:00Z`))
  const titleId = `usage-title-${app.id}`
  return (
    <figure className="usage">
      <figcaption id={titleId}>{i.t('developers.usageCaption', { total: total.toLocaleString(i.lang), days: days.length })}</figcaption>
      <svg role="img" aria-labelledby={titleId} viewBox={`0 0 ${days.length * w} ${h + 2}`} width="100%" height={h + 2} preserveAspectRatio="none" className="usage-bars">
        {days.map((d, k) => {
          const bh = Math.round((d.requests / max) * h)
          return <rect key={d.day} x={k * w + 2} y={h - bh} width={w - 4} height={Math.max(bh, d.requests > 0 ? 1 : 0)} rx="2" fill="currentColor"><title>{`${date(d.day)}: ${d.requests}`}</title></rect>
        })}
        <line x1="0" y1={h + 1} x2={days.length * w} y2={h + 1} stroke="currentColor" strokeOpacity="0.4" />
      </svg>
      <details>
        <summary>{i.t('developers.usageTable')}</summary>
        <table className="usage-table">
          <thead><tr><th scope="col">{i.t('developers.day')}</th><th scope="col">{i.t('developers.requests')}</th></tr></thead>
          <tbody>{days.map((d) => <tr key={d.day}><th scope="row"><time dateTime={d.day}>{date(d.day)}</time></th><td>{d.requests.toLocaleString(i.lang)}</td></tr>)}</tbody>
        </table>
      </details>
    </figure>
  )
}

function AppCard({ app }: { app: DevApp }) {
  const i = useI18n()
  const headingId = `dev-app-${app.id}`
  return (
    <li>
      <article className="card" aria-labelledby={headingId}>
        <h3 id={headingId}>{app.name}</h3>
        <dl className="dev-keys">
          <dt>{i.t('developers.plan')}</dt>
          <dd>{app.plan ? i.t('developers.planName', { plan: app.plan.title }) : i.t('developers.firstParty')}</dd>
          <dt>{i.t('developers.clientId')}</dt>
          <dd><code translate="no">{app.client_id}</code> <button type="button" className="button small" aria-label={i.t('developers.copyClientId', { app: app.name })} onClick={() => copy(i, app.client_id)}>{i.t('developers.copy')}</button></dd>
          {app.client_secret ? (
            <>
              <dt>{i.t('developers.clientSecret')}</dt>
              <dd>
                <code translate="no">{app.client_secret}</code> <button type="button" className="button small" aria-label={i.t('developers.copySecret', { app: app.name })} onClick={() => copy(i, app.client_secret!)}>{i.t('developers.copy')}</button>
                <p className="form-ok" role="status">{i.t('developers.secretOnce')}</p>
              </dd>
            </>
          ) : null}
          <dt>{i.t('developers.redirect')}</dt>
          <dd><code translate="no">{app.redirect_uris.join(' ')}</code></dd>
          <dt>{i.t('developers.scopes')}</dt>
          <dd><code translate="no">{app.scopes.join(' ')}</code></dd>
        </dl>
        <h4>{i.t('developers.usage')}</h4>
        <UsageChart app={app} />
      </article>
    </li>
  )
}

function includes(i: I18n, e: string) {
  if (e === '*') return i.t('developers.everything')
  if ((GROUPS as readonly string[]).includes(e)) return i.t(`developers.group.${e as typeof GROUPS[number]}`)
  return <code translate="no">{e}</code>
}

function PlanTable({ plans }: { plans: Plans }) {
  const i = useI18n()
  return (
    <section className="card" aria-labelledby="dev-plans">
      <h2 id="dev-plans">{i.t('developers.plans')}</h2>
      <p className="dim">{i.t('developers.plansLead')}</p>
      <table className="plans-table">
        <thead><tr>
          <th scope="col">{i.t('developers.plan')}</th>
          <th scope="col">{i.t('developers.perDay')}</th>
          <th scope="col">{i.t('developers.per15')}</th>
          <th scope="col">{i.t('developers.includes')}</th>
        </tr></thead>
        <tbody>
          {plans.plans.map((p) => (
            <tr key={p.name}>
              <th scope="row">{p.title}{p.name === plans.default_plan ? <> <span className="badge">{i.t('developers.default')}</span></> : null}</th>
              <td>{p.requests_per_day.toLocaleString(i.lang)}</td>
              <td>{p.requests_per_15_min.toLocaleString(i.lang)}</td>
              <td><ul className="plain">{p.endpoints.map((e) => <li key={e}>{includes(i, e)}</li>)}</ul></td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="dim small">{i.t('developers.upgrade')}</p>
    </section>
  )
}

export default function DevelopersView() {
  const i = useI18n()
  const signedIn = useStore(session, (s) => !!s.token)
  const [apps, setApps] = useState<DevApp[] | null>(null)
  const [plans, setPlans] = useState<Plans | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => { api.get<Plans>('/api/v1/phare/developer/plans').then(setPlans, (e) => setError(errorText(e))) }, [])
  useEffect(() => {
    if (signedIn) api.get<DevApp[]>('/api/v1/phare/developer/apps').then(setApps, (e) => setError(errorText(e)))
  }, [signedIn])
  return (
    <div className="settings developers">
      <h1 className="view-title">{i.t('developers.title')}</h1>
      <p>{i.t('developers.lead')}</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {signedIn ? (
        <>
          <Register onCreated={(a) => setApps((l) => [a, ...(l ?? [])])} />
          <section aria-labelledby="dev-apps">
            <h2 id="dev-apps" className="card-title">{i.t('developers.apps')}</h2>
            {apps === null && !error ? <span className="spinner" aria-hidden="true" /> : null}
            {apps?.length === 0 ? <p className="dim">{i.t('developers.noApps')}</p> : null}
            <ul className="plain">{apps?.map((a) => <AppCard key={a.id} app={a} />)}</ul>
          </section>
        </>
      ) : <p className="dim">{i.t('developers.signInFirst')}</p>}
      {plans ? <PlanTable plans={plans} /> : null}
    </div>
  )
}
