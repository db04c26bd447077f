// Reactions, the pinned post and reminders.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { RoomState, ValidationFailed } from '../../errors.ts'
import { deleteReminder, insertReminder } from '../../storage/repos/rooms.ts'
import { visibleOriginal } from '../statuses/visible.ts'
import { distributable } from '../statuses/create.ts'
import { managedRoom, roomFor } from './access.ts'
import { publishRoom } from './events.ts'
import { validateReaction } from './rules.ts'

/** Sends a reaction to everyone in a live room. Published, never stored. */
export async function react(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawEmoji: unknown): Promise<void> {
  const emoji = validateReaction(rawEmoji)
  const { room } = await roomFor(ctx, viewer, rawId)
  if (room.state !== 'live') throw RoomState('is not live')
  await publishRoom(ctx, room.id, { event: 'room.reaction', payload: { room_id: String(room.id), account_id: String(viewer.accountId), emoji } })
}

/** Pins a public or unlisted post the pinner can see (host or co-host); no id unpins. */
export async function pinPost(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawStatus: unknown): Promise<void> {
  const { room } = await managedRoom(ctx, viewer, rawId)
  if (room.state === 'ended') throw RoomState('has ended')
  let statusId: number | null = null
  if (rawStatus != null && rawStatus !== '') {
    const status = await visibleOriginal(ctx, viewer, rawStatus)
    // Anyone can open a room's page: only a post anyone may see can be pinned on it.
    if (!distributable(status.visibility)) throw ValidationFailed('status_id', 'must be a public or unlisted post')
    statusId = status.id
  }
  await ctx.db.updateTable('rooms').set({ pinned_status_id: statusId }).where('id', '=', room.id).execute()
  await publishRoom(ctx, room.id, { event: 'room.pin', payload: { room_id: String(room.id), status_id: statusId === null ? null : String(statusId) } })
}

/** Asks for (or, with `on` false, cancels) a notification when a scheduled room starts. */
export async function remind(ctx: AppContext, viewer: UserViewer, rawId: unknown, on: boolean): Promise<void> {
  const { room } = await roomFor(ctx, viewer, rawId)
  if (!on) return deleteReminder(ctx.db, room.id, viewer.accountId)
  if (room.state !== 'scheduled') throw RoomState(room.state === 'live' ? 'is already live' : 'has ended')
  await insertReminder(ctx.db, room.id, viewer.accountId)
}
