// What someone on the stage of a live room controls: their microphone (connected to
// the stage on request: the browser asks for permission), mute, captions and leaving.
import { useEffect, useRef, useState } from 'react'
import { rooms, type Room } from '../../api/rooms.ts'
import { useI18n } from '../../i18n/index.ts'
import { captionsSupported, startCaptions } from '../../rooms/captions.ts'
import { connectStage, type StageConnection, type StageStatus } from '../../rooms/stage-connection.ts'
import { toast } from '../../state/ui.ts'
import { Icon } from '../Icon.tsx'
import type { RoomAct } from './SpeakerTile.tsx'

const STATUS_TEXT = {
  connecting: 'rooms.mic.connecting', connected: 'rooms.mic.connected', reconnecting: 'rooms.mic.reconnecting', failed: 'rooms.mic.failed', closed: 'rooms.mic.off',
} as const

export function SpeakerControls({ room, meId, act }: { room: Room; meId: string; act: RoomAct }) {
  const i = useI18n()
  const me = room.me!
  const [status, setStatus] = useState<StageStatus>('closed')
  const [captions, setCaptions] = useState(false)
  const conn = useRef<StageConnection | null>(null)
  const audioParent = useRef<HTMLDivElement>(null)

  // Leaving the page or the stage hangs up (and tells the server).
  useEffect(() => {
    const hangUp = () => { conn.current?.close(); conn.current = null }
    window.addEventListener('pagehide', hangUp)
    return () => { window.removeEventListener('pagehide', hangUp); hangUp() }
  }, [])
  useEffect(() => { conn.current?.setMuted(me.muted) }, [me.muted])
  useEffect(() => {
    if (!captions) return
    return startCaptions(room.id, i.lang, () => { setCaptions(false); toast(i.t('rooms.captionsRefused'), true) })
  }, [captions, room.id, i.lang])

  const connect = () => {
    conn.current?.close()
    conn.current = connectStage({ roomId: room.id, muted: me.muted, audioParent: audioParent.current!, onStatus: (s) => setStatus(s) })
  }
  const toggleMute = () => {
    conn.current?.setMuted(!me.muted)
    void act(() => (me.muted ? rooms.unmute(room.id, meId) : rooms.mute(room.id, meId)))
  }
  const leave = () => {
    conn.current?.close()
    conn.current = null
    void act(() => rooms.demote(room.id))
  }
  const on = status === 'connected' || status === 'connecting' || status === 'reconnecting'

  return (
    <section className="card speaker-controls" aria-label={i.t('rooms.yourMic')}>
      <div ref={audioParent} hidden />
      <div className="row wrap">
        {on ? null : (
          <button type="button" className="button primary big" onClick={connect}><Icon name="mic" /> {i.t('rooms.connectMic')}</button>
        )}
        <button type="button" className="button" aria-pressed={me.muted} onClick={toggleMute}>
          <Icon name={me.muted ? 'micOff' : 'mic'} /> {i.t('rooms.muteSelf')}
        </button>
        {captionsSupported() ? (
          <button type="button" className="button" aria-pressed={captions} onClick={() => setCaptions(!captions)}>{i.t('rooms.captions')}</button>
        ) : null}
        {me.role !== 'host' ? <button type="button" className="button ghost" onClick={leave}>{i.t('rooms.leaveStage')}</button> : null}
      </div>
      <p className={status === 'failed' ? 'form-error' : 'dim'} role="status">{i.t(STATUS_TEXT[status])}</p>
    </section>
  )
}
