// For the host and co-hosts: raised hands and pending invitations, with the invitations
// to make (a speaker, or a co-host: that one by the host only).
import { rooms, type Room } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import { Avatar, NameLine } from '../AccountBits.tsx'
import { Icon } from '../Icon.tsx'
import type { RoomAct } from './SpeakerTile.tsx'

export function HandsPanel({ room, act }: { room: Room; act: RoomAct }) {
  const i = useI18n()
  const isHost = room.me?.role === 'host'
  return (
    <section className="card hands" aria-labelledby="hands-title">
      <h2 id="hands-title">{i.t('rooms.hands')}</h2>
      {room.hands.length === 0 ? <p className="dim">{i.t('rooms.noHands')}</p> : (
        <ul className="people-list">
          {room.hands.map((h) => (
            <li key={h.account.id} className="row wrap">
              <Avatar account={h.account} size={32} />
              <NameLine account={h.account} />
              {h.hand_raised_at ? <span className="badge"><Icon name="hand" size={14} /> {i.t('rooms.handRaised')}</span> : null}
              <span className="spacer" />
              {h.invited_role ? <span className="badge">{i.t(h.invited_role === 'cohost' ? 'rooms.invitedCohost' : 'rooms.invitedSpeaker')}</span> : (
                <>
                  <button type="button" className="button small primary" onClick={() => act(() => rooms.invite(room.id, h.account.id, 'speaker'))}>{i.t('rooms.inviteSpeaker')}</button>
                  {isHost ? <button type="button" className="button small" onClick={() => act(() => rooms.invite(room.id, h.account.id, 'cohost'))}>{i.t('rooms.inviteCohost')}</button> : null}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
