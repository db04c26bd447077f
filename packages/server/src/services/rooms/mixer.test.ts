import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import type { RtpPacket } from 'werift'
import { opusTone, rtpStream, samplesOf, tonePower } from '../../../../../test/support/opus-packets.ts'
import { seqDiff, startMixer } from './mixer.ts'
import type { AudioListener } from './sfu.ts'

const FRAME_BYTES = 1920

/** Stands in for the SFU's transport only: the test decides when each speaker's packet arrives. */
function fakeSfu() {
  const listeners = new Set<AudioListener>()
  return {
    onAudio(_roomId: string, cb: AudioListener) {
      listeners.add(cb)
      return () => { listeners.delete(cb) }
    },
    deliver(peerId: string, rtp: RtpPacket) {
      for (const cb of listeners) cb(peerId, rtp)
    },
    get subscribers() { return listeners.size },
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Delivers one packet list per 20 ms slot, as a network would (a slot may carry several packets, or none). */
async function play(sfu: ReturnType<typeof fakeSfu>, peerId: string, slots: RtpPacket[][]) {
  const start = performance.now()
  for (let i = 0; i < slots.length; i++) {
    for (const p of slots[i]) sfu.deliver(peerId, p)
    await sleep(Math.max(0, start + (i + 1) * 20 - performance.now()))
  }
}

/** Swaps neighbours every 7 packets, loses every 10th and sends every 13th twice. */
function badNetwork(packets: RtpPacket[]): RtpPacket[][] {
  const slots = packets.map((p) => [p])
  for (let i = 0; i + 1 < slots.length; i += 7) [slots[i], slots[i + 1]] = [slots[i + 1], slots[i]]
  for (let i = 9; i < slots.length; i += 10) slots[i] = []
  for (let i = 12; i + 1 < slots.length; i += 13) slots[i + 1] = [...slots[i + 1], ...slots[i]]
  return slots
}

function recorder() {
  const frames: Buffer[] = []
  const at: number[] = []
  return { frames, at, write: (pcm: Buffer) => { frames.push(pcm); at.push(performance.now()) } }
}

const rms = (frame: Buffer) => {
  let sum = 0
  for (let i = 0; i < frame.length; i += 2) sum += (frame.readInt16LE(i) / 32768) ** 2
  return Math.sqrt(sum / (frame.length / 2))
}

/** The frames from the first to the last audible one. */
const audible = (frames: Buffer[]) => {
  const first = frames.findIndex((f) => rms(f) > 0.01)
  const last = frames.findLastIndex((f) => rms(f) > 0.01)
  return first < 0 ? [] : frames.slice(first, last + 1)
}

let a440: Buffer[]
let a1000: Buffer[]
let whisper: Buffer[]
let stereo440: Buffer[]
beforeAll(async () => {
  [a440, a1000, whisper, stereo440] = await Promise.all([
    opusTone({ frequency: 440, seconds: 1.2, volume: 0.3 }),
    opusTone({ frequency: 1000, seconds: 1.2, volume: 0.3 }),
    opusTone({ frequency: 440, seconds: 1.2, volume: 0.0005 }),
    opusTone({ frequency: 440, seconds: 1, volume: 0.3, channels: 2 }),
  ])
})

const stops: (() => void)[] = []
afterEach(() => { for (const stop of stops.splice(0)) stop() })
function mixer(o: Omit<Parameters<typeof startMixer>[0], 'roomId'>) {
  const m = startMixer({ ...o, roomId: '1' })
  stops.push(m.stop)
  return m
}

describe('room mixer', () => {
  it('compares sequence numbers across the 16-bit wrap', () => {
    expect(seqDiff(2, 65534)).toBe(4)
    expect(seqDiff(65534, 2)).toBe(-4)
    expect(seqDiff(7, 7)).toBe(0)
  })

  it('writes continuous 20 ms frames of silence when nobody speaks', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    const start = performance.now()
    mixer({ sfu, write: out.write })
    await sleep(400)
    const elapsed = performance.now() - start
    expect(out.frames.every((f) => f.length === FRAME_BYTES)).toBe(true)
    expect(out.frames.every((f) => f.every((b) => b === 0))).toBe(true)
    // Within 100 ms of the wall clock: a loaded test machine delays the last ticks (the mixer catches up after).
    expect(Math.abs(out.frames.length - (Math.floor(elapsed / 20) + 1))).toBeLessThanOrEqual(5)
  })

  it('plays a speaker through reordering, loss, duplicates and the sequence wrap as a continuous tone', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    const start = performance.now()
    mixer({ sfu, write: out.write })
    await play(sfu, 'alice', badNetwork(rtpStream(a440, { firstSeq: 65_500 })))
    await sleep(200)
    const elapsed = performance.now() - start

    expect(out.frames.every((f) => f.length === FRAME_BYTES)).toBe(true)
    expect(Math.abs(out.frames.length - (Math.floor(elapsed / 20) + 1))).toBeLessThanOrEqual(5)
    const tone = audible(out.frames)
    // Every packet plays once, lost ones concealed: the tone lasts as long as it was sent.
    expect(tone.length).toBeGreaterThanOrEqual(a440.length - 3)
    expect(tone.length).toBeLessThanOrEqual(a440.length + 4)
    // No hole: libopus conceals each lost packet (quieter, never silent: a silent frame would click).
    expect(tone.slice(2, -2).every((f) => rms(f) > 0.02)).toBe(true)
    const middle = samplesOf(tone.slice(10, 40))
    expect(tonePower(middle, 440)).toBeGreaterThan(0.01)
    expect(tonePower(middle, 1000)).toBeLessThan(0.0005)
  })

  it('mixes two speakers so that both tones are heard', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    mixer({ sfu, write: out.write })
    await Promise.all([
      play(sfu, 'alice', badNetwork(rtpStream(a440, { firstSeq: 100 }))),
      play(sfu, 'bob', rtpStream(a1000, { firstSeq: 40_000 }).map((p) => [p])),
    ])
    const middle = samplesOf(audible(out.frames).slice(10, 40))
    // Each alone would give 0.0225; concealed losses make alice's a little weaker.
    expect(tonePower(middle, 440)).toBeGreaterThan(0.005)
    expect(tonePower(middle, 1000)).toBeGreaterThan(0.01)
    expect(tonePower(middle, 700)).toBeLessThan(0.0005)
  })

  it('downmixes a stereo speaker to mono', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    mixer({ sfu, write: out.write })
    await play(sfu, 'alice', rtpStream(stereo440).map((p) => [p]))
    expect(tonePower(samplesOf(audible(out.frames).slice(10, 30)), 440)).toBeGreaterThan(0.01)
  })

  it('reports who is speaking, ignoring a quiet microphone, and nobody once they stop', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    const reports: { at: number, ids: string[] }[] = []
    mixer({ sfu, write: out.write, onSpeaking: (ids) => reports.push({ at: performance.now(), ids }) })
    const start = performance.now()
    await Promise.all([
      play(sfu, 'alice', rtpStream(a440).map((p) => [p])),
      play(sfu, 'bob', rtpStream(whisper).map((p) => [p])),
      sleep(500).then(() => play(sfu, 'carol', rtpStream(a1000.slice(0, 20)).map((p) => [p]))),
    ])
    // Playout delay, concealment, the 300 ms window and the 200 ms evaluation period.
    await sleep(900)
    const seen = reports.map((r) => r.ids.join(','))
    expect(seen).toContain('alice')
    expect(seen).toContain('alice,carol')
    expect(seen.at(-1)).toBe('')
    expect(reports.some((r) => r.ids.includes('bob'))).toBe(false)
    // At most one report per 200 ms.
    for (let i = 1; i < reports.length; i++) expect(reports[i].at - reports[i - 1].at).toBeGreaterThan(150)
    expect(reports[0].at - start).toBeLessThan(700)
  })

  it('hears a speaker again who comes back after being forgotten, with new sequence numbers', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    mixer({ sfu, write: out.write })
    await play(sfu, 'alice', rtpStream(a440.slice(0, 15), { firstSeq: 10 }).map((p) => [p]))
    await sleep(2_300)
    const before = out.frames.length
    // A stale packet from the first run must not be played as the start of the second.
    sfu.deliver('alice', rtpStream(a440.slice(0, 1), { firstSeq: 12 })[0])
    await play(sfu, 'alice', rtpStream(a440.slice(15, 45), { firstSeq: 30_000 }).map((p) => [p]))
    await sleep(150)
    const again = audible(out.frames.slice(before))
    expect(again.length).toBeGreaterThanOrEqual(28)
    expect(again.length).toBeLessThanOrEqual(34)
    expect(tonePower(samplesOf(again.slice(5, 25)), 440)).toBeGreaterThan(0.01)
  })

  it('plays a rejoining speaker at once although the new stream starts just behind the old one', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    mixer({ sfu, write: out.write })
    await play(sfu, 'alice', rtpStream(a440.slice(0, 15), { firstSeq: 1_000, ssrc: 1 }).map((p) => [p]))
    const before = out.frames.length
    await play(sfu, 'alice', rtpStream(a440.slice(15, 45), { firstSeq: 990, ssrc: 2 }).map((p) => [p]))
    await sleep(150)
    const tone = audible(out.frames.slice(before))
    expect(tone.length).toBeGreaterThanOrEqual(29)
    expect(tone.slice(2, -2).every((f) => rms(f) > 0.02)).toBe(true)
  })

  it('after the event loop stalls it writes at most three frames at once and skips the rest instead of bursting', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    mixer({ sfu, write: out.write })
    await sleep(100)
    const stalledAt = performance.now()
    while (performance.now() - stalledAt < 300) { /* block the event loop */ }
    const resumedAt = performance.now()
    await sleep(100)
    const after = out.at.filter((t) => t >= resumedAt)
    // 15 frames are owed: 3 are written at once and the rest skipped, then the steady 5 per 100 ms.
    expect(after.length).toBeGreaterThanOrEqual(3 + 4)
    expect(after.length).toBeLessThanOrEqual(3 + 6)
    expect(out.frames.every((f) => f.length === FRAME_BYTES)).toBe(true)
  })

  it('stop unsubscribes from the room and writes no more', async () => {
    const sfu = fakeSfu()
    const out = recorder()
    const m = mixer({ sfu, write: out.write })
    expect(sfu.subscribers).toBe(1)
    await sleep(60)
    m.stop()
    const n = out.frames.length
    await sleep(80)
    expect(out.frames.length).toBe(n)
    expect(sfu.subscribers).toBe(0)
  })
})
