// The admins' switch for read-only mode: see whether the server refuses writes and why (a full
// disk, a database that refuses writes, or an admin), the free space it is decided from, and
// put every node in read-only mode with a message people read in the banner, or lift it.
import { useEffect, useState, type FormEvent } from 'react'
import { api } from '../../api/client.ts'
import { useI18n } from '../../i18n/index.ts'
import { refreshReadOnly } from '../../state/read-only.ts'
import { errorText, toast } from '../../state/ui.ts'

interface AdminReadOnly {
  read_only: boolean
  reason: 'admin' | 'disk_full' | 'low_disk_space' | 'database_read_only' | null
  message: string | null
  since: string | null
  free_mb: number | null
  floor_mb: number
}

const PATH = '/api/v1/phare/admin/read_only'

export default function ReadOnlyView() {
  const i = useI18n()
  const [state, setState] = useState<AdminReadOnly | null>(null)
  const [message, setMessage] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => { api.get<AdminReadOnly>(PATH).then(setState, (e) => setError(errorText(e))) }, [])

  async function change(e: FormEvent | null, on: boolean) {
    e?.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const next = on ? await api.put<AdminReadOnly>(PATH, { message }) : await api.del<AdminReadOnly>(PATH)
      setState(next)
      toast(i.t(on ? 'adminReadOnly.turnedOn' : 'adminReadOnly.lifted'))
      await refreshReadOnly()
    } catch (err) { setError(errorText(err)) } finally { setBusy(false) }
  }

  return (
    <div className="settings admin-read-only">
      <h1 className="view-title">{i.t('adminReadOnly.title')}</h1>
      <p>{i.t('adminReadOnly.lead')}</p>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {state === null && !error ? <span className="spinner" aria-hidden="true" /> : null}
      {state ? (
        <>
          <section className="card" aria-labelledby="ro-now">
            <h2 id="ro-now">{i.t('adminReadOnly.now')}</h2>
            <p role="status" data-testid="read-only-state">
              {state.read_only
                ? i.t('adminReadOnly.on', { reason: i.t(`adminReadOnly.reason.${state.reason ?? 'admin'}`), since: state.since ? i.relative(state.since) : '' })
                : i.t('adminReadOnly.off')}
            </p>
            {state.read_only && state.message ? <blockquote>{state.message}</blockquote> : null}
            <p className="dim small">{state.free_mb === null ? i.t('adminReadOnly.freeUnknown') : i.t('adminReadOnly.free', { free: state.free_mb.toLocaleString(i.lang), floor: state.floor_mb.toLocaleString(i.lang) })}</p>
          </section>
          {state.read_only && state.reason === 'admin' ? (
            <section className="card" aria-labelledby="ro-lift">
              <h2 id="ro-lift">{i.t('adminReadOnly.liftTitle')}</h2>
              <button type="button" className="button primary" disabled={busy} onClick={() => void change(null, false)}>{i.t('adminReadOnly.lift')}</button>
            </section>
          ) : (
            <section className="card" aria-labelledby="ro-set">
              <h2 id="ro-set">{i.t('adminReadOnly.setTitle')}</h2>
              <form className="stack" onSubmit={(e) => void change(e, true)}>
                <label htmlFor="ro-message">{i.t('adminReadOnly.message')}</label>
                <textarea id="ro-message" required maxLength={500} rows={3} value={message} onChange={(e) => setMessage(e.target.value)} aria-describedby="ro-help" />
                <p id="ro-help" className="dim small">{i.t('adminReadOnly.messageHelp')}</p>
                <button type="submit" className="button danger" disabled={busy || !message.trim()}>{i.t('adminReadOnly.turnOn')}</button>
              </form>
            </section>
          )}
        </>
      ) : null}
    </div>
  )
}
