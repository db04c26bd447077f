// A room as its page sees it: loaded once, then kept current by its live events.
// Events that change who is where (state, stage, hands, invitations, removals) carry
// ids only, so the room is re-read (debounced: a burst of events is one request);
// the frequent ones (listeners, reactions, speaking, captions) are applied here.
import { useEffect, useRef, useState } from 'react'
import { followRoom, rooms, type Room, type RoomEvent } from '../api/rooms.ts'

export interface FloatingReaction { key: number; emoji: string; accountId: string }
export interface Caption { accountId: string; text: string; key: number }

export interface LiveRoom {
  room: Room | null
  error: unknown
  /** who is speaking now, as the server hears it */
  speaking: ReadonlySet<string>
  reactions: FloatingReaction[]
  captions: Caption[]
  /** the viewer was removed from the room */
  removed: boolean
  /** replaces the room with an action's answer */
  set(r: Room): void
  reload(): void
}

const REACTION_MS = 2600
const CAPTION_MS = 7000
const CAPTIONS_KEPT = 3
let seq = 0

/** Loads a room and follows its events while the page is open. */
export function useRoom(id: string, meId: string | null): LiveRoom {
  const [room, setRoom] = useState<Room | null>(null)
  const [error, setError] = useState<unknown>(null)
  const [speaking, setSpeaking] = useState<ReadonlySet<string>>(new Set())
  const [reactions, setReactions] = useState<FloatingReaction[]>([])
  const [captions, setCaptions] = useState<Caption[]>([])
  const [removed, setRemoved] = useState(false)
  const reloadRef = useRef<() => void>(() => {})

  useEffect(() => {
    let alive = true
    let timer: ReturnType<typeof setTimeout> | null = null
    const timers = new Set<ReturnType<typeof setTimeout>>()
    const later = (fn: () => void, ms: number) => { const t = setTimeout(() => { timers.delete(t); fn() }, ms); timers.add(t) }
    const load = () => rooms.get(id).then((r) => { if (alive) { setRoom(r); setError(null) } }, (e) => { if (alive) setError(e) })
    const reload = () => {
      if (timer) return
      timer = setTimeout(() => { timer = null; void load() }, 150)
    }
    reloadRef.current = reload
    setRoom(null); setError(null); setRemoved(false)
    void load()

    const onEvent = (e: RoomEvent) => {
      if (!alive || e.payload.room_id !== id) return
      switch (e.event) {
        case 'room.listeners':
          setRoom((r) => (r ? { ...r, listener_count: e.payload.count } : r))
          return
        case 'room.speaking':
          setSpeaking(new Set(e.payload.account_ids))
          return
        case 'room.reaction': {
          const key = ++seq
          setReactions((list) => [...list.slice(-30), { key, emoji: e.payload.emoji, accountId: e.payload.account_id }])
          later(() => setReactions((list) => list.filter((x) => x.key !== key)), REACTION_MS)
          return
        }
        case 'room.caption': {
          const key = ++seq
          const c = { key, accountId: e.payload.account_id, text: e.payload.text }
          setCaptions((list) => [...list.filter((x) => x.accountId !== c.accountId), c].slice(-CAPTIONS_KEPT))
          later(() => setCaptions((list) => list.filter((x) => x.key !== key)), CAPTION_MS)
          return
        }
        case 'room.pin':
          setRoom((r) => (r ? { ...r, pinned_status_id: e.payload.status_id } : r))
          return
        case 'room.state':
          setRoom((r) => (r ? { ...r, state: e.payload.state, broadcast_id: e.payload.broadcast_id } : r))
          if (e.payload.state !== 'live') setSpeaking(new Set())
          break
        case 'room.removed':
          if (e.payload.account_id === meId) setRemoved(true)
          break
      }
      reload()
    }
    const stop = followRoom(id, {
      onEvent,
      onOpen: (again) => { if (again) reload() },
      onGone: () => { if (alive) void load() },
    })
    return () => {
      alive = false
      stop()
      if (timer) clearTimeout(timer)
      for (const t of timers) clearTimeout(t)
    }
  }, [id, meId])

  return { room, error, speaking, reactions, captions, removed, set: setRoom, reload: () => reloadRef.current() }
}
