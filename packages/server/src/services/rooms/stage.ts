// The stage: raised hands, invitations to speak, speakers, co-hosts, muting and removal.
// The limits (13 on stage, 2 co-hosts) are checked inside the write's transaction,
// with the room row locked on PostgreSQL, so two accepts at once cannot both take the last seat.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { NotFound, RoomCohostsFull, RoomForbidden, RoomNotInvited, RoomStageFull, RoomState, ValidationFailed } from '../../errors.ts'
import { blockedEitherWay } from '../../storage/repos/blocks.ts'
import { findMember, findRoom, stageCounts, STAGE_ROLES, updateMember, upsertMember, type RoomMemberRow, type StageRole } from '../../storage/repos/rooms.ts'
import { managedRoom, notEnded, roomFor, targetAccount } from './access.ts'
import { publishRoom } from './events.ts'
import { COHOSTS_MAX, STAGE_MAX } from './rules.ts'

const onStage = (m: RoomMemberRow | null | undefined): m is RoomMemberRow & { role: StageRole } => !!m && (STAGE_ROLES as string[]).includes(m.role)

const listenerRow = (roomId: number, accountId: number): RoomMemberRow => ({
  room_id: roomId, account_id: accountId, role: 'listener', hand_raised_at: null, muted: 0, invited_at: null, invited_role: null, blocked: 0,
})

async function announceStage(ctx: AppContext, m: RoomMemberRow): Promise<void> {
  await publishRoom(ctx, m.room_id, { event: 'room.stage', payload: { room_id: String(m.room_id), account_id: String(m.account_id), role: m.role, muted: !!m.muted } })
}

/** The host manages everyone but themself; a co-host manages speakers and listeners. */
function assertOutranks(me: RoomMemberRow, target: RoomMemberRow | null | undefined): void {
  if (target?.role === 'host') throw RoomForbidden('co-hosts, speakers and listeners can be moved, muted or removed: not the host')
  if (target?.role === 'cohost' && me.role !== 'host') throw RoomForbidden('the host can do this to a co-host')
}

/** Raises the viewer's hand (a listener asking to speak). */
export async function raiseHand(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<void> {
  const { room, me } = await roomFor(ctx, viewer, rawId)
  notEnded(room)
  if (onStage(me)) throw RoomState('already has you on stage')
  const row = { ...(me ?? listenerRow(room.id, viewer.accountId)), hand_raised_at: Date.now() }
  await upsertMember(ctx.db, row)
  await publishRoom(ctx, room.id, { event: 'room.hand', payload: { room_id: String(room.id), account_id: String(viewer.accountId), raised: true } })
}

/** Lowers the viewer's hand; nothing happens when it was not raised. */
export async function lowerHand(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<void> {
  const { room, me } = await roomFor(ctx, viewer, rawId)
  if (!me?.hand_raised_at) return
  await updateMember(ctx.db, room.id, viewer.accountId, { hand_raised_at: null })
  await publishRoom(ctx, room.id, { event: 'room.hand', payload: { room_id: String(room.id), account_id: String(viewer.accountId), raised: false } })
}

/** Invites someone to speak (host or co-host) or to co-host (host only); they become it when they accept. */
export async function invite(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawAccount: unknown, rawRole: unknown): Promise<void> {
  const { room, me } = await managedRoom(ctx, viewer, rawId)
  notEnded(room)
  const role = rawRole == null || rawRole === '' ? 'speaker' : rawRole
  if (role !== 'speaker' && role !== 'cohost') throw ValidationFailed('role', 'must be speaker or cohost')
  if (role === 'cohost' && me!.role !== 'host') throw RoomForbidden('the host can invite co-hosts')
  const target = await targetAccount(ctx, rawAccount)
  const b = await blockedEitherWay(ctx.db, room.host_account_id, target)
  if (b.aBlocksB || b.bBlocksA) throw NotFound()
  const row = await findMember(ctx.db, room.id, target)
  if (row?.blocked) throw ValidationFailed('account_id', 'was removed from this room')
  if (row?.role === 'host' || row?.role === 'cohost' || (row?.role === 'speaker' && role === 'speaker')) throw RoomState('already has this person on stage')
  await upsertMember(ctx.db, { ...(row ?? listenerRow(room.id, target)), invited_at: Date.now(), invited_role: role })
  await publishRoom(ctx, room.id, { event: 'room.invite', payload: { room_id: String(room.id), account_id: String(target), role } })
}

/** Accepts the viewer's own invitation: they go on stage if there is a seat. */
export async function acceptInvite(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<void> {
  const { room, me } = await roomFor(ctx, viewer, rawId)
  notEnded(room)
  if (!me?.invited_at) throw RoomNotInvited()
  const row = await ctx.transact(async (trx) => {
    await findRoom(trx, room.id, ctx.dialect === 'postgres')
    const now = await findMember(trx, room.id, viewer.accountId)
    if (!now?.invited_at || now.blocked) throw RoomNotInvited()
    const counts = await stageCounts(trx, room.id)
    const role = now.invited_role === 'cohost' ? 'cohost' : 'speaker'
    if (role === 'cohost' && counts.cohosts >= COHOSTS_MAX) throw RoomCohostsFull(COHOSTS_MAX)
    if (!onStage(now) && counts.stage >= STAGE_MAX) throw RoomStageFull(STAGE_MAX)
    const next: RoomMemberRow = { ...now, role, invited_at: null, invited_role: null, hand_raised_at: null }
    await upsertMember(trx, next)
    return next
  })
  await announceStage(ctx, row)
}

/** Declines an invitation to speak (and lowers the hand that asked for it); the hosts see it go. */
export async function declineInvite(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<void> {
  const { room, me } = await roomFor(ctx, viewer, rawId)
  if (!me?.invited_at) throw RoomNotInvited()
  await updateMember(ctx.db, room.id, viewer.accountId, { invited_at: null, invited_role: null, hand_raised_at: null })
  await publishRoom(ctx, room.id, { event: 'room.hand', payload: { room_id: String(room.id), account_id: String(viewer.accountId), raised: false } })
}

/** The person an action is for: the viewer when no account is given. */
async function targetOrSelf(ctx: AppContext, viewer: UserViewer, rawAccount: unknown): Promise<number> {
  return rawAccount == null || rawAccount === '' ? viewer.accountId : targetAccount(ctx, rawAccount)
}

/** Moves a speaker or co-host back to the listeners: themself, or by the host or a co-host. */
export async function demote(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawAccount: unknown): Promise<void> {
  const target = await targetOrSelf(ctx, viewer, rawAccount)
  const { room, me } = target === viewer.accountId ? await roomFor(ctx, viewer, rawId) : await managedRoom(ctx, viewer, rawId)
  notEnded(room)
  const row = target === viewer.accountId ? me : await findMember(ctx.db, room.id, target)
  if (!onStage(row)) throw RoomState('does not have this person on stage')
  if (row.role === 'host') throw RoomForbidden('co-hosts and speakers can leave the stage: the host stays on it')
  if (target !== viewer.accountId) assertOutranks(me!, row)
  const next: RoomMemberRow = { ...row, role: 'listener', muted: 0, hand_raised_at: null }
  await upsertMember(ctx.db, next)
  await announceStage(ctx, next)
}

/**
 * Mutes or unmutes someone on stage. Anyone on stage may (un)mute themself; the host and
 * co-hosts may (un)mute those they outrank. A mute by the host stays until the host or
 * the speaker lifts it.
 */
export async function setMuted(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawAccount: unknown, muted: boolean): Promise<void> {
  const target = await targetOrSelf(ctx, viewer, rawAccount)
  const { room, me } = target === viewer.accountId ? await roomFor(ctx, viewer, rawId) : await managedRoom(ctx, viewer, rawId)
  notEnded(room)
  const row = target === viewer.accountId ? me : await findMember(ctx.db, room.id, target)
  if (!onStage(row)) throw RoomState('does not have this person on stage')
  if (target !== viewer.accountId) assertOutranks(me!, row)
  const next: RoomMemberRow = { ...row, muted: muted ? 1 : 0 }
  await updateMember(ctx.db, room.id, target, { muted: next.muted })
  await announceStage(ctx, next)
}

/** Removes someone from the room and keeps them out of it (host or co-host). */
export async function removeFromRoom(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawAccount: unknown): Promise<void> {
  const { room, me } = await managedRoom(ctx, viewer, rawId)
  const target = await targetAccount(ctx, rawAccount)
  if (target === viewer.accountId) throw ValidationFailed('account_id', 'is you: leave the stage instead')
  const row = await findMember(ctx.db, room.id, target)
  assertOutranks(me!, row)
  await upsertMember(ctx.db, { ...listenerRow(room.id, target), blocked: 1 })
  await publishRoom(ctx, room.id, { event: 'room.removed', payload: { room_id: String(room.id), account_id: String(target) } })
}
