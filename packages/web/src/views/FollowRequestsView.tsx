// People who asked to follow a locked account, to accept or reject.
import { useEffect, useState } from 'react'
import { api } from '../api/client.ts'
import type { Account } from '../api/types.ts'
import { Avatar, NameLine, profilePath } from '../components/AccountBits.tsx'
import { useI18n } from '../i18n/index.ts'
import { Link } from '../router.tsx'
import { refreshMe } from '../state/session.ts'
import { errorText, toastError } from '../state/ui.ts'

export function FollowRequestsView() {
  const i = useI18n()
  const [list, setList] = useState<Account[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  useEffect(() => { api.get<Account[]>('/api/v1/follow_requests', { limit: 80 }).then(setList, (e) => setError(errorText(e))) }, [])
  const act = (a: Account, what: 'authorize' | 'reject') => api.post(`/api/v1/follow_requests/${a.id}/${what}`).then(() => {
    setList((l) => l?.filter((x) => x.id !== a.id) ?? null)
    void refreshMe().catch(() => {})
  }, toastError)
  return (
    <div>
      <h1 className="view-title">{i.t('requests.title')}</h1>
      {error ? <p className="form-error" role="alert">{error}</p> : null}
      {list?.length === 0 ? <p className="list-footer empty">{i.t('requests.empty')}</p> : null}
      <ul className="account-list">
        {list?.map((a) => (
          <li key={a.id} className="account-row">
            <Avatar account={a} size={44} />
            <Link to={profilePath(a)}><NameLine account={a} /></Link>
            <span className="spacer" />
            <button type="button" className="button small primary" onClick={() => void act(a, 'authorize')}>{i.t('requests.accept')}</button>
            <button type="button" className="button small" onClick={() => void act(a, 'reject')}>{i.t('requests.reject')}</button>
          </li>
        ))}
      </ul>
    </div>
  )
}
