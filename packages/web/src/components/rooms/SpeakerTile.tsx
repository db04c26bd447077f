// One person on the stage: avatar (ringed while speaking), name, role, muted mark and,
// for the host and co-hosts, a menu to mute, move back to the listeners or remove.
import { useEffect, useId, useRef, useState } from 'react'
import type { Room, StageRole } from '../../api/rooms.ts'
import type { Account } from '../../api/types.ts'
import { useI18n, type MessageKey } from '../../i18n/index.ts'
import { Link } from '../../router.tsx'
import { Avatar, nameOf, profilePath } from '../AccountBits.tsx'
import { Icon } from '../Icon.tsx'

export type RoomAct = (fn: () => Promise<Room>) => Promise<void>

export const ROLE_LABEL: Record<StageRole, MessageKey> = { host: 'rooms.role.host', cohost: 'rooms.role.cohost', speaker: 'rooms.role.speaker' }

/** Whether the viewer (by role) may mute, move or remove someone with this role. */
export function canManage(myRole: string | undefined, target: StageRole): boolean {
  if (target === 'host') return false
  if (target === 'cohost') return myRole === 'host'
  return myRole === 'host' || myRole === 'cohost'
}

interface Props {
  account: Account
  role: StageRole
  muted: boolean
  speaking: boolean
  manage: boolean
  actions: { mute(): void; unmute(): void; demote(): void; remove(): void }
}

function Menu({ name, muted, actions }: { name: string; muted: boolean; actions: Props['actions'] }) {
  const i = useI18n()
  const [open, setOpen] = useState(false)
  const id = useId()
  const ref = useRef<HTMLDivElement>(null)
  useEffect(() => {
    if (!open) return
    const close = (e: Event) => { if (!ref.current?.contains(e.target as Node)) setOpen(false) }
    const esc = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false) }
    document.addEventListener('pointerdown', close)
    document.addEventListener('keydown', esc)
    return () => { document.removeEventListener('pointerdown', close); document.removeEventListener('keydown', esc) }
  }, [open])
  const item = (label: MessageKey, fn: () => void, danger = false) => (
    <li><button type="button" className={`button small ghost${danger ? ' danger' : ''}`} onClick={() => { setOpen(false); fn() }}>{i.t(label)}</button></li>
  )
  return (
    <div className="speaker-menu" ref={ref}>
      <button type="button" className="icon-button" aria-expanded={open} aria-controls={id} aria-label={i.t('rooms.manage', { name })} onClick={() => setOpen(!open)}>
        <Icon name="more" />
      </button>
      {open ? (
        <ul id={id} className="speaker-menu-list">
          {muted ? item('rooms.unmuteOther', actions.unmute) : item('rooms.muteOther', actions.mute)}
          {item('rooms.moveToListeners', actions.demote)}
          {item('rooms.remove', actions.remove, true)}
        </ul>
      ) : null}
    </div>
  )
}

export function SpeakerTile({ account, role, muted, speaking, manage, actions }: Props) {
  const i = useI18n()
  const name = nameOf(account)
  return (
    <li className={`speaker${speaking ? ' speaking' : ''}`}>
      <Link to={profilePath(account)} className="speaker-avatar" tabIndex={-1} aria-hidden="true"><Avatar account={account} size={64} /></Link>
      <Link to={profilePath(account)} className="speaker-name"><bdi>{name}</bdi></Link>
      <span className={`role-badge ${role}`}>{i.t(ROLE_LABEL[role])}</span>
      <span className="speaker-state">
        {muted ? <span className="muted-mark" title={i.t('rooms.muted')}><Icon name="micOff" size={16} /><span className="sr-only">{i.t('rooms.muted')}</span></span> : null}
        {speaking ? <span className="sr-only">{i.t('rooms.speaking')}</span> : null}
      </span>
      {manage ? <Menu name={name} muted={muted} actions={actions} /> : null}
    </li>
  )
}
