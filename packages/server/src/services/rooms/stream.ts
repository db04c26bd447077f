// A room's live events for one open page, and that page counted as a listener while open.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { channels } from '../streaming/channels.ts'
import { roomFor } from './access.ts'
import type { RoomEvent } from './events.ts'
import { isOwnCount, listen } from './presence.ts'

/**
 * Opens a room's event stream for a viewer who may see the room (404 otherwise). The viewer
 * counts as a listener until `close`; being removed from the room ends the stream.
 */
export async function openRoomStream(ctx: AppContext, viewer: Viewer | null, rawId: unknown, send: (e: RoomEvent) => void, ended: () => void): Promise<{ roomId: number; close(): void; initial: RoomEvent[] }> {
  const { room } = await roomFor(ctx, viewer, rawId)
  const me = viewer?.accountId != null ? String(viewer.accountId) : null
  const leave = listen(ctx, room.id, viewer?.accountId ?? null)
  let closed = false
  const unsubscribe = ctx.pubsub.subscribe(channels.room(room.id), (m) => {
    const e = m as RoomEvent
    // Every node sends its pages the total it counts; one node's is enough.
    if (e.event === 'room.listeners' && e.payload.node !== undefined && !isOwnCount(ctx, e.payload.node)) return
    send(e)
    if (e.event === 'room.removed' && e.payload.account_id === me) { close(); ended() }
  })
  function close() {
    if (closed) return
    closed = true
    unsubscribe()
    leave()
  }
  // Speaking changes are sent as they happen: a page that opens later learns who is speaking now.
  const speaking = ctx.rooms.speaking(room.id)
  const initial: RoomEvent[] = speaking.length ? [{ event: 'room.speaking', payload: { room_id: String(room.id), account_ids: speaking } }] : []
  return { roomId: room.id, close, initial }
}
