// Real audio for room tests: Opus RTP made by ffmpeg, a WebRTC speaker (werift) that talks
// to Phare's SFU through the API, and an HLS listener that decodes what it hears with ffmpeg.
import { execFile, spawn } from 'node:child_process'
import { createSocket } from 'node:dgram'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { MediaStreamTrack, RTCPeerConnection, RTCRtpCodecParameters, RtpPacket } from 'werift'

const run = promisify(execFile)

/** `seconds` of a sine tone as 20 ms Opus RTP packets, made by ffmpeg (libopus) and caught on loopback UDP. */
export async function opusTone(frequency: number, seconds: number): Promise<RtpPacket[]> {
  const sock = createSocket('udp4')
  const packets: RtpPacket[] = []
  sock.on('message', (m) => packets.push(RtpPacket.deSerialize(m)))
  await new Promise<void>((resolve) => sock.bind(0, '127.0.0.1', resolve))
  const port = sock.address().port
  await run('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', `sine=frequency=${frequency}:duration=${seconds}:sample_rate=48000`,
    '-ac', '1', '-c:a', 'libopus', '-b:a', '32k', '-frame_duration', '20', '-application', 'voip', '-f', 'rtp', `rtp://127.0.0.1:${port}?pkt_size=1200`], { timeout: 20_000 })
  await new Promise((r) => setTimeout(r, 100))
  sock.close()
  return packets.sort((a, b) => a.header.sequenceNumber - b.header.sequenceNumber)
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
    iceServers: [],
    iceUseIpv4: false,
    iceUseIpv6: false,
    iceAdditionalHostAddresses: ['127.0.0.1'],
    iceInterfaceAddresses: { udp4: '127.0.0.1' },
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

/** The strength of one frequency in samples (Goertzel), relative to the signal's energy: near 1 for a pure tone. */
export function toneShare(x: Float32Array, frequency: number, rate = 48_000): number {
  const w = (2 * Math.PI * frequency) / rate
  const c = 2 * Math.cos(w)
  let s1 = 0, s2 = 0
  for (const v of x) { const s0 = v + c * s1 - s2; s2 = s1; s1 = s0 }
  const power = s1 * s1 + s2 * s2 - c * s1 * s2
  const energy = x.reduce((s, v) => s + v * v, 0)
  return energy === 0 ? 0 : (2 * power) / (x.length * energy)
}
