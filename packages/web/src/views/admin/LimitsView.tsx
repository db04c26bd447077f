// The admin view of the limits and the abuse defence: each rate-limit policy with what it
// counted and refused (shadow refusals apart), what the defence shed and challenged, and the
// pressure it measures. Refreshed every few seconds; the figures are those of the node that
// answers, since it started (/metrics has them for a Prometheus server to add up).
import { useEffect, useState } from 'react'
import { api } from '../../api/client.ts'
import { useI18n } from '../../i18n/index.ts'
import { errorText } from '../../state/ui.ts'

interface PolicyRow {
  name: string; groups: string[]; key: string; who: string; kind: 'rate' | 'connections'; limit: number; window_s: number
  shadow: boolean; plan: string | null; why: string; counted: number; refused: number; shadow_refused: number
}
interface Figures {
  since: string
  store: 'memory' | 'redis'
  policies: PolicyRow[]
  streaming_connections_held: number
  shedding: { enabled: boolean; level: number; max_level: number; lag_threshold_ms: number; event_loop: { lag_p99_ms: number; busy: number; in_flight: number }; classes: { name: string; from_level: number; shed: number }[]; held: number }
  challenge: { mode: string; active: string | null; difficulty: number; challenged: Record<string, number>; passes: { issued: number; refused: number } }
}

const EVERY_MS = 5000

function windowText(s: number): string {
  if (s === 0) return '—'
  if (s % 86_400 === 0) return `${s / 86_400} d`
  if (s % 3600 === 0) return `${s / 3600} h`
  if (s % 60 === 0) return `${s / 60} min`
  return `${s} s`
}

export default function LimitsView() {
  const i = useI18n()
  const [f, setF] = useState<Figures | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try { const got = await api.get<Figures>('/api/v1/phare/admin/limits'); if (!stop) { setF(got); setError(null) } } catch (e) { if (!stop) setError(errorText(e)) }
      if (!stop) timer = setTimeout(() => void tick(), EVERY_MS)
    }
    void tick()
    return () => { stop = true; clearTimeout(timer) }
  }, [])
  const n = (x: number) => x.toLocaleString(i.lang)
  return (
    <div className="settings admin-limits">
      <h1 className="view-title">{i.t('adminLimits.title')}</h1>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {f === null && !error ? <span className="spinner" aria-hidden="true" /> : null}
      {f ? (
        <>
          <p className="dim">{i.t('adminLimits.since', { time: i.relative(f.since), store: f.store === 'redis' ? 'Redis' : i.t('adminLimits.memory') })}</p>
          <section className="card" aria-labelledby="defence">
            <h2 id="defence">{i.t('adminLimits.defence')}</h2>
            <dl className="dev-keys">
              <dt>{i.t('adminLimits.level')}</dt>
              <dd><strong data-testid="pressure-level">{f.shedding.level}</strong> / {f.shedding.max_level}{f.shedding.enabled ? '' : ` (${i.t('adminLimits.sheddingOff')})`}</dd>
              <dt>{i.t('adminLimits.eventLoop')}</dt>
              <dd>{i.t('adminLimits.eventLoopValue', { lag: f.shedding.event_loop.lag_p99_ms, threshold: f.shedding.lag_threshold_ms, busy: Math.round(f.shedding.event_loop.busy * 100), inFlight: f.shedding.event_loop.in_flight })}</dd>
              <dt>{i.t('adminLimits.challenge')}</dt>
              <dd>{i.t('adminLimits.challengeValue', { mode: f.challenge.mode, state: f.challenge.active ? i.t('adminLimits.challengeOn', { difficulty: f.challenge.difficulty }) : i.t('adminLimits.challengeIdle') })}</dd>
              <dt>{i.t('adminLimits.challenged')}</dt>
              <dd>{n(Object.values(f.challenge.challenged).reduce((a, b) => a + b, 0))} · {i.t('adminLimits.passes', { issued: n(f.challenge.passes.issued), refused: n(f.challenge.passes.refused) })}</dd>
              <dt>{i.t('adminLimits.streams')}</dt>
              <dd>{n(f.streaming_connections_held)}</dd>
            </dl>
            <table className="plans-table">
              <caption className="dim small">{i.t('adminLimits.shedCaption')}</caption>
              <thead><tr><th scope="col">{i.t('adminLimits.class')}</th><th scope="col">{i.t('adminLimits.fromLevel')}</th><th scope="col">{i.t('adminLimits.shed')}</th></tr></thead>
              <tbody>{f.shedding.classes.map((c) => <tr key={c.name}><th scope="row"><code translate="no">{c.name}</code></th><td>{c.from_level}</td><td>{n(c.shed)}</td></tr>)}</tbody>
            </table>
          </section>
          <section className="card" aria-labelledby="policies">
            <h2 id="policies">{i.t('adminLimits.policies')}</h2>
            <table className="plans-table">
              <thead><tr>
                <th scope="col">{i.t('adminLimits.policy')}</th>
                <th scope="col">{i.t('adminLimits.limit')}</th>
                <th scope="col">{i.t('adminLimits.counted')}</th>
                <th scope="col">{i.t('adminLimits.refused')}</th>
              </tr></thead>
              <tbody>
                {f.policies.map((p) => (
                  <tr key={p.name} data-policy={p.name}>
                    <th scope="row"><code translate="no">{p.name}</code>{p.shadow ? <> <span className="badge">{i.t('adminLimits.shadow')}</span></> : null}<div className="dim small">{p.why}</div></th>
                    <td>{p.kind === 'connections' ? i.t('adminLimits.connections', { limit: n(p.limit), key: p.key }) : i.t('adminLimits.rate', { limit: n(p.limit), window: windowText(p.window_s), key: p.key })}</td>
                    <td>{n(p.counted)}</td>
                    <td>{p.shadow ? i.t('adminLimits.wouldRefuse', { count: n(p.shadow_refused) }) : n(p.refused)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      ) : null}
    </div>
  )
}
