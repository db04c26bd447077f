// Who may see and act in a room: the rule once, for every room service.
import type { AppContext } from '../../context.ts'
import type { Viewer, UserViewer } from '../../http/auth.ts'
import { NotFound, RoomForbidden, RoomState, ValidationFailed } from '../../errors.ts'
import { parseId } from '../../ids.ts'
import { accountRows, relationsOf } from '../../storage/cache/load.ts'
import { findMember, findRoom, type RoomMemberRow, type RoomRow } from '../../storage/repos/rooms.ts'

/** A room as one viewer may see it, with their own row in it. */
export interface RoomAccess {
  room: RoomRow
  /** the viewer's row (null for anonymous viewers and plain listeners) */
  me: RoomMemberRow | null
}

/**
 * The room if the viewer may see it, else 404: it exists, its host is not suspended,
 * no block stands between the viewer and the host, and the viewer was not blocked from it.
 */
export async function roomFor(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<RoomAccess> {
  const id = parseId(rawId)
  const room = id === null ? undefined : await findRoom(ctx.db, id)
  if (!room) throw NotFound()
  const host = (await accountRows(ctx, [room.host_account_id])).get(room.host_account_id)
  if (!host || host.suspended) throw NotFound()
  const me = viewer?.accountId ?? null
  if (me === null) return { room, me: null }
  const rel = await relationsOf(ctx, me)
  if (rel.blocking.has(room.host_account_id) || rel.blockedBy.has(room.host_account_id)) throw NotFound()
  const row = (await findMember(ctx.db, room.id, me)) ?? null
  if (row?.blocked) throw NotFound()
  return { room, me: row }
}

/** True for the host and co-hosts: they run the room. */
export const isManager = (m: RoomMemberRow | null) => m?.role === 'host' || m?.role === 'cohost'

/** The room for someone who must run it (host or co-host): 403 for others who can see it. */
export async function managedRoom(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<RoomAccess> {
  const a = await roomFor(ctx, viewer, rawId)
  if (!isManager(a.me)) throw RoomForbidden('the host and co-hosts can do this')
  return a
}

/** Refuses an action on a room that has ended. */
export function notEnded(room: RoomRow): void {
  if (room.state === 'ended') throw RoomState('has ended')
}

/** A person's id from the request body: 422 when missing or malformed, 404 when no such account. */
export async function targetAccount(ctx: AppContext, raw: unknown): Promise<number> {
  const id = parseId(raw)
  if (id === null) throw ValidationFailed('account_id', 'is not an account id')
  const row = (await accountRows(ctx, [id])).get(id)
  if (!row || row.suspended) throw NotFound()
  return id
}
