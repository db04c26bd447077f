// What the invited person sees: an invitation to the stage, to accept or turn down.
import { rooms, type Room } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import type { RoomAct } from './SpeakerTile.tsx'

export function InviteBanner({ room, act }: { room: Room; act: RoomAct }) {
  const i = useI18n()
  const role = room.me?.invited_role
  if (!role || room.state !== 'live') return null
  return (
    <div className="card invite-banner" role="region" aria-label={i.t('rooms.invitation')}>
      <p>{i.t(role === 'cohost' ? 'rooms.invitedYouCohost' : 'rooms.invitedYouSpeaker', { name: room.host.display_name || room.host.username })}</p>
      <button type="button" className="button primary" onClick={() => act(() => rooms.accept(room.id))}>{i.t('rooms.accept')}</button>
      <button type="button" className="button" onClick={() => act(() => rooms.decline(room.id))}>{i.t('rooms.decline')}</button>
    </div>
  )
}
