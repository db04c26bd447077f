import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findFfmpeg } from '../ffmpeg.ts'
import { readMoov, splitBoxes } from './boxes.ts'
import { startPackager, SAMPLE_RATE, type Packager, type PartRecord } from './packager.ts'
import { checkPlaylist } from './validate.ts'

const FREQ = 440
const SECONDS = 5
const CHUNK_MS = 20

/** A 440 Hz sine at half scale, as the mixer would hand it over: s16le, 48 kHz, mono. */
function sine(fromSample: number, samples: number): Buffer {
  const buf = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i++) buf.writeInt16LE(Math.round(16384 * Math.sin((2 * Math.PI * FREQ * (fromSample + i)) / SAMPLE_RATE)), i * 2)
  return buf
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

function alive(pid: number): boolean {
  try { process.kill(pid, 0); return true } catch { return false }
}

describe('LL-HLS packager fed a live sine wave', () => {
  let dir: string
  let ffmpeg: string
  let p: Packager
  const seen: string[] = []
  const produced: PartRecord[] = []
  const during: { blocked?: { result: string, waitedMs: number, partExists: boolean }, timeout?: string, tooFar?: string, hinted?: number } = {}

  beforeAll(async () => {
    ffmpeg = (await findFfmpeg()).path
    dir = await mkdtemp(join(tmpdir(), 'phare-hls-'))
    p = startPackager({ ffmpeg, broadcastId: '777', dir, windowSegments: 2, onPart: (x) => produced.push(x) })
    // Real time, in 20 ms chunks, like the mixer; probes run while audio flows.
    const chunk = (SAMPLE_RATE * CHUNK_MS) / 1000
    const t0 = Date.now()
    let probed = false
    for (let n = 0; n * chunk < SECONDS * SAMPLE_RATE; n++) {
      if (!p.write(sine(n * chunk, chunk))) await p.drained()
      seen.push(p.playlist())
      if (!probed && Date.now() - t0 > 2500) {
        probed = true
        void probe(p)
      }
      const due = t0 + (n + 1) * CHUNK_MS - Date.now()
      if (due > 0) await sleep(due)
    }
    await sleep(200) // let the probes finish while still live
  }, 20_000)

  async function probe(pk: Packager) {
    const last = pk.parts().at(-1)!
    const next = last.index + 1 < 6 ? { msn: last.msn, part: last.index + 1 } : { msn: last.msn + 1, part: 0 }
    const hint = /PRELOAD-HINT:TYPE=PART,URI="([^"]+)"/.exec(pk.playlist())![1]
    const started = Date.now()
    const [blocked, bytes, timeout, tooFar] = await Promise.all([
      pk.waitFor(next.msn, next.part, 2000),
      pk.get(hint),
      pk.waitFor(last.msn + 2, 5, 300),
      pk.waitFor(last.msn + 3, 0, 300),
    ])
    during.blocked = { result: blocked, waitedMs: Date.now() - started, partExists: pk.parts().some((x) => x.msn === next.msn && x.index === next.part) }
    during.timeout = timeout
    during.tooFar = tooFar
    during.hinted = bytes?.length
  }

  afterAll(async () => {
    await p?.end()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('blocking reload resolves when the next part appears, times out for a later one and refuses one too far ahead', () => {
    expect(during.blocked).toMatchObject({ result: 'ready', partExists: true })
    expect(during.blocked!.waitedMs).toBeLessThan(1000)
    expect(during.timeout).toBe('timeout')
    expect(during.tooFar).toBe('too-far')
    expect(during.hinted).toBeGreaterThan(100) // the preload-hinted part was held until it existed
  })

  it('parts follow each other: msn and part numbers in order, each right after the last', () => {
    produced.forEach((x, i) => {
      const prev = produced[i - 1]
      expect(x.msn * 6 + x.index).toBe(i)
      if (prev) expect(x.start).toBe(prev.start + prev.duration * SAMPLE_RATE)
      expect(x.duration).toBeLessThanOrEqual(p.partTarget)
    })
  })

  it('every playlist served while live keeps the LL-HLS rules', () => {
    const distinct = [...new Set(seen)].filter((t) => t.includes('#EXT-X-PART:'))
    expect(distinct.length).toBeGreaterThan(10)
    for (const text of distinct) expect(checkPlaylist(text)).toEqual([])
  })

  it('a part is available within a part and a bit of its last sample arriving', () => {
    const latencies = produced.map((x) => x.latencyMs).filter((x): x is number => x !== undefined).sort((a, b) => a - b)
    expect(latencies.length).toBeGreaterThan(SECONDS / p.partTarget - 3)
    const median = latencies[Math.floor(latencies.length / 2)]
    const p90 = latencies[Math.floor(latencies.length * 0.9)]
    console.log(`PCM in → part available: median ${median} ms, p90 ${p90} ms, max ${latencies.at(-1)} ms over ${latencies.length} parts (part ${p.partTarget * 1000} ms, first ${produced[0].latencyMs} ms)`)
    expect(median).toBeLessThan(p.partTarget * 1000)
  })

  it('end() writes ENDLIST, exits ffmpeg and leaves every part and segment on disk in order', async () => {
    await p.end()
    expect(await p.exited).toBe(0)
    expect(p.failure).toBeUndefined()
    expect(alive(p.pid!)).toBe(false)
    const text = p.playlist()
    expect(text).toContain('#EXT-X-ENDLIST')
    expect(checkPlaylist(text)).toEqual([])

    const init = (await p.get('b777/init.mp4'))!
    const boxes = splitBoxes(init).boxes
    expect(boxes.map((x) => x.type)).toEqual(['ftyp', 'moov'])
    expect(readMoov(boxes[1]).timescale).toBe(SAMPLE_RATE)

    const vod = await readFile(join(dir, 'b777', 'index.m3u8'), 'utf8')
    const durations = [...vod.matchAll(/#EXTINF:([\d.]+),\nb777\/s(\d+)\.m4s/g)].map((m) => ({ d: Number(m[1]), msn: Number(m[2]) }))
    expect(durations.map((x) => x.msn)).toEqual(durations.map((_, i) => i))
    const total = durations.reduce((s, x) => s + x.d, 0)
    expect(Math.abs(total - SECONDS)).toBeLessThanOrEqual(p.partTarget + 0.05)
    // The window is 2 segments: segment 0 is gone from memory and is served from the archive.
    expect(text).not.toContain('b777/s0.m4s')
    const s0 = (await p.get('b777/s0.m4s'))!
    const parts = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => readFile(join(dir, 'b777', `s0.${i}.m4s`))))
    expect(s0.equals(Buffer.concat(parts))).toBe(true)
    expect(splitBoxes(parts[0]).boxes.map((x) => x.type)).toEqual(['moof', 'mdat'])
  })

  it('a written segment decodes back to the sine: not silent, at its frequency', async () => {
    await p.end()
    const files = ['init.mp4', ...[0, 1, 2, 3, 4, 5].map((i) => `s1.${i}.m4s`)]
    const bytes = Buffer.concat(await Promise.all(files.map((f) => readFile(join(dir, 'b777', f)))))
    const pcm = await decode(ffmpeg, bytes)
    const samples = new Int16Array(pcm.buffer, pcm.byteOffset, pcm.length / 2)
    expect(samples.length / SAMPLE_RATE).toBeCloseTo(1.92, 1)
    const rms = Math.sqrt(samples.reduce((s, x) => s + x * x, 0) / samples.length)
    expect(rms).toBeGreaterThan(16384 / Math.SQRT2 * 0.8)
    let crossings = 0
    for (let i = 1; i < samples.length; i++) if ((samples[i - 1] < 0) !== (samples[i] < 0)) crossings++
    const freq = crossings / 2 / (samples.length / SAMPLE_RATE)
    expect(freq).toBeGreaterThan(FREQ * 0.97)
    expect(freq).toBeLessThan(FREQ * 1.03)
  })
})

describe('LL-HLS packager without ffmpeg', () => {
  it('ends the broadcast with the reason instead of hanging listeners', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phare-hls-'))
    const p = startPackager({ ffmpeg: '/nonexistent/ffmpeg', broadcastId: '1', dir })
    await p.exited
    expect(p.failure?.message).toMatch(/ENOENT/)
    expect(await p.waitFor(0, 0, 1000)).toBe('ready')
    expect(p.playlist()).toContain('#EXT-X-ENDLIST')
    await rm(dir, { recursive: true, force: true })
  })
})

async function decode(ffmpeg: string, mp4: Buffer): Promise<Buffer> {
  const child = execFile(ffmpeg, ['-hide_banner', '-loglevel', 'error', '-f', 'mp4', '-i', 'pipe:0', '-f', 's16le', '-ac', '1', '-ar', String(SAMPLE_RATE), 'pipe:1'],
    { encoding: 'buffer', maxBuffer: 64 << 20 })
  child.stdin!.end(mp4)
  const chunks: Buffer[] = []
  child.stdout!.on('data', (c: Buffer) => chunks.push(c))
  await new Promise<void>((resolve, reject) => child.on('close', (code) => code === 0 ? resolve() : reject(new Error(`ffmpeg decode exited ${code}`))))
  return Buffer.concat(chunks)
}
