// The audio of live rooms in this process: the speakers' SFU, and one broadcast
// (mixer → ffmpeg → LL-HLS packager) per live room. It follows the rooms' events
// (publishRoom hands each one to `onEvent`), so whatever changes a room — start, end,
// mute, move to listeners, removal — reaches the audio through one place.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Logger } from 'pino'
import type { RoomEvent } from './events.ts'
import { findFfmpeg } from './ffmpeg.ts'
import { startPackager, type Packager } from './hls/packager.ts'
import { startMixer } from './mixer.ts'
import { createSfu, type Sfu, type SlotInfo } from './sfu.ts'

export interface RoomAudioOptions {
  /** Broadcasts are written under `<dir>/b<broadcastId>/` (the replay). */
  dir: string
  ffmpeg: string | null
  rtcHost: string
  rtcPorts: [number, number] | null
  log: Logger
  /** A live room with nobody connected on stage this long ends (default ABANDONED_MS). */
  abandonedMs?: number
}

interface Broadcast {
  id: string
  packager: Packager
  mixer: { stop(): void }
  stopping: boolean
  /** when someone was last connected on stage (or the broadcast began) */
  heardAt: number
}

/** A live room with nobody connected on stage for this long has been left: it ends by itself. */
export const ABANDONED_MS = 15 * 60_000
const CHECK_EVERY_MS = 30_000

export interface RoomAudio {
  /** Where broadcasts are kept on disk. */
  readonly dir: string
  /** Applies one event of a room to its audio (never throws: the event was already published). */
  onEvent(roomId: number, e: RoomEvent): void
  /** This process's live broadcast of a room, if it is the one asked for. */
  live(roomId: number, broadcastId: string): Packager | undefined
  /** Puts a speaker's WebRTC connection on the room's SFU; resolves with the answer SDP. */
  connect(roomId: number, accountId: number, offerSdp: string, muted: boolean): Promise<{ sdp: string; slots: SlotInfo[] }>
  disconnect(roomId: number, accountId: number): Promise<void>
  /** Removes a finished broadcast's files (its replay). */
  erase(broadcastId: string): Promise<void>
  /** Called when a broadcast stopped by itself while its room is live (ffmpeg died): the room gets a new one. */
  onBroadcastLost?: (roomId: number, broadcastId: string) => void
  /** Called with the speakers heard in a room whenever that set changes. */
  onSpeaking?: (roomId: number, accountIds: string[]) => void
  /** Who is heard in a room now (for a page that opens after the last change). */
  speaking(roomId: number): string[]
  /** Live broadcasts and connected speakers in this process (for /metrics). */
  stats(): { broadcasts: number; speakers: number }
  /** Called when a live room has had nobody connected on stage for ABANDONED_MS: the room should end. */
  onAbandoned?: (roomId: number) => void
  close(): Promise<void>
}

export function createRoomAudio(o: RoomAudioOptions): RoomAudio {
  let sfu: Sfu | undefined
  const sfuOf = () => sfu ??= createSfu({ host: o.rtcHost, portRange: o.rtcPorts ?? undefined })
  const broadcasts = new Map<number, Broadcast>()
  // Events of one room are applied in order, each after the previous one's (async) work.
  const queues = new Map<number, Promise<void>>()
  let closed = false
  const failures = new Map<number, number>()
  const heard = new Map<number, string[]>()
  const abandonedMs = o.abandonedMs ?? ABANDONED_MS
  // Without this a room its host forgot would keep ffmpeg running and writing silence forever.
  const watch = setInterval(() => {
    const now = Date.now()
    for (const [roomId, b] of broadcasts) {
      if (sfu && sfu.speakers(String(roomId)).length > 0) b.heardAt = now
      else if (now - b.heardAt > abandonedMs && !b.stopping) {
        b.heardAt = now // asked once per period, whatever the callback does
        api.onAbandoned?.(roomId)
      }
    }
  }, Math.min(CHECK_EVERY_MS, abandonedMs / 2))
  watch.unref()

  const inOrder = (roomId: number, work: () => Promise<void>) => {
    const next = (queues.get(roomId) ?? Promise.resolve()).then(work).catch((err) => {
      o.log.error({ roomId, err: String((err as Error)?.message ?? err) }, 'live room audio failed')
    })
    queues.set(roomId, next)
    void next.then(() => { if (queues.get(roomId) === next) queues.delete(roomId) })
  }

  async function start(roomId: number, broadcastId: string) {
    if (closed || broadcasts.get(roomId)?.id === broadcastId) return
    await stop(roomId)
    const ffmpeg = await findFfmpeg(o.ffmpeg).catch((err: Error) => {
      o.log.error({ roomId }, err.message)
      return null
    })
    if (!ffmpeg || closed) return
    const packager = startPackager({ ffmpeg: ffmpeg.path, broadcastId, dir: o.dir })
    const mixer = startMixer({
      sfu: sfuOf(), roomId: String(roomId),
      write: (pcm) => { packager.write(pcm) },
      onSpeaking: (ids) => {
        if (ids.length) heard.set(roomId, ids)
        else heard.delete(roomId)
        api.onSpeaking?.(roomId, ids)
      },
    })
    const b: Broadcast = { id: broadcastId, packager, mixer, stopping: false, heardAt: Date.now() }
    broadcasts.set(roomId, b)
    void packager.exited.then(() => {
      if (b.stopping || closed) return
      o.log.error({ roomId, broadcastId, err: packager.failure?.message }, 'a live room broadcast stopped by itself; starting a new one')
      mixer.stop()
      if (broadcasts.get(roomId) === b) broadcasts.delete(roomId)
      // A broadcast that keeps failing (a broken ffmpeg) is retried ever more slowly, not in a loop.
      const n = (failures.get(roomId) ?? 0) + 1
      failures.set(roomId, n)
      const t = setTimeout(() => { if (!closed) api.onBroadcastLost?.(roomId, broadcastId) }, Math.min(30_000, 500 * 2 ** n))
      t.unref()
    })
    o.log.info({ roomId, broadcastId, ffmpeg: ffmpeg.path }, 'live room broadcast started')
  }

  // Broadcasts whose last files are being written: erasing one waits for it, or ffmpeg would write into a removed directory.
  const ending = new Map<string, Promise<unknown>>()

  async function stop(roomId: number) {
    const b = broadcasts.get(roomId)
    if (!b) return
    b.stopping = true
    broadcasts.delete(roomId)
    b.mixer.stop()
    heard.delete(roomId)
    // Ending writes the last segment and the replay playlist.
    const ended = b.packager.end()
    ending.set(b.id, ended)
    try { await ended } finally { ending.delete(b.id) }
  }

  async function leaveAll(roomId: number) {
    if (!sfu) return
    await Promise.all(sfu.speakers(String(roomId)).map((peer) => sfu!.leave(String(roomId), peer)))
  }

  const api: RoomAudio = {
    dir: o.dir,

    onEvent(roomId, e) {
      switch (e.event) {
        case 'room.state':
          if (e.payload.state === 'live' && e.payload.broadcast_id) {
            const id = e.payload.broadcast_id
            inOrder(roomId, () => start(roomId, id))
          } else if (e.payload.state === 'ended') {
            failures.delete(roomId)
            inOrder(roomId, async () => { await leaveAll(roomId); await stop(roomId) })
          }
          break
        case 'room.stage':
          if (!sfu) break
          if (e.payload.role === 'listener') void sfu.leave(String(roomId), e.payload.account_id)
          else if (sfu.speakers(String(roomId)).includes(e.payload.account_id)) sfu.setMuted(String(roomId), e.payload.account_id, e.payload.muted)
          break
        case 'room.removed':
          if (sfu) void sfu.leave(String(roomId), e.payload.account_id)
          break
        default:
      }
    },

    speaking: (roomId) => heard.get(roomId) ?? [],

    stats() {
      let speakers = 0
      if (sfu) for (const roomId of broadcasts.keys()) speakers += sfu.speakers(String(roomId)).length
      return { broadcasts: broadcasts.size, speakers }
    },

    live(roomId, broadcastId) {
      const b = broadcasts.get(roomId)
      return b && b.id === broadcastId && !b.stopping ? b.packager : undefined
    },

    async connect(roomId, accountId, offerSdp, muted) {
      const s = sfuOf()
      const peer = String(accountId)
      const sdp = await s.join(String(roomId), peer, offerSdp)
      if (muted) s.setMuted(String(roomId), peer, true)
      return { sdp, slots: s.slots(String(roomId), peer) }
    },

    async disconnect(roomId, accountId) {
      await sfu?.leave(String(roomId), String(accountId))
    },

    async erase(broadcastId) {
      if (!/^[A-Za-z0-9_-]{1,64}$/.test(broadcastId)) return
      await ending.get(broadcastId)?.catch(() => {})
      await rm(join(o.dir, `b${broadcastId}`), { recursive: true, force: true, maxRetries: 5, retryDelay: 100 })
    },

    async close() {
      closed = true
      clearInterval(watch)
      await Promise.all([...queues.values()])
      await Promise.all([...broadcasts.keys()].map((id) => stop(id)))
      await sfu?.close()
    },
  }
  return api
}
