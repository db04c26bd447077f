// Small pieces that show who someone is: avatar, name, @handle, relative time.
import { memo, useEffect, useState } from 'react'
import type { Account } from '../api/types.ts'
import { useI18n } from '../i18n/index.ts'

/** The display name, falling back to the username (display names may be empty). */
export const nameOf = (a: Pick<Account, 'display_name' | 'username'>) => a.display_name.trim() || a.username

/** The URL path of a profile in the app. */
export const profilePath = (a: Pick<Account, 'acct'>) => `/@${a.acct}`

/** A square avatar; decorative unless given a label (the name is always next to it). */
export const Avatar = memo(function Avatar({ account, size = 44, label }: { account: Account; size?: number; label?: string }) {
  return (
    <img className="avatar" src={account.avatar_static} width={size} height={size} loading="lazy" decoding="async"
      alt={label ?? ''} style={{ width: size, height: size }} />
  )
})

/** Name and @handle on one line (the name truncates first). */
export function NameLine({ account }: { account: Account }) {
  return (
    <span className="name-line">
      <bdi className="display-name">{nameOf(account)}</bdi>
      {account.locked ? <span className="sr-only"> (locked)</span> : null}
      <span className="acct" translate="no">@{account.acct}</span>
    </span>
  )
}

// One shared clock: every relative time updates together once a minute, not one timer each.
const listeners = new Set<() => void>()
setInterval(() => { for (const fn of listeners) fn() }, 60_000)

/** "5 min" that stays current; the full date is in the title and the datetime attribute. */
export function RelativeTime({ iso }: { iso: string }) {
  const i = useI18n()
  const [, tick] = useState(0)
  useEffect(() => { const fn = () => tick((n) => n + 1); listeners.add(fn); return () => { listeners.delete(fn) } }, [])
  // The full date is spoken after the short one, so the visible text stays part of the name.
  return <time dateTime={iso} title={i.dateTime(iso)}>{i.relative(iso)}<span className="sr-only">, {i.dateTime(iso)}</span></time>
}
