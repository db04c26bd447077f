// A banner from the status page (packages/status) when parts of the server are down, and
// the way to its "something is wrong" form. It reads the status process, not the app: the
// address is remembered, so the banner and the form still work while the app's API is down.
// Any failure to reach the status page shows nothing rather than breaking the app.
import { useEffect, useState } from 'react'
import { useI18n } from '../i18n/index.ts'

const KEY = 'phare.statusUrl'
const EVERY_MS = 60_000

interface Summary { components?: { name: string; status: string }[] }

async function statusUrl(): Promise<string | null> {
  try {
    const r = await fetch('/api/v1/phare/status', { signal: AbortSignal.timeout(5000) })
    if (r.ok) {
      const url = ((await r.json()) as { status_url?: string | null }).status_url ?? null
      if (url) localStorage.setItem(KEY, url)
      else localStorage.removeItem(KEY)
      return url
    }
  } catch { /* the app may be the thing that is down */ }
  try { return localStorage.getItem(KEY) } catch { return null }
}

/** Names of the components the status page says are not working, or [] when it cannot say. */
async function troubled(url: string): Promise<string[]> {
  try {
    const r = await fetch(`${url}/api/v2/summary.json`, { signal: AbortSignal.timeout(5000) })
    const s = (await r.json()) as Summary
    return (s.components ?? []).filter((c) => /outage|degraded/.test(c.status)).map((c) => c.name)
  } catch { return [] }
}

export function StatusBanner() {
  const i = useI18n()
  const [url, setUrl] = useState<string | null>(null)
  const [down, setDown] = useState<string[]>([])
  useEffect(() => {
    let stop = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const tick = async () => {
      const u = await statusUrl()
      if (stop) return
      setUrl(u)
      setDown(u ? await troubled(u) : [])
      if (!stop) timer = setTimeout(() => void tick(), EVERY_MS)
    }
    void tick()
    return () => { stop = true; clearTimeout(timer) }
  }, [])
  if (!url || down.length === 0) return null
  return (
    <div className="status-banner" role="status">
      {i.t('status.banner', { parts: down.join(', ') })}{' '}
      <a href={url}>{i.t('status.page')}</a> · <a href={`${url}/report`}>{i.t('status.report')}</a>
    </div>
  )
}

/** A small link to the status page and its report form, when the server has one. */
export function StatusLink() {
  const i = useI18n()
  const [url, setUrl] = useState<string | null>(null)
  useEffect(() => { void statusUrl().then(setUrl) }, [])
  if (!url) return null
  return <p className="status-link"><a href={url}>{i.t('status.page')}</a> · <a href={`${url}/report`}>{i.t('status.report')}</a></p>
}
