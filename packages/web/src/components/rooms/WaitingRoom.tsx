// A scheduled room before it starts: when, a countdown, "Remind me" for listeners,
// Start (early is fine) and Cancel for the host and co-hosts.
import { useEffect, useState } from 'react'
import { rooms, type Room } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import { signedIn } from '../StatusActions.tsx'
import { Icon } from '../Icon.tsx'
import type { RoomAct } from './SpeakerTile.tsx'
import { countdownText } from '../../rooms/parse.ts'

function Countdown({ at }: { at: string }) {
  const i = useI18n()
  const [now, setNow] = useState(Date.now())
  useEffect(() => { const t = setInterval(() => setNow(Date.now()), 1000); return () => clearInterval(t) }, [])
  const left = Date.parse(at) - now
  return (
    <div className="countdown">
      <p>{i.t('rooms.startsAt')} <time dateTime={at}>{i.dateTime(at)}</time></p>
      {/* role=timer is not announced on every tick */}
      <p role="timer" className="countdown-clock" aria-label={i.t('rooms.countdown')}>{left > 0 ? countdownText(left) : i.t('rooms.startingSoon')}</p>
    </div>
  )
}

export function WaitingRoom({ room, act }: { room: Room; act: RoomAct }) {
  const i = useI18n()
  const manager = room.me?.role === 'host' || room.me?.role === 'cohost'
  const reminded = !!room.me?.reminded
  return (
    <section className="card waiting" aria-labelledby="waiting-title">
      <h2 id="waiting-title">{i.t('rooms.waitingTitle')}</h2>
      {room.scheduled_at ? <Countdown at={room.scheduled_at} /> : null}
      <div className="row wrap">
        {manager ? (
          <>
            <button type="button" className="button primary big" onClick={() => act(() => rooms.start(room.id))}>{i.t('rooms.start')}</button>
            <button type="button" className="button ghost danger" onClick={() => { if (confirm(i.t('rooms.cancelConfirm'))) void act(() => rooms.end(room.id)) }}>{i.t('rooms.cancel')}</button>
          </>
        ) : (
          <button type="button" className="button"
            onClick={() => signedIn(() => act(() => (reminded ? rooms.unremind(room.id) : rooms.remind(room.id))))}>
            <Icon name="bell" filled={reminded} /> {reminded ? i.t('rooms.reminderSet') : i.t('rooms.remindMe')}
          </button>
        )}
      </div>
    </section>
  )
}
