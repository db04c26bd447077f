// The stage: everyone who may speak, in the server's order (host first).
import { rooms, type Room } from '../../api/rooms.ts'
import { nameOf } from '../AccountBits.tsx'
import { useI18n } from '../../i18n/index.ts'
import { canManage, SpeakerTile, type RoomAct } from './SpeakerTile.tsx'

export function Stage({ room, speaking, act }: { room: Room; speaking: ReadonlySet<string>; act: RoomAct }) {
  const i = useI18n()
  const myRole = room.me?.role
  return (
    <section className="stage" aria-labelledby="stage-title">
      <h2 id="stage-title" className="section-title">{i.t('rooms.stage')}</h2>
      <ul className="speakers" aria-label={i.t('rooms.stage')}>
        {room.speakers.map((s) => (
          <SpeakerTile key={s.account.id} account={s.account} role={s.role} muted={s.muted} speaking={speaking.has(s.account.id)}
            manage={room.state === 'live' && canManage(myRole, s.role)}
            actions={{
              mute: () => act(() => rooms.mute(room.id, s.account.id)),
              unmute: () => act(() => rooms.unmute(room.id, s.account.id)),
              demote: () => act(() => rooms.demote(room.id, s.account.id)),
              remove: () => { if (confirm(i.t('rooms.removeConfirm', { name: nameOf(s.account) }))) void act(() => rooms.remove(room.id, s.account.id)) },
            }} />
        ))}
      </ul>
    </section>
  )
}
