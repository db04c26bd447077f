// What a room tells its page, its speakers and the audio parts as it happens: one
// pub/sub channel per room (channels.room). The SFU and the packager subscribe here
// to learn that a room started (with its broadcast id), who is on stage and muted,
// and who was removed; pages show reactions and the listener count.
import type { AppContext } from '../../context.ts'
import { channels } from '../streaming/channels.ts'
import { forgetPublicView } from './public-cache.ts'

/** One live event of a room. Ids are strings, as in the API. */
export type RoomEvent =
  | { event: 'room.state'; payload: { room_id: string; state: 'scheduled' | 'live' | 'ended'; broadcast_id: string | null; replay: boolean } }
  | { event: 'room.stage'; payload: { room_id: string; account_id: string; role: 'host' | 'cohost' | 'speaker' | 'listener'; muted: boolean } }
  | { event: 'room.hand'; payload: { room_id: string; account_id: string; raised: boolean } }
  | { event: 'room.invite'; payload: { room_id: string; account_id: string; role: 'speaker' | 'cohost' } }
  | { event: 'room.removed'; payload: { room_id: string; account_id: string } }
  | { event: 'room.reaction'; payload: { room_id: string; account_id: string; emoji: string } }
  | { event: 'room.pin'; payload: { room_id: string; status_id: string | null } }
  | { event: 'room.listeners'; payload: { room_id: string; count: number } }

/** Publishes an event on the room's channel (and forgets the room's cached public view: it changed). */
export async function publishRoom(ctx: Pick<AppContext, 'pubsub'>, roomId: number, e: RoomEvent): Promise<void> {
  if (e.event !== 'room.reaction') forgetPublicView(ctx, roomId)
  await ctx.pubsub.publish(channels.room(roomId), e)
}
