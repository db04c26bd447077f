// Tells an admin, on whatever page they are, that a feature flag was rolled back by itself
// (services/flags/rollback.ts), with the reason, until they dismiss it. Only admins ask; the
// flags' changes are read every minute, and at once when the page opens.
import { useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import { useI18n } from '../i18n/index.ts'
import { Link } from '../router.tsx'
import { session } from '../state/session.ts'
import { useStore } from '../state/store.ts'

interface FlagEvent { id: string; flag_key: string; automatic: boolean; reason: string; created_at: string }

const SEEN = 'phare.rollbackSeen'
const EVERY_MS = 60_000

const seen = () => { try { return localStorage.getItem(SEEN) ?? '' } catch { return '' } }

export function RollbackNotice() {
  const i = useI18n()
  const admin = useStore(session, (s) => s.me?.role?.name === 'admin')
  const [news, setNews] = useState<FlagEvent[]>([])
  useEffect(() => {
    if (!admin) { setNews([]); return }
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      try {
        const events = await api.get<FlagEvent[]>('/api/v1/phare/admin/flags/events', { limit: 20 })
        const since = seen()
        // ISO times compare as strings; the newest first, as the server lists them.
        if (!stop) setNews(events.filter((e) => e.automatic && e.created_at > since))
      } catch { /* not reachable now: nothing to say */ }
      if (!stop) timer = setTimeout(() => void tick(), EVERY_MS)
    }
    void tick()
    return () => { stop = true; clearTimeout(timer) }
  }, [admin])
  if (!admin || news.length === 0) return null
  const latest = news[0]!
  const dismiss = () => {
    try { localStorage.setItem(SEEN, latest.created_at) } catch { /* kept for this page only */ }
    setNews([])
  }
  return (
    <div className="status-banner rollback-notice" role="status">
      {i.t('rollbackNotice.text', { key: latest.flag_key, time: i.relative(latest.created_at), reason: latest.reason })}
      {news.length > 1 ? ` ${i.t('rollbackNotice.more', { count: news.length - 1 })}` : ''}{' '}
      <Link to="/admin/flags">{i.t('rollbackNotice.review')}</Link>{' · '}
      <button type="button" className="link-button" onClick={dismiss}>{i.t('rollbackNotice.dismiss')}</button>
    </div>
  )
}
