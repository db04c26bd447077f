// CPU cost of the live room mixer: N speakers sending real 20 ms Opus packets in real time.
// Usage: node bench/room-mixer.ts [speakers=13] [seconds=10] [talking=speakers]
// Speakers beyond `talking` send what a browser sends for a quiet microphone: Opus-coded silence.
// The feeding loop alone is measured first and subtracted, so the figure is the mixer's own cost.
import type { RtpPacket } from 'werift'
import { startMixer } from '../packages/server/src/services/rooms/mixer.ts'
import { createOpusStream } from '../packages/server/src/services/rooms/opus.ts'
import type { AudioListener } from '../packages/server/src/services/rooms/sfu.ts'
import { opusTone, rtpStream } from '../test/support/opus-packets.ts'

const speakers = Number(process.argv[2] ?? 13)
const seconds = Number(process.argv[3] ?? 10)
const talking = Number(process.argv[4] ?? speakers)

const streams: RtpPacket[][] = await Promise.all(Array.from({ length: speakers }, async (_, i) =>
  rtpStream(await opusTone({ frequency: 200 + 70 * i, seconds, volume: i < talking ? 0.05 : 0 }), { firstSeq: i * 5000 })))

// Compiling the WebAssembly module is a one-off per process, not a per-room cost.
;(await createOpusStream()).free()

async function run(withMixer: boolean) {
  const listeners = new Set<AudioListener>()
  const sfu = { onAudio: (_room: string, cb: AudioListener) => { listeners.add(cb); return () => { listeners.delete(cb) } } }
  let frames = 0
  const mixer = withMixer ? startMixer({ sfu, roomId: '1', write: () => { frames++ }, onSpeaking: () => {} }) : undefined
  if (!withMixer) listeners.add(() => {})
  const cpu = process.cpuUsage()
  const start = performance.now()
  for (let i = 0; i < streams[0].length; i++) {
    for (let s = 0; s < speakers; s++) for (const cb of listeners) cb(`p${s}`, streams[s][i])
    await new Promise((r) => setTimeout(r, Math.max(0, start + (i + 1) * 20 - performance.now())))
  }
  const used = process.cpuUsage(cpu)
  const wall = (performance.now() - start) / 1000
  mixer?.stop()
  return { cpuMs: (used.user + used.system) / 1000, wall, frames }
}

const base = await run(false)
const mixed = await run(true)
const ownMs = mixed.cpuMs - base.cpuMs
console.log(`${speakers} speakers (${talking} talking), ${mixed.wall.toFixed(1)} s: ${mixed.frames} frames written; ` +
  `feeding alone ${(base.cpuMs / base.wall).toFixed(1)} ms CPU/s, with the mixer ${(mixed.cpuMs / mixed.wall).toFixed(1)} ms CPU/s; ` +
  `mixer ≈ ${(ownMs / mixed.wall).toFixed(1)} ms CPU per mixed second (${(ownMs / mixed.wall / 10).toFixed(2)} % of a core)`)
