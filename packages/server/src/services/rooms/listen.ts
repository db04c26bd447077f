// What a listener's player fetches: a broadcast's LL-HLS playlist, and its init segment,
// parts and segments. A live broadcast is answered from this process's memory (no database
// read per listener); a finished one from its files (the replay). The room itself is read
// through the shared one-second public view, so a join storm reads the database about once
// a second per room whatever the audience.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { AppContext } from '../../context.ts'
import { HlsTooFar, NotFound, ValidationFailed } from '../../errors.ts'
import { hasReplay } from './lifecycle.ts'
import { showRoom } from './show.ts'

export const IMMUTABLE = 'public, max-age=31536000, immutable'
/** A live playlist changes with every part (320 ms): a CDN may share one for a second. */
const LIVE_PLAYLIST = 'public, max-age=1'
/** A blocking reload's answer holds the part it asked for: any copy of it stays a right answer. */
const BLOCKING_PLAYLIST = 'public, max-age=60'
const REPLAY_PLAYLIST = 'public, max-age=60'
/** Listeners waiting on a blocking reload or a preload hint, per process, before new ones are told to come back. */
export const MAX_WAITING = 20_000
/** How long after its end a broadcast may still be writing its replay. */
const FINISHING_MS = 10_000

export type HlsAnswer =
  | { kind: 'body'; body: Buffer | string; type: string; cache: string }
  /** 503 with Retry-After: the audio is starting (or the process is saturated); the player retries. */
  | { kind: 'wait'; retryAfterS: number; why: string }

const BROADCAST = /^b([A-Za-z0-9_-]{8,64})$/
const FILE = /^(init\.mp4|s(?:0|[1-9]\d{0,8})(?:\.(?:0|[1-9]\d{0,3}))?\.m4s)$/
const PLAYLIST_TYPE = 'application/vnd.apple.mpegurl'
const typeOf = (file: string) => file.endsWith('.mp4') ? 'audio/mp4' : 'audio/iso.segment'

/** Counts kept per process: how often listeners were told to wait, and why. */
export const listenStats = { toldToWait: 0, waiting: 0 }

function parseIndex(raw: unknown, name: string): number | undefined {
  if (raw === undefined) return undefined
  if (typeof raw !== 'string' || !/^(0|[1-9]\d{0,8})$/.test(raw)) throw ValidationFailed(name, 'must be a whole number')
  return Number(raw)
}

/** The room's public state, and whether `broadcastId` is its broadcast; 404 otherwise. */
async function broadcastOf(ctx: AppContext, rawRoomId: string, broadcastId: string) {
  const { room } = (await showRoom(ctx, null, rawRoomId))
  if (room.broadcast_id !== broadcastId) throw NotFound()
  return room
}

async function waiting<T>(work: () => Promise<T>): Promise<T> {
  listenStats.waiting++
  try { return await work() } finally { listenStats.waiting-- }
}

function wait(why: string, retryAfterS = 1): HlsAnswer {
  listenStats.toldToWait++
  return { kind: 'wait', retryAfterS, why }
}

/**
 * GET /hls/rooms/:id/b<broadcast>.m3u8 — live: the current playlist, or with `_HLS_msn`
 * (and `_HLS_part`) once it holds that part (blocking reload); ended: the replay playlist.
 */
export async function broadcastPlaylist(ctx: AppContext, rawRoomId: string, name: string, query: { _HLS_msn?: unknown; _HLS_part?: unknown }): Promise<HlsAnswer> {
  const m = /^(b[A-Za-z0-9_-]{8,64})\.m3u8$/.exec(name)
  const broadcastId = m ? BROADCAST.exec(m[1])![1] : null
  if (!broadcastId) throw NotFound()
  const msn = parseIndex(query._HLS_msn, '_HLS_msn')
  const part = parseIndex(query._HLS_part, '_HLS_part')
  if (part !== undefined && msn === undefined) throw ValidationFailed('_HLS_part', 'needs _HLS_msn')

  const roomId = Number(rawRoomId)
  const live = Number.isSafeInteger(roomId) ? ctx.rooms.live(roomId, broadcastId) : undefined
  if (live) {
    if (msn === undefined) return { kind: 'body', body: live.playlist(), type: PLAYLIST_TYPE, cache: LIVE_PLAYLIST }
    if (listenStats.waiting >= MAX_WAITING) return wait('busy')
    const r = await waiting(() => live.waitFor(msn, part, 3 * live.targetDuration * 1000))
    if (r === 'too-far') throw HlsTooFar()
    if (r === 'timeout') return wait('the part has not come yet')
    return { kind: 'body', body: live.playlist(), type: PLAYLIST_TYPE, cache: BLOCKING_PLAYLIST }
  }
  const room = await broadcastOf(ctx, rawRoomId, broadcastId)
  // Live but not (yet) here: its audio is starting, or restarting after a failure.
  if (room.state === 'live') return wait('the audio is starting')
  if (!hasReplay(room)) throw NotFound()
  const text = await readFile(join(ctx.rooms.dir, `b${broadcastId}`, 'index.m3u8'), 'utf8').catch(() => null)
  // Just ended: the encoder is writing its last segment and the replay playlist.
  if (text === null && room.ended_at !== null && Date.now() - room.ended_at < FINISHING_MS) return wait('the replay is being written')
  if (text === null) throw NotFound()
  return { kind: 'body', body: text, type: PLAYLIST_TYPE, cache: REPLAY_PLAYLIST }
}

/** GET /hls/rooms/:id/b<broadcast>/<init.mp4 | sN.m4s | sN.P.m4s> — immutable once it exists. */
export async function broadcastFile(ctx: AppContext, rawRoomId: string, dir: string, file: string): Promise<HlsAnswer> {
  const broadcastId = BROADCAST.exec(dir)?.[1]
  if (!broadcastId || !FILE.test(file)) throw NotFound()
  const roomId = Number(rawRoomId)
  const live = Number.isSafeInteger(roomId) ? ctx.rooms.live(roomId, broadcastId) : undefined
  if (live) {
    if (listenStats.waiting >= MAX_WAITING) return wait('busy')
    // A preload-hinted part is answered as soon as it exists.
    const bytes = await waiting(() => live.get(`b${broadcastId}/${file}`))
    if (!bytes) throw NotFound()
    return { kind: 'body', body: bytes, type: typeOf(file), cache: IMMUTABLE }
  }
  const room = await broadcastOf(ctx, rawRoomId, broadcastId)
  if (room.state === 'live') return wait('the audio is starting')
  if (!hasReplay(room)) throw NotFound()
  const bytes = await readFile(join(ctx.rooms.dir, `b${broadcastId}`, file)).catch(() => null)
  if (!bytes) throw NotFound()
  return { kind: 'body', body: bytes, type: typeOf(file), cache: IMMUTABLE }
}
