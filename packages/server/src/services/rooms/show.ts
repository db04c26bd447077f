// What a room's page shows: the room, the stage, the listener count and, for a signed-in
// viewer, their own part in it (and raised hands for those who run the room).
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { hasReminder, membersOf, STAGE_ROLES, type RoomMemberRow, type RoomRow } from '../../storage/repos/rooms.ts'
import { loadAccounts, type AccountJson } from '../../views/account.ts'
import { isManager, roomFor } from './access.ts'
import { listenerCount, listenersOf } from './presence.ts'
import { publicView } from './public-cache.ts'
import { parseId } from '../../ids.ts'

/** Raised hands shown to the host and co-hosts, oldest first. */
const HANDS_SHOWN = 100
/** Signed-in listeners shown on the page; the count covers everyone. */
const LISTENERS_SHOWN = 100

export interface RoomDetails {
  room: RoomRow
  /** host, co-hosts and speakers, host first */
  stage: RoomMemberRow[]
  /** raised hands and outstanding invitations: only for the host and co-hosts, else empty */
  hands: RoomMemberRow[]
  accounts: Map<number, AccountJson>
  listeners: number
  /** some signed-in listeners (not on stage), for the page's listener list */
  audience: number[]
  /** the signed-in viewer's part; null when anonymous */
  mine: { row: RoomMemberRow | null; reminded: boolean } | null
}

const RANK = { host: 0, cohost: 1, speaker: 2, listener: 3 } as const

/** The room as this viewer may see it (404 when they may not); the anonymous view is shared for a second. */
export async function showRoom(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<RoomDetails> {
  const id = parseId(rawId)
  if (viewer?.accountId == null && id !== null) return publicView(ctx, id, () => loadRoom(ctx, null, id))
  return loadRoom(ctx, viewer, rawId)
}

async function loadRoom(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<RoomDetails> {
  const { room, me } = await roomFor(ctx, viewer, rawId)
  const members = await membersOf(ctx.db, room.id)
  const stage = members.filter((m) => (STAGE_ROLES as string[]).includes(m.role))
    .sort((a, b) => RANK[a.role] - RANK[b.role] || Number(a.account_id) - Number(b.account_id))
  const hands = isManager(me)
    ? members.filter((m) => !m.blocked && (m.hand_raised_at !== null || m.invited_at !== null))
      .sort((a, b) => (a.hand_raised_at ?? a.invited_at ?? 0) - (b.hand_raised_at ?? b.invited_at ?? 0)).slice(0, HANDS_SHOWN)
    : []
  const onStage = new Set(stage.map((m) => m.account_id))
  const audience = listenersOf(ctx, room.id, LISTENERS_SHOWN + onStage.size).filter((id) => !onStage.has(id)).slice(0, LISTENERS_SHOWN)
  const accounts = await loadAccounts(ctx, [room.host_account_id, ...stage.map((m) => m.account_id), ...hands.map((m) => m.account_id), ...audience])
  const mine = viewer?.accountId != null
    ? { row: me, reminded: room.state === 'scheduled' && await hasReminder(ctx.db, room.id, viewer.accountId) }
    : null
  return { room, stage: stage.filter((m) => accounts.has(m.account_id)), hands: hands.filter((m) => accounts.has(m.account_id)), accounts, listeners: listenerCount(ctx, room.id), audience: audience.filter((id) => accounts.has(id)), mine }
}
