// What a room tells its page, its speakers and the audio parts as it happens: one
// pub/sub channel per room (channels.room). The SFU and the packager subscribe here
// to learn that a room started (with its broadcast id), who is on stage and muted,
// and who was removed; pages show reactions and the listener count.
import type { AppContext } from '../../context.ts'
import { channels } from '../streaming/channels.ts'
import { forgetPublicView } from './public-cache.ts'
import type { RoomAudio } from './audio.ts'

/** One live event of a room. Ids are strings, as in the API. */
export type RoomEvent =
  | { event: 'room.state'; payload: { room_id: string; state: 'scheduled' | 'live' | 'ended'; broadcast_id: string | null; replay: boolean } }
  | { event: 'room.stage'; payload: { room_id: string; account_id: string; role: 'host' | 'cohost' | 'speaker' | 'listener'; muted: boolean } }
  | { event: 'room.hand'; payload: { room_id: string; account_id: string; raised: boolean } }
  | { event: 'room.invite'; payload: { room_id: string; account_id: string; role: 'speaker' | 'cohost' } }
  | { event: 'room.removed'; payload: { room_id: string; account_id: string } }
  | { event: 'room.reaction'; payload: { room_id: string; account_id: string; emoji: string } }
  | { event: 'room.pin'; payload: { room_id: string; status_id: string | null } }
  /** the total on every node, as the node that sends it counts (pages hear their own node's) */
  | { event: 'room.listeners'; payload: { room_id: string; count: number; node?: string } }
  | { event: 'room.speaking'; payload: { room_id: string; account_ids: string[] } }
  | { event: 'room.caption'; payload: { room_id: string; account_id: string; text: string } }

// Events that change nothing a room's page loads (its cached view stays right).
const TRANSIENT = new Set<RoomEvent['event']>(['room.reaction', 'room.speaking', 'room.caption'])

/**
 * Publishes an event on the room's channel, forgets the room's cached public view when it
 * changed, and hands the event to this process's room audio (start, end, mute, removal).
 */
export async function publishRoom(ctx: Pick<AppContext, 'pubsub'> & { rooms?: RoomAudio }, roomId: number, e: RoomEvent): Promise<void> {
  if (!TRANSIENT.has(e.event)) forgetPublicView(ctx, roomId)
  ctx.rooms?.onEvent(roomId, e)
  await ctx.pubsub.publish(channels.room(roomId), e)
}
