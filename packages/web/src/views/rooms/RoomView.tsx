// A room's page: its header, then what its state calls for: the waiting room while
// scheduled; the stage, audio, hands, reactions and listeners while live; the end and
// its replay once ended. Everything follows the room's live events (rooms/useRoom.ts).
import { useEffect, useRef, useState } from 'react'
import { rooms, type Room } from '../../api/rooms.ts'
import { NameLine, nameOf } from '../../components/AccountBits.tsx'
import { signedIn } from '../../components/StatusActions.tsx'
import { Icon } from '../../components/Icon.tsx'
import { Captions } from '../../components/rooms/Captions.tsx'
import { HandsPanel } from '../../components/rooms/HandsPanel.tsx'
import { InviteBanner } from '../../components/rooms/InviteBanner.tsx'
import { ListenPlayer } from '../../components/rooms/ListenPlayer.tsx'
import { Listeners } from '../../components/rooms/Listeners.tsx'
import { PinnedPost } from '../../components/rooms/PinnedPost.tsx'
import { FloatingReactions, ReactionBar } from '../../components/rooms/Reactions.tsx'
import { ShareLink } from '../../components/rooms/ShareLink.tsx'
import { SpeakerControls } from '../../components/rooms/SpeakerControls.tsx'
import type { RoomAct } from '../../components/rooms/SpeakerTile.tsx'
import { Stage } from '../../components/rooms/Stage.tsx'
import { WaitingRoom } from '../../components/rooms/WaitingRoom.tsx'
import { useI18n } from '../../i18n/index.ts'
import { Link } from '../../router.tsx'
import { useRoom, type LiveRoom } from '../../rooms/useRoom.ts'
import { session } from '../../state/session.ts'
import { useStore } from '../../state/store.ts'
import { errorText, toastError } from '../../state/ui.ts'

function RoomHeader({ room }: { room: Room }) {
  const i = useI18n()
  return (
    <header className="room-header">
      <p className={`room-state ${room.state}`}>{i.t(`rooms.state.${room.state}`)}</p>
      <h1 id="room-title" className="room-title">{room.title}</h1>
      <p className="row wrap dim">{i.t('rooms.hostedBy')} <Link to={`/@${room.host.acct}`} className="author"><NameLine account={room.host} /></Link></p>
      {room.description ? <p className="room-description">{room.description}</p> : null}
      {room.topics.length ? (
        <ul className="room-topics" aria-label={i.t('rooms.topics')}>
          {room.topics.map((t) => <li key={t}><Link to={`/tags/${encodeURIComponent(t)}`}>#{t}</Link></li>)}
        </ul>
      ) : null}
    </header>
  )
}

function LiveRoomBody({ live, act, meId }: { live: LiveRoom; act: RoomAct; meId: string | null }) {
  const i = useI18n()
  const room = live.room!
  const me = room.me
  const onStage = me !== null && me.role !== 'listener'
  const manager = me?.role === 'host' || me?.role === 'cohost'
  // Moved off the stage (by a host, or by leaving it): keep hearing the room without a press.
  const wasOnStage = useRef(false)
  const leftStage = wasOnStage.current && !onStage
  useEffect(() => { wasOnStage.current = onStage }, [onStage])
  return (
    <>
      <InviteBanner room={room} act={act} />
      <div className="stage-wrap">
        <Stage room={room} speaking={live.speaking} act={act} />
        <FloatingReactions reactions={live.reactions} />
      </div>
      <Captions room={room} captions={live.captions} />
      {onStage && meId
        ? <SpeakerControls room={room} meId={meId} act={act} />
        : <ListenPlayer src={room.audio_url ?? null} onMissing={live.reload} autoStart={leftStage} />}
      <div className="row wrap room-actions">
        {!onStage ? (
          me?.hand_raised
            ? <button type="button" className="button" onClick={() => act(() => rooms.lowerHand(room.id))}><Icon name="hand" filled /> {i.t('rooms.lowerHand')}</button>
            : <button type="button" className="button" onClick={() => signedIn(() => act(() => rooms.raiseHand(room.id)))}><Icon name="hand" /> {i.t('rooms.raiseHand')}</button>
        ) : null}
        {me ? <ReactionBar room={room} /> : null}
      </div>
      {manager ? <HandsPanel room={room} act={act} /> : null}
      <Listeners room={room} />
      {manager ? (
        <p><button type="button" className="button danger" onClick={() => { if (confirm(i.t('rooms.endConfirm'))) void act(() => rooms.end(room.id)) }}>{i.t('rooms.end')}</button></p>
      ) : null}
    </>
  )
}

function EndedRoomBody({ live, act }: { live: LiveRoom; act: RoomAct }) {
  const i = useI18n()
  const room = live.room!
  const replay = room.replay_available
  return (
    <section className="card ended" aria-labelledby="ended-title">
      <h2 id="ended-title">{i.t('rooms.ended')}</h2>
      {room.ended_at ? <p className="dim">{i.t('rooms.endedAt', { date: i.dateTime(room.ended_at) })}</p> : null}
      {replay ? <ListenPlayer key="replay" src={room.audio_url ?? null} replay onMissing={live.reload} /> : <p className="dim">{i.t('rooms.noReplay')}</p>}
      {replay && room.me?.role === 'host' ? (
        <p><button type="button" className="button small ghost danger" onClick={() => { if (confirm(i.t('rooms.deleteReplayConfirm'))) void act(() => rooms.deleteReplay(room.id)) }}>{i.t('rooms.deleteReplay')}</button></p>
      ) : null}
    </section>
  )
}

export default function RoomView({ id }: { id: string }) {
  const i = useI18n()
  const meId = useStore(session, (s) => s.me?.id ?? null)
  const live = useRoom(id, meId)
  const [busy, setBusy] = useState(false)
  const room = live.room
  useEffect(() => { if (room) document.title = `${room.title} · ${nameOf(room.host)} · ${document.title.split(' · ').at(-1)}` }, [room?.title])

  const act: RoomAct = async (fn) => {
    if (busy) return
    setBusy(true)
    try { live.set(await fn()) } catch (e) { toastError(e) } finally { setBusy(false) }
  }

  if (live.removed) return <p className="list-footer" role="alert">{i.t('rooms.removed')}</p>
  if (live.error && !room) return <p className="list-footer" role="alert">{errorText(live.error)}</p>
  if (!room) return <div className="list-footer"><span className="spinner" aria-hidden="true" /><span className="sr-only">{i.t('app.loading')}</span></div>
  return (
    <article className="room" aria-labelledby="room-title" aria-busy={busy}>
      <RoomHeader room={room} />
      {room.state === 'scheduled' ? <WaitingRoom room={room} act={act} /> : null}
      {room.state === 'live' ? <LiveRoomBody live={live} act={act} meId={meId} /> : null}
      {room.state === 'ended' ? <EndedRoomBody live={live} act={act} /> : null}
      <PinnedPost room={room} act={act} />
      {room.state !== 'ended' ? <ShareLink url={room.url} /> : null}
    </article>
  )
}
