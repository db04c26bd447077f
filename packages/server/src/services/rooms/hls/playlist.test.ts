import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseUri, partHoldBack, renderPlaylist, renderVodPlaylist, targetDurationFor, type Segment } from './playlist.ts'
import { checkPlaylist } from './validate.ts'

const PART = 0.32
const t0 = Date.UTC(2026, 0, 1)

function segmentsOf(partCounts: number[], lastComplete: boolean, partDuration = PART): Segment[] {
  let at = t0
  return partCounts.map((n, i) => {
    const s: Segment = { msn: 10 + i, startedAt: at, parts: Array.from({ length: n }, () => ({ duration: partDuration, independent: true })), complete: i < partCounts.length - 1 || lastComplete }
    at += n * partDuration * 1000
    return s
  })
}

describe('LL-HLS playlist', () => {
  it('writes the LL-HLS header, parts, segments and a preload hint for the next part', () => {
    const text = renderPlaylist({ broadcastId: '42', partTarget: PART, targetDuration: 2, segments: segmentsOf([6, 2], false), ended: false })
    expect(text).toContain('#EXT-X-VERSION:9\n')
    expect(text).toContain('#EXT-X-TARGETDURATION:2\n')
    expect(text).toContain('#EXT-X-MEDIA-SEQUENCE:10\n')
    expect(text).toContain('#EXT-X-PART-INF:PART-TARGET=0.32\n')
    expect(text).toContain('#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.96\n')
    expect(text).toContain('#EXT-X-MAP:URI="b42/init.mp4"\n')
    expect(text).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-01-01T00:00:00.000Z\n')
    expect(text).toContain('#EXT-X-PART:DURATION=0.32,URI="b42/s10.5.m4s",INDEPENDENT=YES\n#EXTINF:1.92,\nb42/s10.m4s\n')
    expect(text).toContain('#EXT-X-PART:DURATION=0.32,URI="b42/s11.1.m4s",INDEPENDENT=YES\n')
    expect(text.endsWith('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="b42/s11.2.m4s"\n')).toBe(true)
    expect(text).not.toContain('ENDLIST')
    expect(checkPlaylist(text)).toEqual([])
  })

  it('hints part 0 of the next segment when the last one is complete, and ends with ENDLIST without a hint', () => {
    const live = renderPlaylist({ broadcastId: '7', partTarget: PART, targetDuration: 2, segments: segmentsOf([6, 6], true), ended: false })
    expect(live).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="b7/s12.0.m4s"')
    const ended = renderPlaylist({ broadcastId: '7', partTarget: PART, targetDuration: 2, segments: segmentsOf([6, 3], true), ended: true })
    expect(ended.endsWith('b7/s11.m4s\n#EXT-X-ENDLIST\n')).toBe(true)
    expect(ended).not.toContain('PRELOAD-HINT')
    expect(checkPlaylist(live)).toEqual([])
    expect(checkPlaylist(ended)).toEqual([])
  })

  it('lists parts only within three target durations of the live edge', () => {
    const text = renderPlaylist({ broadcastId: '1', partTarget: PART, targetDuration: 2, segments: segmentsOf([6, 6, 6, 6, 6, 1], false), ended: false })
    expect(text).not.toContain('s10.0.m4s')
    expect(text).not.toContain('s11.0.m4s')
    expect(text).toContain('s12.0.m4s')
    expect(text).toContain('b1/s10.m4s')
    expect(checkPlaylist(text)).toEqual([])
  })

  it('keeps every rule for any window, part count and end state', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 10 }), fc.array(fc.constant(0), { maxLength: 12 }), fc.integer({ min: 0, max: 10 }), fc.boolean(), fc.integer({ min: 5, max: 50 }),
      (perSegment, complete, current, ended, frames) => {
        const partTarget = (frames * 1024) / 48000
        const counts = [...complete.map(() => perSegment), ...(current > 0 ? [Math.min(current, perSegment)] : [])]
        const segments = segmentsOf(counts, current === 0 || ended, partTarget)
        const text = renderPlaylist({ broadcastId: 'x', partTarget, targetDuration: targetDurationFor(partTarget, perSegment), segments, ended })
        expect(checkPlaylist(text)).toEqual([])
      }))
  })

  it('hold-back is at least three part targets and the target duration covers a full segment', () => {
    fc.assert(fc.property(fc.double({ min: 0.05, max: 2, noNaN: true }), fc.integer({ min: 1, max: 20 }), (part, n) => {
      expect(partHoldBack(part)).toBeGreaterThanOrEqual(3 * part - 1e-9)
      expect(Math.round(part * n)).toBeLessThanOrEqual(targetDurationFor(part, n))
    }))
  })

  it('the checker catches broken playlists', () => {
    const good = renderPlaylist({ broadcastId: '5', partTarget: PART, targetDuration: 2, segments: segmentsOf([6, 2], false), ended: false })
    expect(checkPlaylist(good.replace('TARGETDURATION:2', 'TARGETDURATION:1'))).toContain('segment of 1.92s rounds over TARGETDURATION 1')
    expect(checkPlaylist(good.replace('PART-HOLD-BACK=0.96', 'PART-HOLD-BACK=0.64'))).toEqual(['PART-HOLD-BACK 0.64 is under 3 × PART-TARGET'])
    expect(checkPlaylist(good.replace('s11.1.m4s', 's11.2.m4s')).join()).toMatch(/is not 11.1/)
    expect(checkPlaylist(good.replace('s11.2.m4s"', 's11.3.m4s"')).join()).toMatch(/preload hint/)
    expect(checkPlaylist(good.replace('CAN-BLOCK-RELOAD=YES', 'CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12'))).toEqual(['playlist is not delta-free'])
    expect(checkPlaylist(good.replace('#EXT-X-PART:DURATION=0.32,URI="b5/s11.0', '#EXT-X-PART:DURATION=0.4,URI="b5/s11.0')).join()).toMatch(/over PART-TARGET/)
  })

  it('parses only its own broadcast URIs', () => {
    expect(parseUri('9', 'b9/init.mp4')).toEqual({ kind: 'init' })
    expect(parseUri('9', 'b9/s12.m4s')).toEqual({ kind: 'segment', msn: 12 })
    expect(parseUri('9', 'b9/s12.3.m4s')).toEqual({ kind: 'part', msn: 12, part: 3 })
    for (const bad of ['b8/s1.m4s', 'b9/s01.m4s', 'b9/../x', 'b9/s1.m4s.tmp', 'b9/s1.-1.m4s', 'b9/index.m3u8']) expect(parseUri('9', bad)).toBeNull()
  })

  it('writes the replay playlist as video on demand', () => {
    const text = renderVodPlaylist('3', 2, [{ msn: 0, duration: 1.92, startedAt: t0 }, { msn: 1, duration: 0.64, startedAt: t0 + 1920 }])
    expect(text).toContain('#EXT-X-PLAYLIST-TYPE:VOD\n')
    expect(text.endsWith('#EXTINF:1.92,\nb3/s0.m4s\n#EXTINF:0.64,\nb3/s1.m4s\n#EXT-X-ENDLIST\n')).toBe(true)
  })
})
