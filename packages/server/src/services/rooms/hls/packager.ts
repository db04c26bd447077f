// The LL-HLS origin of one broadcast: ffmpeg encodes the mixed PCM to AAC in fragmented MP4,
// each fragment is a part, parts make segments, and the playlist is rendered once per part.
// Nothing here depends on how many listeners there are: they all read the same buffers and string.
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable, Writable } from 'node:stream'
import { readMoof, readMoov, splitBoxes, type TrackInfo } from './boxes.ts'
import { parseUri, renderPlaylist, renderVodPlaylist, targetDurationFor, type Segment } from './playlist.ts'

export const SAMPLE_RATE = 48_000
/** AAC-LC codes 1024 samples per frame; parts are whole frames so their length is exact. */
const AAC_FRAME = 1024
/** The encoder's priming: output time t holds input sample t - 1024 (no edit list in empty_moov fMP4). */
const PRIMING = 1024

export interface PackagerOptions {
  ffmpeg: string
  broadcastId: string
  /** Parts and segments are written under `<dir>/b<broadcastId>/` for replay. */
  dir: string
  /** AAC frames per part: 15 × 21.33 ms = 320 ms. */
  partFrames?: number
  /** 6 × 320 ms = 1.92 s segments, target duration 2 s. */
  partsPerSegment?: number
  /** Complete segments kept in memory (and in the live playlist). */
  windowSegments?: number
  bitrate?: string
  /** Called once per new part, after the playlist lists it (e.g. to push it to a CDN or measure latency). */
  onPart?: (part: PartRecord) => void
  now?: () => number
}

export interface PartRecord {
  msn: number
  index: number
  bytes: Buffer
  /** Seconds. */
  duration: number
  /** Decode time of the first sample, in samples at 48 kHz. */
  start: number
  availableAt: number
  /** From the moment its last input sample was written to the moment it could be served. */
  latencyMs: number | undefined
}

interface LiveSegment extends Segment {
  records: PartRecord[]
  /** The whole segment, joined once when it completes. */
  bytes?: Buffer
}

export type WaitResult = 'ready' | 'timeout' | 'too-far'

/** Starts ffmpeg for one broadcast. Feed it with `write(pcm)` (s16le, 48 kHz, mono), then `end()`. */
export function startPackager(o: PackagerOptions) {
  const now = o.now ?? Date.now
  const b = o.broadcastId
  const partFrames = o.partFrames ?? 15
  const partsPerSegment = o.partsPerSegment ?? 6
  const windowSegments = o.windowSegments ?? 15
  const partTarget = (partFrames * AAC_FRAME) / SAMPLE_RATE
  const targetDuration = targetDurationFor(partTarget, partsPerSegment)
  const out = join(o.dir, `b${b}`)
  const ready = mkdir(out, { recursive: true })

  const child: ChildProcessByStdio<Writable, Readable, Readable> = spawn(o.ffmpeg, [
    '-hide_banner', '-loglevel', 'error', '-nostdin',
    '-f', 's16le', '-ar', String(SAMPLE_RATE), '-ac', '1', '-i', 'pipe:0',
    '-c:a', 'aac', '-b:a', o.bitrate ?? '64k',
    '-f', 'mp4', '-movflags', '+empty_moov+default_base_moof+skip_trailer',
    // Microseconds; the muxer cuts before the frame that would reach it, so parts are exactly partFrames.
    '-frag_duration', String(Math.round(partTarget * 1e6)),
    '-flush_packets', '1', 'pipe:1',
  ], { stdio: ['pipe', 'pipe', 'pipe'] })
  // -nostdin keeps ffmpeg from reading keys, but its input is still pipe:0.
  child.stdin.on('error', () => {}) // EPIPE when ffmpeg dies: reported through `exited`

  let stderr = ''
  child.stderr.setEncoding('utf8').on('data', (s: string) => { stderr = (stderr + s).slice(-4000) })

  let pending = Buffer.alloc(0)
  let init: Buffer | undefined
  let track: TrackInfo | undefined
  let moof: Buffer | undefined
  let moofInfo: ReturnType<typeof readMoof> | undefined
  let startedAt: number | undefined
  let samplesIn = 0
  const marks: { samples: number, at: number }[] = []
  const segments: LiveSegment[] = []
  const archive: { msn: number, duration: number, startedAt: number }[] = []
  let ended = false
  let failure: Error | undefined
  let text = ''
  let changed = deferred()
  let writes: Promise<unknown> = ready
  const persist = (name: string, bytes: Buffer | string) => {
    writes = writes.then(() => writeFile(join(out, name), bytes)).catch((err) => { failure ??= err as Error })
  }

  const publish = () => {
    text = renderPlaylist({ broadcastId: b, partTarget, targetDuration, segments, ended })
    const c = changed
    changed = deferred()
    c.resolve()
  }

  const inputTimeOf = (samples: number): number | undefined => {
    while (marks.length > 1 && marks[1].samples < samples) marks.shift()
    return marks.find((m) => m.samples >= samples)?.at
  }

  const closeSegment = (s: LiveSegment) => {
    s.complete = true
    const duration = s.records.reduce((sum, r) => sum + r.duration, 0)
    archive.push({ msn: s.msn, duration, startedAt: s.startedAt })
    s.bytes = Buffer.concat(s.records.map((r) => r.bytes))
    persist(`s${s.msn}.m4s`, s.bytes)
    while (segments.filter((x) => x.complete).length > windowSegments) segments.shift()
  }

  const addPart = (bytes: Buffer, info: { start: number, duration: number }) => {
    if (!track) throw new Error('fragment before moov')
    let seg = segments.at(-1)
    if (!seg || seg.complete) {
      seg = { msn: seg ? seg.msn + 1 : 0, startedAt: (startedAt ?? now()) + (info.start / track.timescale - PRIMING / SAMPLE_RATE) * 1000, parts: [], records: [], complete: false }
      segments.push(seg)
    }
    const at = now()
    const endSample = ((info.start + info.duration) * SAMPLE_RATE) / track.timescale - PRIMING
    const wroteAt = endSample <= samplesIn ? inputTimeOf(endSample) : undefined
    const record: PartRecord = {
      msn: seg.msn, index: seg.parts.length, bytes, duration: info.duration / track.timescale,
      start: (info.start * SAMPLE_RATE) / track.timescale, availableAt: at, latencyMs: wroteAt === undefined ? undefined : at - wroteAt,
    }
    seg.records.push(record)
    seg.parts.push({ duration: record.duration, independent: true }) // every AAC frame is a sync sample
    persist(`s${seg.msn}.${record.index}.m4s`, bytes)
    if (seg.parts.length >= partsPerSegment) closeSegment(seg)
    publish()
    o.onPart?.(record)
  }

  child.stdout.on('data', (chunk: Buffer) => {
    try {
      const { boxes, rest } = splitBoxes(pending.length ? Buffer.concat([pending, chunk]) : chunk)
      pending = Buffer.from(rest)
      for (const box of boxes) {
        if (box.type === 'ftyp') init = Buffer.from(box.bytes)
        else if (box.type === 'moov' && init) {
          track = readMoov(box)
          init = Buffer.concat([init, box.bytes])
          persist('init.mp4', init)
        } else if (box.type === 'moof' && track) {
          moof = Buffer.from(box.bytes)
          moofInfo = readMoof(box, track)
        } else if (box.type === 'mdat' && moof && moofInfo) {
          addPart(Buffer.concat([moof, box.bytes]), moofInfo)
          moof = undefined
        }
      }
    } catch (err) {
      failure ??= err as Error
      child.kill('SIGKILL')
    }
  })

  const exited = new Promise<number | null>((resolve) => {
    let done = false
    const finish = (code: number | null) => {
      if (done) return
      done = true
      if (code !== 0 && !failure) failure = new Error(`ffmpeg exited with ${code}: ${stderr.trim().split('\n').at(-1) ?? ''}`)
      const last = segments.at(-1)
      if (last && !last.complete && last.parts.length) closeSegment(last)
      ended = true
      persist('index.m3u8', renderVodPlaylist(b, targetDuration, archive))
      publish()
      resolve(code)
    }
    child.on('close', finish)
    child.on('error', (err) => {
      failure ??= err
      if (child.pid === undefined) finish(null) // never started: no 'close' will follow
    })
  })

  const find = (msn: number) => segments.find((s) => s.msn === msn)

  const satisfied = (msn: number, part: number | undefined): boolean => {
    if (ended) return true
    const last = segments.at(-1)
    if (!last) return false
    if (last.msn > msn + 1) return true
    const seg = find(msn)
    if (part === undefined) return (seg?.complete ?? false) || last.msn > msn
    if (seg && seg.parts.length > part) return true
    // A part index past a finished segment's last part means "the next part", which is M+1's first.
    return (seg?.complete ?? last.msn > msn) && (find(msn + 1)?.parts.length ?? 0) > 0
  }

  /** Blocking playlist reload (_HLS_msn / _HLS_part): resolves once the playlist holds that part or a later one. */
  async function waitFor(msn: number, part: number | undefined, timeoutMs: number): Promise<WaitResult> {
    const edge = segments.at(-1)?.msn ?? 0
    if (!ended && msn > edge + 2) return 'too-far'
    const deadline = now() + timeoutMs
    while (!satisfied(msn, part)) {
      const left = deadline - now()
      if (left <= 0) return 'timeout'
      let timer: NodeJS.Timeout | undefined
      await Promise.race([changed.promise, new Promise((r) => { timer = setTimeout(r, left) })])
      clearTimeout(timer)
    }
    return 'ready'
  }

  publish()

  return {
    broadcastId: b,
    /** ffmpeg's process id (undefined if it could not start). */
    pid: child.pid,
    partTarget,
    targetDuration,
    /** ffmpeg's exit code once it has exited. */
    exited,
    /** Why the broadcast stopped early, if it did. */
    get failure() { return failure },
    get ended() { return ended },

    /** Feeds mixed PCM (s16le, 48 kHz, mono). Returns false when the caller should wait for 'drain'. */
    write(pcm: Buffer): boolean {
      if (ended) return false
      const at = now()
      startedAt ??= at
      samplesIn += pcm.length / 2
      marks.push({ samples: samplesIn, at })
      return child.stdin.write(pcm)
    },
    /** Resolves when ffmpeg can take more input. */
    drained: () => new Promise<void>((resolve) => {
      if (ended) return resolve()
      child.stdin.once('drain', resolve)
      void exited.then(() => resolve())
    }),

    /** The current media playlist (the same string for everyone until the next part). */
    playlist: () => text,

    waitFor,

    /** A part, segment or init segment by its URI; the next part (the preload hint) is waited for. Null if unknown. */
    async get(uri: string, timeoutMs = 3000 * targetDuration): Promise<Buffer | null> {
      const what = parseUri(b, uri)
      if (!what) return null
      if (what.kind === 'init') {
        if (!init || !track) await waitFor(0, 0, timeoutMs)
        return track && init ? init : null
      }
      const inMemory = () => {
        const seg = find(what.msn)
        if (what.kind === 'segment') return seg?.bytes
        return seg?.records[what.part]?.bytes
      }
      let bytes = inMemory()
      if (!bytes && what.kind === 'part' && !satisfied(what.msn, what.part)) {
        const r = await waitFor(what.msn, what.part, timeoutMs)
        if (r !== 'ready') return null
        bytes = inMemory()
      }
      if (bytes) return bytes
      await writes
      return readFile(join(o.dir, uri)).catch(() => null)
    },

    /** Parts produced so far in the window (for measurements and the listener-facing stats). */
    parts: (): PartRecord[] => segments.flatMap((s) => s.records),

    /** Stops the input; resolves once ffmpeg has flushed, exited and everything is on disk. */
    async end(killAfterMs = 5000): Promise<void> {
      child.stdin.end()
      const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs)
      await exited
      clearTimeout(timer)
      await writes
    },
  }
}

export type Packager = ReturnType<typeof startPackager>

function deferred() {
  let resolve!: () => void
  const promise = new Promise<void>((r) => { resolve = r })
  return { promise, resolve }
}
