// Search for people and hashtags (/api/v2/search), results as links.
import { useEffect, useId, useState } from 'react'
import { api } from '../api/client.ts'
import type { SearchResults } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { Link } from '../router.tsx'
import { Avatar, NameLine, profilePath } from './AccountBits.tsx'
import { Icon } from './Icon.tsx'

export function Search() {
  const i = useI18n()
  const id = useId()
  const [q, setQ] = useState('')
  const [r, setR] = useState<SearchResults | null>(null)
  useEffect(() => {
    const query = q.trim()
    if (query.length < 2) { setR(null); return }
    let live = true
    const timer = setTimeout(() => {
      api.get<SearchResults>('/api/v2/search', { q: query, limit: 5, resolve: false }).then((x) => { if (live) setR(x) }, () => {})
    }, 250)
    return () => { live = false; clearTimeout(timer) }
  }, [q])
  const clear = () => { setQ(''); setR(null) }
  return (
    <div role="search" className="search">
      <label htmlFor={id} className="sr-only">{i.t('search.label')}</label>
      <div className="search-box">
        <Icon name="search" size={18} />
        <input id={id} type="search" value={q} placeholder={i.t('search.placeholder')} onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => { if (e.key === 'Escape') clear() }} />
      </div>
      {r ? (
        <div className="search-results" aria-live="polite">
          {r.accounts.length + r.hashtags.length === 0 ? <p className="dim">{i.t('search.nothing')}</p> : null}
          {r.accounts.length ? <h3>{i.t('search.accounts')}</h3> : null}
          <ul>
            {r.accounts.map((a) => (
              <li key={a.id}><Link to={profilePath(a)} className="account-row" onClick={clear}><Avatar account={a} size={32} /><NameLine account={a} /></Link></li>
            ))}
          </ul>
          {r.hashtags.length ? <h3>{i.t('search.hashtags')}</h3> : null}
          <ul>
            {r.hashtags.map((t) => <li key={t.name}><Link to={`/tags/${encodeURIComponent(t.name)}`} onClick={clear}>#{t.name}</Link></li>)}
          </ul>
        </div>
      ) : null}
    </div>
  )
}
