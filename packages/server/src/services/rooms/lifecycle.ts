// A room's life: scheduled → live → ended, and the replay its host may delete.
import { randomBytes } from 'node:crypto'
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { RoomForbidden, RoomState } from '../../errors.ts'
import { findRoom, remindersOf, type RoomRow } from '../../storage/repos/rooms.ts'
import { managedRoom, roomFor } from './access.ts'
import { publishRoom } from './events.ts'
import { refreshRoomCard } from './card.ts'

/** A new random broadcast id: segment URLs carry it, so a new start never reuses a cached URL. */
export const newBroadcastId = () => randomBytes(12).toString('base64url')

/** True when a finished room can be played back. */
export const hasReplay = (r: RoomRow) => r.state === 'ended' && r.started_at !== null && r.replay_deleted_at === null

/** Tells the room's pages and this process's audio the room's state (live with its broadcast id). */
export async function announceState(ctx: AppContext, room: RoomRow): Promise<void> {
  // The card is a courtesy to Mastodon apps: failing to update it must not fail the start or end.
  await refreshRoomCard(ctx, room).catch((err) => ctx.log.warn({ roomId: room.id, err: String(err) }, 'could not update a room card'))
  await publishRoom(ctx, room.id, {
    event: 'room.state',
    payload: { room_id: String(room.id), state: room.state, broadcast_id: room.state === 'live' ? room.broadcast_id : null, replay: hasReplay(room) },
  })
}

/**
 * Starts a scheduled room (early is fine): host or co-host. Those who asked to be reminded
 * are notified through the announcing post (a Mastodon `status` notification), queued
 * with the start so that a crash cannot lose them.
 */
export async function startRoom(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<RoomRow> {
  const { room } = await managedRoom(ctx, viewer, rawId)
  if (room.state !== 'scheduled') throw RoomState(room.state === 'live' ? 'is already live' : 'has ended')
  const now = Date.now()
  const broadcastId = newBroadcastId()
  const started = await ctx.transact(async (trx) => {
    const r = await trx.updateTable('rooms').set({ state: 'live', started_at: now, broadcast_id: broadcastId })
      .where('id', '=', room.id).where('state', '=', 'scheduled').executeTakeFirst()
    if (Number(r.numUpdatedRows) === 0) return false
    const reminded = await remindersOf(trx, room.id)
    if (room.status_id !== null && reminded.length) {
      await ctx.queue.enqueueAll(reminded.map((accountId) => ({
        type: 'notify',
        payload: { accountId, fromAccountId: room.host_account_id, type: 'status', statusId: room.status_id, dedupeKey: `room-start:${room.id}:${accountId}` },
      })), { trx })
    }
    return true
  })
  if (!started) throw RoomState('was started or ended meanwhile')
  ctx.queue.poke()
  const live: RoomRow = { ...room, state: 'live', started_at: now, broadcast_id: broadcastId }
  await announceState(ctx, live)
  return live
}

/** Ends a room (a scheduled one too: it is cancelled): host or co-host. */
export async function endRoom(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<RoomRow> {
  const { room } = await managedRoom(ctx, viewer, rawId)
  if (room.state === 'ended') throw RoomState('has already ended')
  const now = Date.now()
  const r = await ctx.db.updateTable('rooms').set({ state: 'ended', ended_at: now })
    .where('id', '=', room.id).where('state', '!=', 'ended').executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) throw RoomState('has already ended')
  const ended: RoomRow = { ...room, state: 'ended', ended_at: now }
  await announceState(ctx, ended)
  return ended
}

/** Ends a live room that everyone on stage left long ago (no one is there to end it). */
export async function endAbandoned(ctx: AppContext, roomId: number): Promise<void> {
  const now = Date.now()
  const r = await ctx.db.updateTable('rooms').set({ state: 'ended', ended_at: now }).where('id', '=', roomId).where('state', '=', 'live').executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) return
  const room = await findRoom(ctx.db, roomId)
  if (room) await announceState(ctx, room)
  ctx.log.info({ roomId }, 'a live room nobody was on stage of ended by itself')
}

/** Deletes the replay of an ended room: its host only. */
export async function deleteReplay(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<RoomRow> {
  const { room } = await roomFor(ctx, viewer, rawId)
  if (room.host_account_id !== viewer.accountId) throw RoomForbidden('the host can delete the replay')
  if (room.state !== 'ended') throw RoomState('has not ended: end it first')
  if (room.replay_deleted_at === null) {
    await ctx.db.updateTable('rooms').set({ replay_deleted_at: Date.now() }).where('id', '=', room.id).where('replay_deleted_at', 'is', null).execute()
  }
  const after = (await findRoom(ctx.db, room.id))!
  if (after.broadcast_id) await ctx.rooms.erase(after.broadcast_id)
  await announceState(ctx, after)
  return after
}

/**
 * Gives a live room a new broadcast when its previous one stopped by itself (ffmpeg died, or this
 * process restarted): new segment URLs, so no cache mixes the two; pages reattach on `room.state`.
 */
export async function renewBroadcast(ctx: AppContext, roomId: number, lostId: string | null): Promise<void> {
  const fresh = newBroadcastId()
  let q = ctx.db.updateTable('rooms').set({ broadcast_id: fresh }).where('id', '=', roomId).where('state', '=', 'live')
  q = lostId === null ? q : q.where('broadcast_id', '=', lostId)
  const r = await q.executeTakeFirst()
  if (Number(r.numUpdatedRows) === 0) return
  const room = await findRoom(ctx.db, roomId)
  if (room) await announceState(ctx, room)
}

/** At start: rooms that were live when the process stopped go on, each with a new broadcast. */
export async function resumeLiveRooms(ctx: AppContext): Promise<void> {
  const live = await ctx.db.selectFrom('rooms').select(['id', 'broadcast_id']).where('state', '=', 'live').execute()
  for (const r of live) await renewBroadcast(ctx, r.id, r.broadcast_id)
}
