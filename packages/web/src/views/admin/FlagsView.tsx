// The admins' page of feature flags: create a flag, stage it 1% → 10% → 50% → 100%, kill it,
// set its allow-list, and watch the rollout: each cohort's requests, 5xx rate and p99 on this
// server over the rollback window, refreshed every few seconds, and the changes (automatic
// rollbacks with their figures). Loaded on demand, like the settings.
import { useEffect, useState, type FormEvent } from 'react'
import { api } from '../../api/client.ts'
import { useI18n, type I18n } from '../../i18n/index.ts'
import { session } from '../../state/session.ts'
import { useStore } from '../../state/store.ts'
import { errorText, toast } from '../../state/ui.ts'

interface Cohort { requests: number; errors: number; error_rate: number; p99_ms: number | null }
interface Person { id: string; username: string | null }
interface Flag {
  key: string; description: string; enabled: boolean; percentage: number; version: number; updated_at: string
  allow_list: Person[]; deny_list: Person[]
  cohorts: { on: Cohort; off: Cohort }
  analysis: { verdict: 'insufficient' | 'healthy' | 'failing'; reasons: string[] }
}
interface FlagEvent { id: string; flag_key: string; kind: string; percentage: number | null; actor: string; automatic: boolean; reason: string; created_at: string }

const STAGES = [1, 10, 50, 100] as const
const REFRESH_MS = 3000

function CohortCells({ c, i }: { c: Cohort; i: I18n }) {
  return (
    <>
      <td>{c.requests.toLocaleString(i.lang)}</td>
      <td>{c.requests ? `${(c.error_rate * 100).toLocaleString(i.lang, { maximumFractionDigits: 2 })} %` : '–'}</td>
      <td>{c.p99_ms === null ? '–' : `${c.p99_ms.toLocaleString(i.lang)} ms`}</td>
    </>
  )
}

function FlagCard({ flag, onChanged }: { flag: Flag; onChanged: () => void }) {
  const i = useI18n()
  const [busy, setBusy] = useState(false)
  const [allow, setAllow] = useState(flag.allow_list.map((p) => p.username ?? p.id).join(', '))
  const headingId = `flag-${flag.key}`
  async function change(body: Record<string, unknown>, done: string) {
    setBusy(true)
    try {
      await api.patch(`/api/v1/phare/admin/flags/${encodeURIComponent(flag.key)}`, body)
      toast(done)
      onChanged()
    } catch (e) { toast(errorText(e), true) } finally { setBusy(false) }
  }
  const saveAllow = (e: FormEvent) => {
    e.preventDefault()
    void change({ allow_list: allow.split(',').map((s) => s.trim()).filter(Boolean) }, i.t('flags.allowSaved'))
  }
  return (
    <li>
      <article className="card flag" aria-labelledby={headingId} data-flag={flag.key}>
        <h3 id={headingId}><code translate="no">{flag.key}</code> <span className={`badge flag-state ${flag.enabled ? '' : 'killed'}`}>{flag.enabled ? `${flag.percentage} %` : i.t('flags.killed')}</span></h3>
        {flag.description ? <p>{flag.description}</p> : null}
        <div className="row wrap" role="group" aria-label={i.t('flags.stage', { key: flag.key })}>
          {STAGES.map((p) => (
            <button key={p} type="button" className={`button small${flag.percentage === p ? ' primary' : ''}`} aria-pressed={flag.percentage === p} disabled={busy}
              onClick={() => void change({ percentage: p }, i.t('flags.staged', { key: flag.key, percent: p }))}>{p} %</button>
          ))}
          <button type="button" className="button small" disabled={busy || flag.percentage === 0} onClick={() => void change({ percentage: 0 }, i.t('flags.staged', { key: flag.key, percent: 0 }))}>0 %</button>
          {flag.enabled
            ? <button type="button" className="button small danger" disabled={busy} onClick={() => void change({ enabled: false }, i.t('flags.killedToast', { key: flag.key }))}>{i.t('flags.kill')}</button>
            : <button type="button" className="button small" disabled={busy} onClick={() => void change({ enabled: true }, i.t('flags.revivedToast', { key: flag.key }))}>{i.t('flags.revive')}</button>}
        </div>
        <table className="plans-table flag-cohorts">
          <caption className="dim small">{i.t('flags.window')}</caption>
          <thead><tr><th scope="col">{i.t('flags.cohort')}</th><th scope="col">{i.t('flags.requests')}</th><th scope="col">{i.t('flags.errorRate')}</th><th scope="col">p99</th></tr></thead>
          <tbody>
            <tr data-cohort="on"><th scope="row">{i.t('flags.on')}</th><CohortCells c={flag.cohorts.on} i={i} /></tr>
            <tr data-cohort="off"><th scope="row">{i.t('flags.off')}</th><CohortCells c={flag.cohorts.off} i={i} /></tr>
          </tbody>
        </table>
        <p className={flag.analysis.verdict === 'failing' ? 'form-error' : 'dim small'} role={flag.analysis.verdict === 'failing' ? 'alert' : undefined}>
          {i.t(`flags.verdict.${flag.analysis.verdict}`)}{flag.analysis.reasons.length ? `: ${flag.analysis.reasons.join('; ')}` : ''}
        </p>
        <form className="row wrap" onSubmit={saveAllow}>
          <label htmlFor={`${headingId}-allow`}>{i.t('flags.allowList')}</label>
          <input id={`${headingId}-allow`} value={allow} placeholder="alice, bob" onChange={(e) => setAllow(e.target.value)} />
          <button type="submit" className="button small" disabled={busy}>{i.t('flags.save')}</button>
        </form>
      </article>
    </li>
  )
}

function Create({ onCreated }: { onCreated: () => void }) {
  const i = useI18n()
  const [f, setF] = useState({ key: '', description: '' })
  const [error, setError] = useState<string | null>(null)
  async function submit(e: FormEvent) {
    e.preventDefault()
    setError(null)
    try {
      await api.post('/api/v1/phare/admin/flags', { key: f.key.trim(), description: f.description })
      setF({ key: '', description: '' })
      onCreated()
    } catch (err) { setError(errorText(err)) }
  }
  return (
    <section className="card" aria-labelledby="flags-create">
      <h2 id="flags-create">{i.t('flags.create')}</h2>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="flag-key">{i.t('flags.key')}</label>
        <input id="flag-key" required maxLength={100} pattern="[a-z0-9][a-z0-9._\-]*" aria-describedby="flag-key-help" value={f.key} onChange={(e) => setF({ ...f, key: e.target.value })} />
        <p id="flag-key-help" className="dim small">{i.t('flags.keyHelp')}</p>
        <label htmlFor="flag-description">{i.t('flags.description')}</label>
        <input id="flag-description" maxLength={1000} value={f.description} onChange={(e) => setF({ ...f, description: e.target.value })} />
        {error ? <p className="form-error" role="alert">{error}</p> : null}
        <button type="submit" className="button primary">{i.t('flags.createButton')}</button>
      </form>
    </section>
  )
}

function Events({ events }: { events: FlagEvent[] }) {
  const i = useI18n()
  return (
    <section className="card" aria-labelledby="flags-events">
      <h2 id="flags-events">{i.t('flags.events')}</h2>
      {events.length === 0 ? <p className="dim">{i.t('flags.noEvents')}</p> : null}
      <ul className="plain flag-events">
        {events.map((e) => (
          <li key={e.id} data-kind={e.kind} className={e.automatic ? 'form-error' : undefined}>
            <time dateTime={e.created_at} title={i.dateTime(e.created_at)}>{i.relative(e.created_at)}</time>{' '}
            <code translate="no">{e.flag_key}</code>{' '}
            {i.t(`flags.kind.${e.kind}` as Parameters<I18n['t']>[0])}{e.percentage === null ? '' : ` (${e.percentage} %)`}{' '}
            {i.t('flags.by', { actor: e.actor })}{e.reason ? ` — ${e.reason}` : ''}
          </li>
        ))}
      </ul>
    </section>
  )
}

export default function FlagsView() {
  const i = useI18n()
  const signedIn = useStore(session, (s) => !!s.token)
  const [flags, setFlags] = useState<Flag[] | null>(null)
  const [events, setEvents] = useState<FlagEvent[]>([])
  const [error, setError] = useState<string | null>(null)
  const [tick, setTick] = useState(0)
  const refresh = () => setTick((t) => t + 1)
  useEffect(() => {
    if (!signedIn) return
    let live = true
    Promise.all([api.get<Flag[]>('/api/v1/phare/admin/flags'), api.get<FlagEvent[]>('/api/v1/phare/admin/flags/events', { limit: '30' })])
      .then(([f, e]) => { if (live) { setFlags(f); setEvents(e); setError(null) } }, (e) => { if (live) setError(errorText(e)) })
    // The cohorts' figures move with traffic: re-read them while the page is in view.
    const t = setTimeout(refresh, document.visibilityState === 'visible' ? REFRESH_MS : 4 * REFRESH_MS)
    return () => { live = false; clearTimeout(t) }
  }, [signedIn, tick])
  return (
    <div className="settings admin-flags">
      <h1 className="view-title">{i.t('flags.title')}</h1>
      <p>{i.t('flags.lead')}</p>
      {!signedIn ? <p className="dim">{i.t('flags.signInFirst')}</p> : null}
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {signedIn && flags ? (
        <>
          <Create onCreated={refresh} />
          <section aria-labelledby="flags-list">
            <h2 id="flags-list" className="card-title">{i.t('flags.list')}</h2>
            {flags.length === 0 ? <p className="dim">{i.t('flags.none')}</p> : null}
            <ul className="plain">{flags.map((f) => <FlagCard key={`${f.key}@${f.version}`} flag={f} onChanged={refresh} />)}</ul>
          </section>
          <Events events={events} />
        </>
      ) : null}
    </div>
  )
}
