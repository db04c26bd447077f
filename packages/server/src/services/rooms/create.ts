// Creating a room: it exists (its page and metadata answer) from this moment, whether
// it starts now or later, and a public post announces it with a link to its page.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { nextId } from '../../ids.ts'
import { ValidationFailed } from '../../errors.ts'
import { createStatus } from '../statuses/create.ts'
import { parseSchedule, validateRoomText } from './rules.ts'
import { announceState, newBroadcastId } from './lifecycle.ts'
import { refreshRoomCard } from './card.ts'
import type { RoomRow } from '../../storage/repos/rooms.ts'

export interface NewRoom {
  title?: unknown
  description?: unknown
  topics?: unknown
  /** ISO 8601; absent for a room that starts now */
  scheduledAt?: unknown
  /** who sees the announcing post in timelines: public (default) or unlisted (the room's page stays public) */
  announce?: unknown
}

/** The public page of a room. */
export const roomUrl = (ctx: Pick<AppContext, 'config'>, id: number) => `${ctx.config.publicUrl}/rooms/${id}`

/** Creates a room (live at once, or scheduled) and the post that announces it. */
export async function createRoom(ctx: AppContext, viewer: UserViewer, input: NewRoom): Promise<RoomRow> {
  const { title, description, topics } = validateRoomText(input)
  const now = Date.now()
  const scheduledAt = parseSchedule(input.scheduledAt, now)
  if (input.announce !== undefined && input.announce !== 'public' && input.announce !== 'unlisted') throw ValidationFailed('announce', 'must be public or unlisted')
  const id = nextId()
  const url = roomUrl(ctx, id)
  const when = scheduledAt === null ? 'Live now' : `Starts ${new Date(scheduledAt).toISOString().replace(/:\d\d\.\d+Z$/, ' UTC').replace('T', ' ')}`
  const tags = topics.length ? `\n\n${topics.map((t) => `#${t}`).join(' ')}` : ''
  // Public whatever the author's default: a room is a public event, and its page is public.
  // Unlisted keeps it out of the public timelines (a status probe's rooms, a test run).
  const post = await createStatus(ctx, viewer, { text: `🎙️ ${title}\n${when}: ${url}${tags}`, visibility: input.announce === 'unlisted' ? 'unlisted' : 'public' })
  const room: RoomRow = {
    id, host_account_id: viewer.accountId, title, description, topics: JSON.stringify(topics),
    state: scheduledAt === null ? 'live' : 'scheduled', scheduled_at: scheduledAt,
    started_at: scheduledAt === null ? now : null, ended_at: null,
    broadcast_id: scheduledAt === null ? newBroadcastId() : null,
    status_id: post.id, pinned_status_id: null, replay_deleted_at: null, created_at: now,
  }
  await ctx.transact(async (trx) => {
    await trx.insertInto('rooms').values(room).execute()
    await trx.insertInto('room_members').values({
      room_id: id, account_id: viewer.accountId, role: 'host', hand_raised_at: null, muted: 0, invited_at: null, invited_role: null, blocked: 0,
    }).execute()
  })
  if (room.state === 'live') await announceState(ctx, room)
  else await refreshRoomCard(ctx, room)
  return room
}
