// LL-HLS media playlists (RFC 8216bis, Apple Low-Latency HLS), written by the origin itself.
// Pure: the packager renders once per new part and every listener gets the same string.

/** A partial segment: one fMP4 fragment (moof+mdat). Durations are in seconds. */
export interface Part {
  duration: number
  independent: boolean
}

/** A segment of the playlist; `complete` is false for the one still receiving parts. */
export interface Segment {
  msn: number
  /** Wall-clock time (ms since epoch) of the segment's first sample. */
  startedAt: number
  parts: Part[]
  complete: boolean
}

export interface PlaylistInput {
  broadcastId: string
  /** Seconds; the longest a part may be. */
  partTarget: number
  /** Integer seconds; every complete segment's duration rounds to at most this. */
  targetDuration: number
  /** Oldest first; the last one may be incomplete (the live edge). */
  segments: Segment[]
  ended: boolean
}

/** Immutable URIs, relative to the playlist; the broadcast id keeps two broadcasts of one room apart in caches. */
export const uris = {
  init: (b: string) => `b${b}/init.mp4`,
  segment: (b: string, msn: number) => `b${b}/s${msn}.m4s`,
  part: (b: string, msn: number, part: number) => `b${b}/s${msn}.${part}.m4s`,
}

/** Parses a segment, part or init URI back; null for anything else (including another broadcast's). */
export function parseUri(broadcastId: string, uri: string):
  { kind: 'init' } | { kind: 'segment', msn: number } | { kind: 'part', msn: number, part: number } | null {
  const prefix = `b${broadcastId}/`
  if (!uri.startsWith(prefix)) return null
  const rest = uri.slice(prefix.length)
  if (rest === 'init.mp4') return { kind: 'init' }
  const m = /^s(0|[1-9]\d{0,8})(?:\.(0|[1-9]\d{0,3}))?\.m4s$/.exec(rest)
  if (!m) return null
  return m[2] === undefined ? { kind: 'segment', msn: Number(m[1]) } : { kind: 'part', msn: Number(m[1]), part: Number(m[2]) }
}

/** PART-HOLD-BACK: the spec asks for at least three part targets so a player always has parts to fetch. */
export function partHoldBack(partTarget: number): number {
  return roundUp(3 * roundUp(partTarget))
}

/** The target duration a configuration needs: its longest segment, rounded up (rounding must never exceed it). */
export function targetDurationFor(partTarget: number, partsPerSegment: number): number {
  return Math.max(1, Math.ceil(partTarget * partsPerSegment))
}

export function segmentDuration(s: Segment): number {
  return s.parts.reduce((sum, p) => sum + p.duration, 0)
}

/** Renders the media playlist. Delta-free: no CAN-SKIP-UNTIL, clients always get it whole. */
export function renderPlaylist(p: PlaylistInput): string {
  const b = p.broadcastId
  const segments = p.segments.filter((s) => s.complete || s.parts.length > 0)
  const first = segments[0]?.msn ?? p.segments[0]?.msn ?? 0
  const lines = [
    '#EXTM3U',
    '#EXT-X-VERSION:9',
    `#EXT-X-TARGETDURATION:${p.targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    '#EXT-X-INDEPENDENT-SEGMENTS',
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=${fmt(partHoldBack(p.partTarget))}`,
    `#EXT-X-PART-INF:PART-TARGET=${fmt(roundUp(p.partTarget))}`,
    `#EXT-X-MAP:URI="${uris.init(b)}"`,
  ]
  // Parts are only listed near the live edge (the spec's three target durations); older segments stand whole.
  let fromEnd = 0
  const partsFrom = new Set<number>()
  for (let i = segments.length - 1; i >= 0; i--) {
    if (fromEnd > 3 * p.targetDuration) break
    partsFrom.add(segments[i].msn)
    fromEnd += segmentDuration(segments[i])
  }
  for (const s of segments) {
    lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(s.startedAt).toISOString()}`)
    if (partsFrom.has(s.msn)) {
      s.parts.forEach((part, i) => {
        lines.push(`#EXT-X-PART:DURATION=${fmt(part.duration)},URI="${uris.part(b, s.msn, i)}"${part.independent ? ',INDEPENDENT=YES' : ''}`)
      })
    }
    if (s.complete) {
      lines.push(`#EXTINF:${fmt(segmentDuration(s))},`, uris.segment(b, s.msn))
    }
  }
  if (p.ended) {
    lines.push('#EXT-X-ENDLIST')
  } else {
    const last = segments.at(-1)
    const next = !last ? { msn: first, part: 0 } : last.complete ? { msn: last.msn + 1, part: 0 } : { msn: last.msn, part: last.parts.length }
    lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${uris.part(b, next.msn, next.part)}"`)
  }
  return lines.join('\n') + '\n'
}

/** The replay playlist: every segment written, whole, as video on demand. */
export function renderVodPlaylist(broadcastId: string, targetDuration: number, segments: { msn: number, duration: number, startedAt: number }[]): string {
  const lines = ['#EXTM3U', '#EXT-X-VERSION:9', `#EXT-X-TARGETDURATION:${targetDuration}`, '#EXT-X-PLAYLIST-TYPE:VOD',
    `#EXT-X-MEDIA-SEQUENCE:${segments[0]?.msn ?? 0}`, '#EXT-X-INDEPENDENT-SEGMENTS', `#EXT-X-MAP:URI="${uris.init(broadcastId)}"`]
  if (segments[0]) lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(segments[0].startedAt).toISOString()}`)
  for (const s of segments) lines.push(`#EXTINF:${fmt(s.duration)},`, uris.segment(broadcastId, s.msn))
  lines.push('#EXT-X-ENDLIST')
  return lines.join('\n') + '\n'
}

/** Rounds up to the 5 decimals we print, so a declared limit never falls under what it bounds. */
function roundUp(x: number): number {
  return Math.ceil(x * 100000 - 1e-6) / 100000
}

function fmt(x: number): string {
  return String(Math.round(x * 100000) / 100000)
}
