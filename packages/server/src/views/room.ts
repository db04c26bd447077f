// Phare's Room entity (GET /api/v1/phare/rooms/:id and every room action's answer).
import type { AppContext } from '../context.ts'
import type { RoomDetails } from '../services/rooms/show.ts'
import type { AccountJson } from './account.ts'
import { iso } from './html.ts'
import { hasReplay } from '../services/rooms/lifecycle.ts'
import { roomUrl } from '../services/rooms/create.ts'

export interface RoomJson {
  id: string
  url: string
  title: string
  description: string
  topics: string[]
  state: 'scheduled' | 'live' | 'ended'
  scheduled_at: string | null
  started_at: string | null
  ended_at: string | null
  created_at: string
  /** set while live: the audio's URLs carry it */
  broadcast_id: string | null
  replay_available: boolean
  host: AccountJson
  speakers: { account: AccountJson; role: 'host' | 'cohost' | 'speaker'; muted: boolean }[]
  /** the LL-HLS playlist: the live broadcast while live, the replay once ended (null before the start, or without replay) */
  audio_url: string | null
  /** counted by this node (see services/rooms/presence.ts) */
  listener_count: number
  /** some signed-in listeners (at most 100) */
  listeners: AccountJson[]
  status_id: string | null
  pinned_status_id: string | null
  /** raised hands and invitations, for the host and co-hosts only */
  hands: { account: AccountJson; hand_raised_at: string | null; invited_role: 'speaker' | 'cohost' | null }[]
  /** the signed-in viewer's part in the room; null for anonymous viewers */
  me: { role: 'host' | 'cohost' | 'speaker' | 'listener'; muted: boolean; hand_raised: boolean; invited_role: 'speaker' | 'cohost' | null; reminded: boolean } | null
}

const maybeIso = (ms: number | null) => (ms === null ? null : iso(ms))

/** Renders a room for one viewer. */
export function renderRoom(ctx: Pick<AppContext, 'config'>, d: RoomDetails): RoomJson {
  const r = d.room
  return {
    id: String(r.id), url: roomUrl(ctx, r.id), title: r.title, description: r.description, topics: JSON.parse(r.topics) as string[],
    state: r.state, scheduled_at: maybeIso(r.scheduled_at), started_at: maybeIso(r.started_at), ended_at: maybeIso(r.ended_at), created_at: iso(r.created_at),
    broadcast_id: r.state === 'live' ? r.broadcast_id : null, replay_available: hasReplay(r),
    host: d.accounts.get(r.host_account_id)!,
    speakers: d.stage.map((m) => ({ account: d.accounts.get(m.account_id)!, role: m.role as 'host' | 'cohost' | 'speaker', muted: !!m.muted })),
    audio_url: r.broadcast_id !== null && (r.state === 'live' || hasReplay(r)) ? `${ctx.config.publicUrl}/hls/rooms/${r.id}/b${r.broadcast_id}.m3u8` : null,
    listener_count: d.listeners,
    listeners: d.audience.map((id) => d.accounts.get(id)!),
    status_id: r.status_id === null ? null : String(r.status_id), pinned_status_id: r.pinned_status_id === null ? null : String(r.pinned_status_id),
    hands: d.hands.map((m) => ({ account: d.accounts.get(m.account_id)!, hand_raised_at: maybeIso(m.hand_raised_at), invited_role: m.invited_role })),
    me: d.mine === null ? null : {
      role: d.mine.row?.role ?? 'listener', muted: !!d.mine.row?.muted, hand_raised: d.mine.row?.hand_raised_at != null,
      invited_role: d.mine.row?.invited_at != null ? d.mine.row.invited_role : null, reminded: d.mine.reminded,
    },
  }
}
