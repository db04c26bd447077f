// A poll: options with results once voted or closed, a form to vote otherwise.
import { useState } from 'react'
import type { Status } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'
import { session } from '../state/session.ts'
import { actions } from '../state/statuses.ts'
import { useStore } from '../state/store.ts'
import { toastError } from '../state/ui.ts'
import { RelativeTime } from './AccountBits.tsx'

export function Poll({ status }: { status: Status }) {
  const i = useI18n()
  const poll = status.poll!
  const signedIn = useStore(session, (s) => !!s.token)
  const [chosen, setChosen] = useState<number[]>([])
  const [busy, setBusy] = useState(false)
  const showResults = poll.expired || poll.voted || !signedIn
  const total = poll.voters_count ?? poll.votes_count
  const name = `poll-${status.id}`
  if (showResults) {
    return (
      <div className="poll">
        <ul>
          {poll.options.map((o, n) => {
            const pct = o.votes_count === null || total === 0 ? 0 : Math.round((o.votes_count / total) * 100)
            return (
              <li key={n} className={poll.own_votes?.includes(n) ? 'own' : undefined}>
                <span className="bar" style={{ width: `${pct}%` }} aria-hidden="true" />
                <span className="pct">{o.votes_count === null ? '–' : `${pct}%`}</span> <span>{o.title}</span>
              </li>
            )
          })}
        </ul>
        <p className="meta">
          {i.t('poll.votes', { count: poll.votes_count })} · {poll.expired ? i.t('poll.closed') : poll.expires_at ? <>{i.t('poll.endsAt', { time: '' })}<RelativeTime iso={poll.expires_at} /></> : null}
          {/* the author's own poll counts as voted (results shown) but they did not choose anything */}
          {poll.voted && poll.own_votes?.length ? <> · {i.t('poll.voted')}</> : null}
        </p>
      </div>
    )
  }
  return (
    <form className="poll" onSubmit={(e) => {
      e.preventDefault()
      setBusy(true)
      actions.vote(status, chosen).catch(toastError).finally(() => setBusy(false))
    }}>
      <fieldset>
        <legend className="sr-only">{i.t('poll.vote')}</legend>
        {poll.options.map((o, n) => (
          <label key={n} className="poll-option">
            <input type={poll.multiple ? 'checkbox' : 'radio'} name={name} checked={chosen.includes(n)}
              onChange={(e) => setChosen(poll.multiple ? (e.target.checked ? [...chosen, n] : chosen.filter((c) => c !== n)) : [n])} />
            <span>{o.title}</span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button small" disabled={busy || chosen.length === 0}>{i.t('poll.vote')}</button>
      {poll.expires_at ? <span className="meta"> {i.t('poll.endsAt', { time: '' })}<RelativeTime iso={poll.expires_at} /></span> : null}
    </form>
  )
}
