// The post pinned on a room, shown with the usual post component; the host and
// co-hosts pin one by pasting its link (or id) and can unpin it.
import { useEffect, useId, useState, type FormEvent } from 'react'
import { api } from '../../api/client.ts'
import { rooms, type Room } from '../../api/rooms.ts'
import type { Status as StatusT } from '../../api/types.ts'
import { useI18n } from '../../i18n/index.ts'
import { remember } from '../../state/statuses.ts'
import { Status } from '../Status.tsx'
import type { RoomAct } from './SpeakerTile.tsx'
import { statusIdFrom } from '../../rooms/parse.ts'

function PinForm({ room, act }: { room: Room; act: RoomAct }) {
  const i = useI18n()
  const id = useId()
  const [text, setText] = useState('')
  const [bad, setBad] = useState(false)
  const submit = async (e: FormEvent) => {
    e.preventDefault()
    const statusId = statusIdFrom(text)
    setBad(!statusId)
    if (!statusId) return
    await act(() => rooms.pin(room.id, statusId))
    setText('')
  }
  return (
    <form className="pin-form row" onSubmit={submit}>
      <label htmlFor={id} className="sr-only">{i.t('rooms.pinLabel')}</label>
      <input id={id} type="text" placeholder={i.t('rooms.pinLabel')} value={text} onChange={(e) => setText(e.target.value)} aria-invalid={bad || undefined} />
      <button type="submit" className="button" disabled={!text.trim()}>{i.t('rooms.pin')}</button>
      {bad ? <p className="form-error" role="alert">{i.t('rooms.pinBad')}</p> : null}
    </form>
  )
}

export function PinnedPost({ room, act }: { room: Room; act: RoomAct }) {
  const i = useI18n()
  const pinned = room.pinned_status_id
  const [loaded, setLoaded] = useState<string | null>(null)
  useEffect(() => {
    if (!pinned) return
    api.get<StatusT>(`/api/v1/statuses/${pinned}`).then((s) => { remember(s); setLoaded(pinned) }, () => setLoaded(null))
  }, [pinned])
  const manager = (room.me?.role === 'host' || room.me?.role === 'cohost') && room.state !== 'ended'
  if (!pinned && !manager) return null
  return (
    <section className="pinned" aria-labelledby="pinned-title">
      <h2 id="pinned-title" className="section-title">{i.t('rooms.pinned')}</h2>
      {pinned && loaded === pinned ? <Status id={pinned} /> : null}
      {manager && pinned ? <button type="button" className="button small ghost" onClick={() => act(() => rooms.pin(room.id, null))}>{i.t('rooms.unpin')}</button> : null}
      {manager && !pinned ? <PinForm room={room} act={act} /> : null}
    </section>
  )
}
