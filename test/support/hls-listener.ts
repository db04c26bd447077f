// A cheap simulated room listener, as hls.js plays a live room in low-latency mode, without
// decoding: poll the room (waiting room) until it has audio, load the playlist, then follow
// it by blocking reloads and fetch every new part once. 503 + Retry-After means "wait": it
// retries with jitter and counts it; anything else unexpected is a failure. Bounded by time.
import { Agent, request } from 'node:http'

export interface ListenerStats {
  listeners: number
  /** listeners that heard at least one part */
  attached: number
  parts: number
  bytes: number
  /** ms from a part's last sample (EXT-X-PROGRAM-DATE-TIME + durations) to this listener having it */
  latencyMs: number[]
  /** ms from arriving (or from the audio's start, for who came earlier) to the first part */
  joinMs: number[]
  retried503: number
  waitingRoomPolls: number
  requests: number
  /** failures by reason: a status other than 200/503, a network error, a timeout */
  failures: Record<string, number>
}

export const emptyStats = (): ListenerStats => ({ listeners: 0, attached: 0, parts: 0, bytes: 0, latencyMs: [], joinMs: [], retried503: 0, waitingRoomPolls: 0, requests: 0, failures: {} })

/** Adds `b` into `a`. */
export function mergeStats(a: ListenerStats, b: ListenerStats): ListenerStats {
  a.listeners += b.listeners; a.attached += b.attached; a.parts += b.parts; a.bytes += b.bytes
  for (const x of b.latencyMs) a.latencyMs.push(x)
  for (const x of b.joinMs) a.joinMs.push(x)
  a.retried503 += b.retried503; a.waitingRoomPolls += b.waitingRoomPolls; a.requests += b.requests
  for (const [k, v] of Object.entries(b.failures)) a.failures[k] = (a.failures[k] ?? 0) + v
  return a
}

interface Answer { status: number; body: Buffer; retryAfter: number }

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const attr = (line: string, key: string) => new RegExp(`${key}="([^"]*)"`).exec(line)?.[1]
const jitter = (ms: number) => ms * (0.5 + Math.random())
/** What a URL is, for counting failures by kind. */
const kindOf = (url: URL) => url.pathname.startsWith('/api/') ? 'room' : url.search ? 'blocking reload'
  : url.pathname.endsWith('.m3u8') ? 'playlist' : url.pathname.endsWith('init.mp4') ? 'init' : 'part'

/** GET on a keep-alive agent; the body read whole. Rejects on network errors and after `timeoutMs`. */
function get(agent: Agent, url: URL, timeoutMs: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, method: 'GET', timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), retryAfter: Number(res.headers['retry-after'] ?? 1) }))
      res.on('error', reject)
    })
    req.on('timeout', () => req.destroy(new Error('timeout')))
    req.on('error', reject)
    req.end()
  })
}

/** Each listed part's URI and the wall-clock time (ms) of its last sample, from the playlist's PROGRAM-DATE-TIMEs. */
export function partTimes(playlist: string): { uri: string; endsAt: number }[] {
  const out: { uri: string; endsAt: number }[] = []
  let clock = NaN
  for (const line of playlist.split('\n')) {
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) clock = Date.parse(line.slice(25))
    else if (line.startsWith('#EXT-X-PART:')) {
      clock += Number(/DURATION=([\d.]+)/.exec(line)![1]) * 1000
      out.push({ uri: attr(line, 'URI')!, endsAt: clock })
    }
  }
  return out
}

export interface ListenOptions {
  /** where requests go (nginx, or Phare itself), e.g. http://127.0.0.1:8080 */
  base: string
  roomId: string
  /** epoch ms: when this listener arrives */
  arriveAt: number
  /** epoch ms: when it leaves */
  until: number
  agent: Agent
  stats: ListenerStats
  /** parts behind the live edge to start at (hls.js: PART-HOLD-BACK, 3 parts) */
  holdBackParts?: number
}

/** One listener from arrival to `until`; never throws (what goes wrong is counted). */
export async function listen(o: ListenOptions): Promise<void> {
  const s = o.stats
  s.listeners++
  const fail = (why: string) => { s.failures[why] = (s.failures[why] ?? 0) + 1 }
  const left = () => o.until - Date.now()
  /** A request answered 200, waiting and retrying while told to (503); null when it failed or time ran out. */
  const patiently = async (url: URL, timeoutMs: number): Promise<Answer | null> => {
    while (left() > 0) {
      let a: Answer
      s.requests++
      try { a = await get(o.agent, url, Math.min(timeoutMs, Math.max(100, left()))) } catch (e) {
        if (left() <= 0) return null // cut off by the end of the run: not a failure
        fail(`${kindOf(url)}: ${(e as Error).message}`)
        return null
      }
      if (a.status === 200) return a
      if (a.status !== 503) { fail(`${kindOf(url)}: HTTP ${a.status}`); return null }
      s.retried503++
      await sleep(Math.min(left(), jitter(Math.max(250, Math.min(a.retryAfter, 5) * 1000))))
    }
    return null
  }

  await sleep(Math.max(0, o.arriveAt - Date.now()))
  const arrived = Date.now()
  // The waiting room: the (cached) room metadata until it names the audio.
  let audioPath: string | null = null
  while (left() > 0) {
    const r = await patiently(new URL(`/api/v1/phare/rooms/${o.roomId}`, o.base), 5000)
    if (!r) return
    const url = (JSON.parse(r.body.toString('utf8')) as { audio_url: string | null }).audio_url
    if (url) { audioPath = new URL(url).pathname; break }
    s.waitingRoomPolls++
    await sleep(jitter(1000))
  }
  if (!audioPath) return
  const audioFrom = Date.now()
  const playlistUrl = new URL(audioPath, o.base)
  const first = await patiently(playlistUrl, 10_000)
  if (!first) return
  let text = first.body.toString('utf8')
  const initUri = attr(text.split('\n').find((l) => l.startsWith('#EXT-X-MAP')) ?? '', 'URI')
  if (!initUri || !(await patiently(new URL(initUri, playlistUrl), 10_000))) { if (left() > 0) fail('no init segment'); return }

  const seen = new Set<string>()
  for (const p of partTimes(text).slice(0, -(o.holdBackParts ?? 3))) seen.add(p.uri)
  let attached = false
  while (left() > 0) {
    for (const p of partTimes(text)) {
      if (seen.has(p.uri)) continue
      seen.add(p.uri)
      const part = await patiently(new URL(p.uri, playlistUrl), 10_000)
      if (!part) return
      const at = Date.now()
      s.parts++
      s.bytes += part.body.length
      s.latencyMs.push(at - p.endsAt)
      if (!attached) { attached = true; s.attached++; s.joinMs.push(at - Math.max(arrived, audioFrom)) }
    }
    const hint = attr(text.split('\n').find((l) => l.startsWith('#EXT-X-PRELOAD-HINT')) ?? '', 'URI')
    if (!hint) { fail('no preload hint'); return }
    const m = /s(\d+)\.(\d+)\.m4s$/.exec(hint)!
    const blocked = await patiently(new URL(`${playlistUrl.pathname}?_HLS_msn=${m[1]}&_HLS_part=${m[2]}`, playlistUrl), 10_000)
    if (!blocked) return
    text = blocked.body.toString('utf8')
  }
}
