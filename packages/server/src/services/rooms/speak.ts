// Speaking: a person on a live room's stage connects their microphone to the SFU, and may
// send captions their browser made. Being on stage is checked here, on every connection.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { RoomCaptionInvalid, RoomNotOnStage, RoomState, ValidationFailed } from '../../errors.ts'
import { STAGE_ROLES } from '../../storage/repos/rooms.ts'
import { roomFor, type RoomAccess } from './access.ts'
import { publishRoom } from './events.ts'
import type { SlotInfo } from './sfu.ts'

/** An SDP offer is a few kilobytes (13 audio m-lines); anything much larger is not one. */
const SDP_MAX = 64 * 1024
export const CAPTION_MAX = 500

async function onLiveStage(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<RoomAccess> {
  const a = await roomFor(ctx, viewer, rawId)
  if (a.room.state !== 'live') throw RoomState(a.room.state === 'scheduled' ? 'has not started yet' : 'has ended')
  if (!a.me || !(STAGE_ROLES as string[]).includes(a.me.role)) throw RoomNotOnStage()
  return a
}

/** Connects the viewer's microphone: their WebRTC offer in, the SFU's answer out. */
export async function connectToStage(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawSdp: unknown): Promise<{ sdp: string; slots: SlotInfo[] }> {
  if (typeof rawSdp !== 'string' || !rawSdp.startsWith('v=0') || rawSdp.length > SDP_MAX) throw ValidationFailed('sdp', 'must be a WebRTC SDP offer')
  const { room, me } = await onLiveStage(ctx, viewer, rawId)
  return ctx.rooms.connect(room.id, viewer.accountId, rawSdp, !!me!.muted)
}

/** Disconnects the viewer's microphone (leaving the page or the stage). */
export async function disconnectFromStage(ctx: AppContext, viewer: UserViewer, rawId: unknown): Promise<void> {
  const { room } = await roomFor(ctx, viewer, rawId)
  await ctx.rooms.disconnect(room.id, viewer.accountId)
}

/** Shares a caption of what the viewer just said (made by their browser's speech recognition). */
export async function postCaption(ctx: AppContext, viewer: UserViewer, rawId: unknown, rawText: unknown): Promise<void> {
  if (typeof rawText !== 'string') throw RoomCaptionInvalid('must be text')
  const text = rawText.replace(/\s+/g, ' ').trim()
  if (!text) throw RoomCaptionInvalid('is empty')
  if ([...text].length > CAPTION_MAX) throw RoomCaptionInvalid(`is longer than ${CAPTION_MAX} characters`)
  const { room, me } = await onLiveStage(ctx, viewer, rawId)
  if (me!.muted) throw RoomState('has you muted')
  await publishRoom(ctx, room.id, { event: 'room.caption', payload: { room_id: String(room.id), account_id: String(viewer.accountId), text } })
}
