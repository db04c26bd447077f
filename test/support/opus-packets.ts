// Real Opus packets for room audio tests: ffmpeg (libopus) encodes a tone into Ogg, which is split
// back into its packets, the same 20 ms frames a browser puts in RTP.
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { RtpHeader, RtpPacket } from 'werift'

const run = promisify(execFile)

export interface ToneOptions {
  frequency: number
  seconds: number
  channels?: 1 | 2
  /** 0..1 of full scale; lavfi's sine is 1/8. */
  volume?: number
}

/** Encodes a sine tone to 20 ms Opus packets at 48 kHz. */
export async function opusTone(o: ToneOptions): Promise<Buffer[]> {
  const { stdout } = await run(process.env.PHARE_FFMPEG ?? 'ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 'lavfi', '-i', `sine=frequency=${o.frequency}:duration=${o.seconds}:sample_rate=48000`,
    '-af', `volume=${(o.volume ?? 0.125) * 8}`,
    '-ac', String(o.channels ?? 1), '-ar', '48000', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20',
    '-f', 'ogg', 'pipe:1',
  ], { encoding: 'buffer', maxBuffer: 16 << 20 })
  return oggPackets(stdout).slice(2) // OpusHead, OpusTags
}

/** Splits an Ogg stream into its packets (lacing values of 255 continue a packet). */
export function oggPackets(ogg: Buffer): Buffer[] {
  const packets: Buffer[] = []
  let partial: Buffer[] = []
  let at = 0
  while (at + 27 <= ogg.length) {
    if (ogg.toString('latin1', at, at + 4) !== 'OggS') throw new Error(`no Ogg page at ${at}`)
    const segments = ogg[at + 26]
    let body = at + 27 + segments
    for (let i = 0; i < segments; i++) {
      const len = ogg[at + 27 + i]
      partial.push(ogg.subarray(body, body + len))
      body += len
      if (len < 255) { packets.push(Buffer.concat(partial)); partial = [] }
    }
    at = body
  }
  return packets
}

/** Wraps payloads in RTP as a browser would: consecutive sequence numbers (wrapping at 2^16), 960 ticks apart. */
export function rtpStream(payloads: Buffer[], o: { ssrc?: number, firstSeq?: number, firstTs?: number } = {}): RtpPacket[] {
  return payloads.map((payload, i) => new RtpPacket(new RtpHeader({
    payloadType: 111,
    ssrc: o.ssrc ?? 0x1234,
    sequenceNumber: ((o.firstSeq ?? 0) + i) & 0xffff,
    timestamp: ((o.firstTs ?? 0) + i * 960) >>> 0,
    marker: i === 0,
  }), payload))
}

/** Goertzel's power of `frequency` in samples (any scale): |X(f)|², without normalisation. */
export function goertzel(samples: ArrayLike<number>, frequency: number, rate = 48_000, scale = 1): number {
  const k = 2 * Math.cos((2 * Math.PI * frequency) / rate)
  let s1 = 0
  let s2 = 0
  for (let i = 0; i < samples.length; i++) {
    const s0 = samples[i] * scale + k * s1 - s2
    s2 = s1
    s1 = s0
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2
}

/** Power of int16 `samples` at `frequency`, normalised so a full-scale sine gives about 0.25. */
export function tonePower(samples: Int16Array, frequency: number, rate = 48_000): number {
  return goertzel(samples, frequency, rate, 1 / 32768) / (samples.length * samples.length)
}

/** Reads s16le PCM frames as one array of samples. */
export function samplesOf(frames: Buffer[]): Int16Array {
  const all = Buffer.concat(frames)
  const out = new Int16Array(all.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = all.readInt16LE(i * 2)
  return out
}
