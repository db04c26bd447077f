// A small selective forwarding unit for the speakers of live audio rooms.
//
// Each speaker holds one WebRTC connection to Phare. Its offer carries one audio
// transceiver that sends (the microphone) and at least `maxSpeakers - 1` receive-only
// audio transceivers ("slots"). The SFU puts every other speaker in one of those slots,
// so a speaker joining or leaving never needs a renegotiation (the server cannot send
// offers without a second signalling channel). RTP is forwarded untouched apart from
// the SSRC, payload type and sequence continuity that the sending slot rewrites.
import { RTCPeerConnection, RTCRtpCodecParameters } from 'werift'
import type { RTCRtpSender, RTCRtpTransceiver, RtpPacket } from 'werift'
import { PhareError, RoomNotOnStage, RoomStageFull, ValidationFailed } from '../../errors.ts'

export interface SfuOptions {
  /** The only address ICE binds to and advertises (no STUN/TURN server is ever contacted). */
  host?: string
  /** Speakers per room; the next one is refused with `RoomStageFull`. */
  maxSpeakers?: number
  /** UDP port range for ICE sockets, when a firewall needs one. */
  portRange?: [number, number]
  /** A speaker whose connection is not up by then is removed. */
  connectTimeoutMs?: number
  /** How long an answer may wait for ICE gathering to finish. */
  gatherTimeoutMs?: number
}

/** Receives every packet a speaker sends while not muted (the mixer for listeners). */
export type AudioListener = (peerId: string, rtp: RtpPacket) => void

/** One receive slot of a speaker: its m-line id and the speaker whose audio it carries. */
export interface SlotInfo { mid: string, speaker: string | null }

export interface Sfu {
  /** Adds a speaker from its SDP offer; resolves with the complete (non-trickle) answer. */
  join(roomId: string, peerId: string, offerSdp: string): Promise<string>
  /** Removes a speaker, closing its connection and freeing its slot everywhere. */
  leave(roomId: string, peerId: string): Promise<void>
  /** Stops (or resumes) forwarding a speaker's audio to the others and to the mixer. */
  setMuted(roomId: string, peerId: string, muted: boolean): void
  /** Subscribes to the unmuted audio of a room; returns the unsubscribe function. */
  onAudio(roomId: string, cb: AudioListener): () => void
  /** Which speaker each of this speaker's receive slots carries, for the client to label them. */
  slots(roomId: string, peerId: string): SlotInfo[]
  /** Speakers currently on the stage of a room. */
  speakers(roomId: string): string[]
  /** Closes every connection. */
  close(): Promise<void>
}

interface Slot { mid: string, sender: RTCRtpSender, source: string | null, switched: boolean, lastSentAt?: number }
interface Speaker {
  id: string
  pc: RTCPeerConnection
  slots: Slot[]
  muted: boolean
  connectTimer?: NodeJS.Timeout
}
interface Room { speakers: Map<string, Speaker>, listeners: Set<AudioListener> }

interface MediaSection { kind: string, mid: string, direction: string }

/** Reads kind, mid and direction of each m-line (werift does not expose the remote direction). */
export function mediaSections(sdp: string): MediaSection[] {
  return sdp.split(/\r?\nm=/).slice(1).map((block) => {
    const lines = block.split(/\r?\n/)
    const attr = (name: string) => lines.find((l) => l.startsWith(`a=${name}:`))?.slice(name.length + 3).trim()
    const direction = lines.map((l) => l.trim()).find((l) => /^a=(sendrecv|sendonly|recvonly|inactive)$/.test(l))?.slice(2) ?? 'sendrecv'
    return { kind: lines[0].split(' ')[0], mid: attr('mid') ?? '', direction }
  })
}

/**
 * werift ICE settings for host candidates on one address only: werift would otherwise list
 * every interface (and skip loopback), and its default configuration asks Google's STUN server.
 */
export function hostOnlyIce(host: string, portRange?: [number, number]) {
  return {
    iceServers: [],
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: [host],
    iceInterfaceAddresses: host.includes(':') ? { udp6: host } : { udp4: host },
    icePortRange: portRange,
  }
}

/** Creates an SFU; nothing is bound until the first speaker joins. */
export function createSfu(opts: SfuOptions = {}): Sfu {
  const host = opts.host ?? '127.0.0.1'
  const maxSpeakers = opts.maxSpeakers ?? 13
  const connectTimeoutMs = opts.connectTimeoutMs ?? 15_000
  const gatherTimeoutMs = opts.gatherTimeoutMs ?? 5_000
  const rooms = new Map<string, Room>()

  const room = (roomId: string) => {
    let r = rooms.get(roomId)
    if (!r) rooms.set(roomId, r = { speakers: new Map(), listeners: new Set() })
    return r
  }
  const dropIfEmpty = (roomId: string) => {
    const r = rooms.get(roomId)
    if (r && r.speakers.size === 0 && r.listeners.size === 0) rooms.delete(roomId)
  }

  const peerConfig = () => ({ ...hostOnlyIce(host, opts.portRange), bundlePolicy: 'max-bundle' as const, codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })], video: [] } })

  const assign = (listener: Speaker, source: string) => {
    if (listener.slots.some((s) => s.source === source)) return
    const slot = listener.slots.find((s) => s.source === null)
    if (!slot) return // cannot happen: every speaker offers maxSpeakers - 1 slots
    slot.source = source
    slot.switched = true
  }

  const forward = (r: Room, from: Speaker, rtp: RtpPacket) => {
    if (from.muted) return
    for (const to of r.speakers.values()) {
      if (to === from) continue
      const slot = to.slots.find((s) => s.source === from.id)
      if (!slot) continue
      const t = Date.now()
      if (slot.switched) {
        slot.switched = false
        // Another speaker's sequence numbers follow: keep the outgoing stream continuous. The timestamp
        // advances by the time the slot was idle, or the browser's jitter buffer would take the new
        // speaker's packets for late ones (behind what it already played) and drop them.
        const idleMs = slot.lastSentAt === undefined ? 20 : Math.max(20, t - slot.lastSentAt)
        slot.sender.replaceRTP({} as never, false, Math.round(idleMs * 48))
      }
      slot.lastSentAt = t
      slot.sender.sendRtp(rtp).catch(() => { /* the receiver is going away */ })
    }
    for (const cb of r.listeners) {
      // A failing listener (the mixer) must not stop the speakers hearing each other.
      try { cb(from.id, rtp) } catch { /* the listener loses this packet; forwarding goes on */ }
    }
  }

  const remove = async (roomId: string, peerId: string, speaker?: Speaker) => {
    const r = rooms.get(roomId)
    const s = r?.speakers.get(peerId)
    if (!r || !s || (speaker && s !== speaker)) return
    r.speakers.delete(peerId)
    clearTimeout(s.connectTimer)
    for (const other of r.speakers.values()) {
      for (const slot of other.slots) if (slot.source === peerId) slot.source = null
    }
    dropIfEmpty(roomId)
    await s.pc.close()
  }

  const waitForGathering = (pc: RTCPeerConnection) => new Promise<void>((resolve, reject) => {
    if (pc.iceGatheringState === 'complete') return resolve()
    const timer = setTimeout(() => { sub.unSubscribe(); reject(new Error('ICE gathering timed out')) }, gatherTimeoutMs)
    const sub = pc.iceGatheringStateChange.subscribe((state) => {
      if (state !== 'complete') return
      clearTimeout(timer)
      sub.unSubscribe()
      resolve()
    })
  })

  return {
    async join(roomId, peerId, offerSdp) {
      const sections = mediaSections(offerSdp)
      const audio = sections.filter((m) => m.kind === 'audio')
      const mic = audio.find((m) => m.direction === 'sendonly' || m.direction === 'sendrecv')
      const slotMids = audio.filter((m) => m.direction === 'recvonly').map((m) => m.mid)
      if (!mic) throw ValidationFailed('sdp', 'must offer one audio transceiver that sends')
      if (slotMids.length < maxSpeakers - 1) throw ValidationFailed('sdp', `must offer ${maxSpeakers - 1} receive-only audio transceivers`)

      // A rejoin (new tab, lost connection) replaces the old connection.
      if (rooms.get(roomId)?.speakers.has(peerId)) await remove(roomId, peerId)
      // Looked up after the await: removing the only speaker drops the room, and another join may have run.
      const r = room(roomId)
      if (r.speakers.size >= maxSpeakers) {
        dropIfEmpty(roomId)
        throw RoomStageFull(maxSpeakers)
      }

      const pc = new RTCPeerConnection(peerConfig())
      // Registered before any await so that the capacity check above cannot be raced.
      const speaker: Speaker = { id: peerId, pc, slots: [], muted: false }
      r.speakers.set(peerId, speaker)
      try {
        await pc.setRemoteDescription({ type: 'offer', sdp: offerSdp })
        const byMid = new Map<string, RTCRtpTransceiver>()
        for (const t of pc.getTransceivers()) if (t.mid != null) byMid.set(t.mid, t)
        for (const m of sections) {
          const t = byMid.get(m.mid)
          if (!t) continue
          if (m.mid === mic.mid) t.setDirection('recvonly')
          else if (slotMids.includes(m.mid)) {
            t.setDirection('sendonly')
            speaker.slots.push({ mid: m.mid, sender: t.sender, source: null, switched: false })
          } else t.setDirection('inactive')
        }
        const micTrack = byMid.get(mic.mid)?.receiver.track
        if (!micTrack) throw ValidationFailed('sdp', 'the sending audio transceiver has no usable codec (Opus is required)')
        micTrack.onReceiveRtp.subscribe((rtp) => forward(r, speaker, rtp))

        await pc.setLocalDescription(await pc.createAnswer())
        await waitForGathering(pc)
      } catch (err) {
        await remove(roomId, peerId, speaker)
        if (err instanceof PhareError) throw err
        throw ValidationFailed('sdp', `could not be used: ${(err as Error).message}`)
      }
      if (r.speakers.get(peerId) !== speaker) throw ValidationFailed('sdp', 'was replaced by a newer join')

      for (const other of r.speakers.values()) {
        if (other === speaker) continue
        assign(other, peerId)
        assign(speaker, other.id)
      }
      speaker.connectTimer = setTimeout(() => { void remove(roomId, peerId, speaker) }, connectTimeoutMs)
      pc.connectionStateChange.subscribe((state) => {
        if (state === 'connected') clearTimeout(speaker.connectTimer)
        if (state === 'failed' || state === 'closed') void remove(roomId, peerId, speaker)
      })
      return pc.localDescription!.sdp
    },

    leave: (roomId, peerId) => remove(roomId, peerId),

    setMuted(roomId, peerId, muted) {
      const s = rooms.get(roomId)?.speakers.get(peerId)
      if (!s) throw RoomNotOnStage()
      s.muted = muted
    },

    onAudio(roomId, cb) {
      room(roomId).listeners.add(cb)
      return () => {
        rooms.get(roomId)?.listeners.delete(cb)
        dropIfEmpty(roomId)
      }
    },

    slots(roomId, peerId) {
      const s = rooms.get(roomId)?.speakers.get(peerId)
      if (!s) throw RoomNotOnStage()
      return s.slots.map((slot) => ({ mid: slot.mid, speaker: slot.source }))
    },

    speakers: (roomId) => [...(rooms.get(roomId)?.speakers.keys() ?? [])],

    async close() {
      const all = [...rooms].flatMap(([roomId, r]) => [...r.speakers.keys()].map((peerId) => remove(roomId, peerId)))
      await Promise.all(all)
      rooms.clear()
    },
  }
}
