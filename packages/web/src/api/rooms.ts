// Live audio rooms (issue 6): the Room entity, its actions and its live event stream.
// Every action answers with the room as the caller now sees it.
import { api, currentToken } from './client.ts'
import type { Account } from './types.ts'

export type StageRole = 'host' | 'cohost' | 'speaker'
export type RoomState = 'scheduled' | 'live' | 'ended'

export interface Room {
  id: string
  url: string
  title: string
  description: string
  topics: string[]
  state: RoomState
  scheduled_at: string | null
  started_at: string | null
  ended_at: string | null
  created_at: string
  broadcast_id: string | null
  replay_available: boolean
  host: Account
  speakers: { account: Account; role: StageRole; muted: boolean }[]
  /** the LL-HLS playlist: live while live, the replay once ended; null before the start */
  audio_url?: string | null
  listener_count: number
  /** some signed-in listeners (absent on servers that do not list them) */
  listeners?: Account[]
  status_id: string | null
  pinned_status_id: string | null
  /** raised hands and invitations: only the host and co-hosts get them */
  hands: { account: Account; hand_raised_at: string | null; invited_role: 'speaker' | 'cohost' | null }[]
  me: { role: StageRole | 'listener'; muted: boolean; hand_raised: boolean; invited_role: 'speaker' | 'cohost' | null; reminded: boolean } | null
}

/** One live event of a room (see the server's services/rooms/events.ts). */
export type RoomEvent =
  | { event: 'room.state'; payload: { room_id: string; state: RoomState; broadcast_id: string | null; replay: boolean } }
  | { event: 'room.stage'; payload: { room_id: string; account_id: string; role: StageRole | 'listener'; muted: boolean } }
  | { event: 'room.hand'; payload: { room_id: string; account_id: string; raised: boolean } }
  | { event: 'room.invite'; payload: { room_id: string; account_id: string; role: 'speaker' | 'cohost' } }
  | { event: 'room.removed'; payload: { room_id: string; account_id: string } }
  | { event: 'room.reaction'; payload: { room_id: string; account_id: string; emoji: string } }
  | { event: 'room.pin'; payload: { room_id: string; status_id: string | null } }
  | { event: 'room.listeners'; payload: { room_id: string; count: number } }
  | { event: 'room.speaking'; payload: { room_id: string; account_ids: string[] } }
  | { event: 'room.caption'; payload: { room_id: string; account_id: string; text: string } }

/** The reactions the server accepts. */
export const REACTIONS = ['💜', '😂', '👏', '💯', '😢', '🙏', '✋', '👋', '🔥'] as const

export interface NewRoom { title: string; description: string; topics: string[]; scheduled_at: string | null }

const base = (id: string) => `/api/v1/phare/rooms/${encodeURIComponent(id)}`
const act = (id: string, path: string, body: unknown = {}) => api.post<Room>(`${base(id)}${path}`, body)

export const rooms = {
  create: (r: NewRoom) => api.post<Room>('/api/v1/phare/rooms', r),
  get: (id: string) => api.get<Room>(base(id)),
  start: (id: string) => act(id, '/start'),
  end: (id: string) => act(id, '/end'),
  /** deletes the replay of an ended room */
  deleteReplay: (id: string) => api.del<Room>(base(id)),
  raiseHand: (id: string) => act(id, '/hand'),
  lowerHand: (id: string) => api.del<Room>(`${base(id)}/hand`),
  invite: (id: string, accountId: string, role: 'speaker' | 'cohost') => act(id, '/invite', { account_id: accountId, role }),
  accept: (id: string) => act(id, '/accept'),
  decline: (id: string) => act(id, '/decline'),
  /** back to the listeners: oneself (no account) or someone else */
  demote: (id: string, accountId?: string) => act(id, '/demote', accountId ? { account_id: accountId } : {}),
  mute: (id: string, accountId: string) => act(id, '/mute', { account_id: accountId }),
  unmute: (id: string, accountId: string) => act(id, '/unmute', { account_id: accountId }),
  remove: (id: string, accountId: string) => act(id, '/remove', { account_id: accountId }),
  react: (id: string, emoji: string) => act(id, '/reactions', { emoji }),
  /** pins a post; null unpins */
  pin: (id: string, statusId: string | null) => act(id, '/pin', statusId ? { status_id: statusId } : {}),
  remind: (id: string) => act(id, '/remind'),
  unremind: (id: string) => api.del<Room>(`${base(id)}/remind`),
  caption: (id: string, text: string) => api.post<unknown>(`${base(id)}/captions`, { text }),
  stageConnect: (id: string, sdp: string) => api.post<{ sdp: string; slots: { mid: string; account_id: string | null }[] }>(`${base(id)}/stage/connect`, { sdp }),
  /** keepalive: it is also sent while the page unloads */
  stageDisconnect: (id: string) => {
    const token = currentToken()
    return fetch(`${base(id)}/stage/disconnect`, {
      method: 'POST', keepalive: true, body: '{}',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    })
  },
}

/** Parses server-sent events out of text chunks; returns the unfinished rest of the buffer. */
export function parseSse(buffer: string, emit: (event: string, data: string) => void): string {
  // A chunk may end between the \r and \n of one line end: that \r waits for the next chunk.
  const held = buffer.endsWith('\r') ? '\r' : ''
  const blocks = buffer.slice(0, buffer.length - held.length).replace(/\r\n?/g, '\n').split('\n\n')
  const rest = (blocks.pop() ?? '') + held
  for (const block of blocks) {
    let event = 'message'
    const data: string[] = []
    for (const line of block.split('\n')) {
      if (!line || line.startsWith(':')) continue
      const at = line.indexOf(':')
      const field = at < 0 ? line : line.slice(0, at)
      const value = at < 0 ? '' : line.slice(at + 1).replace(/^ /, '')
      if (field === 'event') event = value
      else if (field === 'data') data.push(value)
    }
    if (data.length) emit(event, data.join('\n'))
  }
  return rest
}

const SILENCE_MS = 40_000

export interface RoomStreamHandlers {
  onEvent(e: RoomEvent): void
  /** the stream is open (again): what happened while it was closed must be re-read */
  onOpen(reconnected: boolean): void
  /** the server refused the stream for good (404: gone, or removed from the room) */
  onGone(): void
}

/**
 * Follows a room's events. EventSource cannot send the bearer token in a header (and a token
 * in the URL ends up in logs), so this reads the stream with fetch; it reconnects with
 * jittered backoff. Returns the function that stops it.
 */
export function followRoom(id: string, h: RoomStreamHandlers): () => void {
  let stopped = false
  let controller: AbortController | null = null
  let timer: ReturnType<typeof setTimeout> | null = null
  let failures = 0
  let opened = false

  async function run(): Promise<void> {
    controller = new AbortController()
    const token = currentToken()
    let sawData = false
    try {
      const res = await fetch(`${base(id)}/events`, {
        headers: { accept: 'text/event-stream', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        signal: controller.signal, cache: 'no-store',
      })
      if (res.status === 404 || res.status === 401) { h.onGone(); return }
      if (!res.ok || !res.body) throw new Error(`events ${res.status}`)
      h.onOpen(opened)
      opened = true
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader()
      let buf = ''
      // The server sends a heartbeat every 15 s: silence for longer is a dead connection that TCP has not noticed.
      let watchdog = setTimeout(() => controller?.abort(), SILENCE_MS)
      for (;;) {
        const { value, done } = await reader.read()
        clearTimeout(watchdog)
        if (done) break
        watchdog = setTimeout(() => controller?.abort(), SILENCE_MS)
        sawData = true
        buf = parseSse(buf + value, (event, data) => {
          try { h.onEvent({ event, payload: JSON.parse(data) } as RoomEvent) } catch { /* a malformed event is skipped */ }
        })
      }
    } catch { /* network failure or abort: retried below unless stopped */ }
    if (stopped) return
    failures = sawData ? 1 : failures + 1
    const delay = Math.min(15_000, 1000 * 2 ** Math.min(failures - 1, 4)) * (0.5 + Math.random())
    timer = setTimeout(() => void run(), delay)
  }

  void run()
  return () => {
    stopped = true
    if (timer) clearTimeout(timer)
    controller?.abort()
  }
}
