// Real audio for room tests: Opus RTP made by ffmpeg (opus-packets.ts), a WebRTC speaker (werift) that talks
// to Phare's SFU through the API, and an HLS listener that decodes what it hears with ffmpeg.
import { spawn } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, type RtpPacket } from 'werift'
import { hostOnlyIce } from '../../packages/server/src/services/rooms/sfu.ts'
import { goertzel, opusTone as opusPayloads, rtpStream } from './opus-packets.ts'

/** `seconds` of a sine tone as 20 ms Opus RTP packets (ffmpeg's libopus), as a browser sends them. */
export async function opusTone(frequency: number, seconds: number): Promise<RtpPacket[]> {
  return rtpStream(await opusPayloads({ frequency, seconds }))
}

export interface Speaker {
  pc: RTCPeerConnection
  /** Sends the packets at their real pace (20 ms each), continuing sequence numbers and timestamps; resolves when sent. */
  say(packets: RtpPacket[]): Promise<void>
  /** RTP received from the other speakers, counted per receive slot (m-line id). */
  received: Map<string, number>
  close(): Promise<void>
}

/**
 * A speaker's WebRTC connection as a browser makes it: one sending audio transceiver and 12
 * receive-only ones; `connect` posts the offer (POST /stage/connect) and returns the answer.
 */
export async function speaker(connect: (sdp: string) => Promise<{ sdp: string }>): Promise<Speaker> {
  const pc = new RTCPeerConnection({
    ...hostOnlyIce('127.0.0.1'),
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2 })], video: [] },
  })
  const mic = new MediaStreamTrack({ kind: 'audio' })
  pc.addTransceiver(mic, { direction: 'sendonly' })
  const received = new Map<string, number>()
  for (let i = 0; i < 12; i++) {
    const t = pc.addTransceiver('audio', { direction: 'recvonly' })
    t.onTrack.subscribe((track) => track.onReceiveRtp.subscribe(() => received.set(t.mid!, (received.get(t.mid!) ?? 0) + 1)))
  }
  await pc.setLocalDescription(await pc.createOffer())
  await new Promise<void>((resolve) => {
    if (pc.iceGatheringState === 'complete') return resolve()
    pc.iceGatheringStateChange.subscribe((s) => { if (s === 'complete') resolve() })
  })
  const answer = await connect(pc.localDescription!.sdp)
  await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`speaker not connected: ${pc.connectionState}`)), 10_000)
    if (pc.connectionState === 'connected') { clearTimeout(timer); return resolve() }
    pc.connectionStateChange.subscribe((s) => { if (s === 'connected') { clearTimeout(timer); resolve() } })
  })
  let seq = Math.floor(Math.random() * 30_000)
  let ts = Math.floor(Math.random() * 2 ** 30)
  return {
    pc,
    received,
    async say(packets) {
      const start = performance.now()
      for (let i = 0; i < packets.length; i++) {
        const p = packets[i].clone()
        p.header.sequenceNumber = seq = (seq + 1) & 0xffff
        p.header.timestamp = ts = (ts + 960) >>> 0
        mic.writeRtp(p)
        const due = start + (i + 1) * 20 - performance.now()
        if (due > 0) await new Promise((r) => setTimeout(r, due))
      }
    },
    close: () => pc.close(),
  }
}

/** Decodes fMP4 audio (init segment + fragments) with ffmpeg into mono 48 kHz float samples. */
export async function decodeFmp4(bytes: Buffer): Promise<Float32Array> {
  const dir = await mkdtemp(join(tmpdir(), 'phare-hls-'))
  try {
    const file = join(dir, 'audio.mp4')
    await writeFile(file, bytes)
    const child = spawn('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', '48000', 'pipe:1'])
    const chunks: Buffer[] = []
    child.stdout.on('data', (c: Buffer) => chunks.push(c))
    const code = await new Promise<number | null>((r) => child.on('close', r))
    if (code !== 0) throw new Error(`ffmpeg could not decode the HLS audio (exit ${code})`)
    const all = Buffer.concat(chunks)
    return new Float32Array(all.buffer, all.byteOffset, all.length / 4)
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

/** Root mean square of samples. */
export const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / Math.max(1, x.length))

/** The loudest one-second window of 48 kHz samples (where the speech is). */
export function loudestSecond(x: Float32Array): Float32Array {
  let best = x.subarray(0, 0)
  for (let i = 0; i + 48_000 <= x.length; i += 4800) {
    const w = x.subarray(i, i + 48_000)
    if (rms(w) > rms(best)) best = w
  }
  return best
}

/** The strength of one frequency in samples, relative to the signal's energy: near 1 for a pure tone. */
export function toneShare(x: Float32Array, frequency: number, rate = 48_000): number {
  const energy = x.reduce((s, v) => s + v * v, 0)
  return energy === 0 ? 0 : (2 * goertzel(x, frequency, rate)) / (x.length * energy)
}
