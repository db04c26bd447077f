// Mixes the speakers of one room into the single PCM stream the HLS packager encodes.
//
// Every speaker gets a small jitter buffer ordered by RTP sequence number and its own Opus
// decoder. The mixer runs on its own clock: every frame it takes one frame from each speaker
// (decoded, concealed when lost, or nothing when the speaker is quiet), sums them and writes
// exactly one frame, silence included, so the packager always sees a continuous real-time stream.
import type { RtpPacket } from 'werift'
import { createOpusStream, OPUS_RATE, type OpusStream } from './opus.ts'
import type { Sfu } from './sfu.ts'

export interface MixerOptions {
  sfu: Pick<Sfu, 'onAudio'>
  roomId: string
  /** Receives exactly one frame of s16le mono 48 kHz PCM per call (1920 bytes at 20 ms). */
  write: (pcm: Buffer) => void
  /** Called with the sorted ids of the speakers currently heard, whenever that set changes. */
  onSpeaking?: (peerIds: string[]) => void
  frameMs?: number
  /** How long a speaker's first packets wait before playing, to absorb network jitter. */
  playoutDelayMs?: number
  /** RMS (full scale = 1) over the speaking window above which a speaker counts as speaking. */
  speakingThreshold?: number
  now?: () => number
}

/** Speakers not heard for this long are forgotten (their decoder freed). */
const GONE_MS = 2_000
/** A speaker whose buffer runs dry is concealed this many frames (a late packet), then treated as quiet. */
const CONCEAL_FRAMES = 3
/** After a stall of the event loop the mixer writes at most this many frames at once, and skips the rest. */
const MAX_BURST = 3
/** Packets further than this ahead of the playout point mean the stream restarted (e.g. unmuted). */
const WINDOW = 64
const SPEAKING_WINDOW_MS = 300
/** Speaking is evaluated every this many ms, which caps onSpeaking at 5 calls a second. */
const SPEAKING_EVERY_MS = 200

interface Speaker {
  id: string
  /** A new SSRC is a new stream (the speaker rejoined): its sequence numbers start anywhere. */
  ssrc: number
  decoder?: OpusStream
  /** Buffered payloads by sequence number. */
  packets: Map<number, Uint8Array>
  /** Next sequence number to play; null while quiet (nothing is playing). */
  next: number | null
  /** Packets older than this are late even while quiet. */
  floor: number | null
  /** While quiet: the first buffered sequence number, and when it arrived. */
  anchor: number | null
  firstAt: number
  lastHeard: number
  dry: number
  /** Decoded samples not yet mixed (packets longer than one frame). */
  pcm: Float32Array
  pcmLen: number
  /** Mean square of each of the last frames, for the speaking indicator. */
  energy: Float32Array
  energyAt: number
  freed: boolean
}

/** Signed distance from b to a on the 16-bit sequence circle. */
export function seqDiff(a: number, b: number): number {
  return ((a - b + 0x8000) & 0xffff) - 0x8000
}

/** Starts mixing a room; `stop()` unsubscribes, stops the clock and frees every decoder. */
export function startMixer(o: MixerOptions): { stop(): void } {
  const now = o.now ?? (() => performance.now())
  const frameMs = o.frameMs ?? 20
  const frameSamples = (OPUS_RATE * frameMs) / 1000
  const delayFrames = Math.max(1, Math.round((o.playoutDelayMs ?? 60) / frameMs))
  // Beyond this a burst arrived, the speaker's clock ran ahead of ours or we stalled: drop the oldest.
  const maxBuffered = delayFrames + 5
  const threshold = o.speakingThreshold ?? 0.01
  const energyFrames = Math.max(1, Math.round(SPEAKING_WINDOW_MS / frameMs))
  const speakingEvery = Math.max(1, Math.round(SPEAKING_EVERY_MS / frameMs))
  const speakers = new Map<string, Speaker>()
  const mix = new Float32Array(frameSamples)
  let speaking: string[] = []
  let stopped = false

  const add = (id: string, ssrc: number, t: number): Speaker => {
    const s: Speaker = {
      id, ssrc, packets: new Map(), next: null, floor: null, anchor: null, firstAt: t, lastHeard: t, dry: 0,
      pcm: new Float32Array(frameSamples * 8), pcmLen: 0, energy: new Float32Array(energyFrames), energyAt: 0, freed: false,
    }
    speakers.set(id, s)
    createOpusStream().then((d) => {
      if (s.freed) d.free()
      else s.decoder = d
    }, () => { /* stays silent: a WebAssembly module that failed to load fails again */ })
    return s
  }

  const drop = (s: Speaker) => {
    s.freed = true
    s.decoder?.free()
    speakers.delete(s.id)
  }

  const receive = (peerId: string, rtp: RtpPacket) => {
    if (stopped || rtp.payload.length === 0) return
    const t = now()
    const seq = rtp.header.sequenceNumber
    const s = speakers.get(peerId) ?? add(peerId, rtp.header.ssrc, t)
    s.lastHeard = t
    if (s.ssrc !== rtp.header.ssrc) {
      s.ssrc = rtp.header.ssrc
      quiet(s)
      s.floor = null
    }
    if (s.next !== null) {
      const ahead = seqDiff(seq, s.next)
      if (ahead < 0) return // late: its turn has passed
      if (ahead >= WINDOW) { quiet(s); s.floor = null }
    }
    if (s.next === null) {
      if (s.floor !== null && seqDiff(seq, s.floor) < 0 && seqDiff(seq, s.floor) > -WINDOW) return
      if (s.anchor === null || Math.abs(seqDiff(seq, s.anchor)) >= WINDOW) {
        s.packets.clear()
        s.anchor = seq
        s.firstAt = t
      }
    }
    if (!s.packets.has(seq)) s.packets.set(seq, rtp.payload)
  }

  const quiet = (s: Speaker) => {
    s.floor = s.next
    s.next = null
    s.anchor = null
    s.packets.clear()
    s.pcmLen = 0
    s.dry = 0
  }

  /** The oldest buffered sequence number, relative to `ref`. */
  const oldest = (s: Speaker, ref: number) => {
    let best = Infinity
    for (const seq of s.packets.keys()) best = Math.min(best, seqDiff(seq, ref))
    return (ref + best) & 0xffff
  }

  const append = (s: Speaker, samples: Float32Array) => {
    const room = s.pcm.length - s.pcmLen
    s.pcm.set(room >= samples.length ? samples : samples.subarray(0, room), s.pcmLen)
    s.pcmLen += Math.min(room, samples.length)
  }

  /** Fills the speaker's sample queue with at least one frame, or returns false when it has nothing to play. */
  const pull = (s: Speaker, t: number): boolean => {
    const d = s.decoder
    if (!d) return false
    if (s.next === null) {
      if (s.packets.size === 0 || t - s.firstAt < delayFrames * frameMs - frameMs / 2) return false
      s.next = oldest(s, s.anchor!)
      s.anchor = null
    }
    if (s.packets.size > maxBuffered) {
      // Back to the playout delay at once, rather than staying at the highest latency seen.
      while (s.packets.size > delayFrames) {
        s.packets.delete(s.next)
        s.next = (s.next + 1) & 0xffff
      }
    }
    while (s.pcmLen < frameSamples) {
      const payload = s.packets.get(s.next)
      if (payload) {
        s.packets.delete(s.next)
        s.dry = 0
        append(s, d.decode(payload, frameSamples))
      } else if (s.packets.size > 0 || ++s.dry <= CONCEAL_FRAMES) {
        append(s, d.decode(null, frameSamples - s.pcmLen))
      } else {
        quiet(s)
        return false
      }
      s.next = (s.next + 1) & 0xffff
    }
    return true
  }

  const updateSpeaking = () => {
    const heard: string[] = []
    for (const s of speakers.values()) {
      let sum = 0
      for (const e of s.energy) sum += e
      if (Math.sqrt(sum / s.energy.length) > threshold) heard.push(s.id)
    }
    heard.sort()
    if (heard.length === speaking.length && heard.every((id, i) => id === speaking[i])) return
    speaking = heard
    o.onSpeaking?.(heard)
  }

  let frames = 0
  const tick = (t: number) => {
    mix.fill(0)
    for (const s of speakers.values()) {
      if (t - s.lastHeard > GONE_MS) { drop(s); continue }
      let energy = 0
      if (pull(s, t)) {
        for (let i = 0; i < frameSamples; i++) {
          const v = s.pcm[i]
          mix[i] += v
          energy += v * v
        }
        s.pcm.copyWithin(0, frameSamples, s.pcmLen)
        s.pcmLen -= frameSamples
      }
      s.energy[s.energyAt] = energy / frameSamples
      s.energyAt = (s.energyAt + 1) % s.energy.length
    }
    // A fresh buffer each frame: the writer may keep it (a pipe's queue). Int16Array is little-endian on every supported CPU.
    const out = new Int16Array(frameSamples)
    for (let i = 0; i < frameSamples; i++) {
      const v = Math.round(mix[i] * 32767)
      out[i] = v > 32767 ? 32767 : v < -32768 ? -32768 : v
    }
    if (++frames % speakingEvery === 0) updateSpeaking()
    o.write(Buffer.from(out.buffer))
  }

  const unsubscribe = o.sfu.onAudio(o.roomId, receive)
  const start = now()
  let written = 0
  let timer: NodeJS.Timeout | undefined
  const wake = () => {
    if (stopped) return
    const t = now()
    const due = Math.floor((t - start) / frameMs) + 1
    // After a stall, skip what cannot be written without a burst: the packager wants real time.
    if (due - written > MAX_BURST) written = due - MAX_BURST
    while (written < due && !stopped) {
      tick(t)
      written++
    }
    timer = setTimeout(wake, Math.max(1, start + written * frameMs - now()))
  }
  wake()

  return {
    stop() {
      if (stopped) return
      stopped = true
      clearTimeout(timer)
      unsubscribe()
      for (const s of [...speakers.values()]) drop(s)
      if (speaking.length) o.onSpeaking?.([])
    },
  }
}
