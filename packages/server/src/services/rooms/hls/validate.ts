// The LL-HLS rules our playlists must keep (RFC 8216bis §4.4, Apple LL-HLS), checked on the text a
// player receives. Used by the unit tests and by the rooms benchmark's simulated listeners.

/** Returns the rules a media playlist breaks; empty when it is a valid delta-free LL-HLS playlist. */
export function checkPlaylist(text: string): string[] {
  const problems: string[] = []
  const lines = text.split('\n').filter((l) => l !== '')
  const tag = (name: string) => lines.find((l) => l.startsWith(`#${name}:`))?.slice(name.length + 2)
  const attr = (value: string | undefined, key: string) => value && new RegExp(`(?:^|,)${key}=("[^"]*"|[^,]*)`).exec(value)?.[1]?.replace(/^"|"$/g, '')

  if (lines[0] !== '#EXTM3U') problems.push('does not start with #EXTM3U')
  if (tag('EXT-X-VERSION') !== '9') problems.push('EXT-X-VERSION is not 9')
  const target = Number(tag('EXT-X-TARGETDURATION'))
  if (!Number.isInteger(target) || target <= 0) problems.push('EXT-X-TARGETDURATION is not a positive integer')
  const partTarget = Number(attr(tag('EXT-X-PART-INF'), 'PART-TARGET'))
  if (!(partTarget > 0)) problems.push('EXT-X-PART-INF:PART-TARGET missing')
  const control = tag('EXT-X-SERVER-CONTROL')
  if (attr(control, 'CAN-BLOCK-RELOAD') !== 'YES') problems.push('CAN-BLOCK-RELOAD=YES missing')
  const holdBack = Number(attr(control, 'PART-HOLD-BACK'))
  if (!(holdBack >= 3 * partTarget - 1e-9)) problems.push(`PART-HOLD-BACK ${holdBack} is under 3 × PART-TARGET`)
  if (attr(control, 'CAN-SKIP-UNTIL') !== undefined || tag('EXT-X-SKIP') !== undefined) problems.push('playlist is not delta-free')
  const mediaSequence = Number(tag('EXT-X-MEDIA-SEQUENCE') ?? 0)
  const ended = lines.includes('#EXT-X-ENDLIST')
  const hint = tag('EXT-X-PRELOAD-HINT')
  if (ended && hint) problems.push('a preload hint after the end')
  if (!ended && (!hint || attr(hint, 'TYPE') !== 'PART')) problems.push('live playlist without a TYPE=PART preload hint')
  const mapAt = lines.findIndex((l) => l.startsWith('#EXT-X-MAP:URI='))
  if (mapAt < 0) problems.push('no EXT-X-MAP (init segment)')

  let msn = mediaSequence
  let partIndex = 0
  let partsSum = 0
  let extinf: number | undefined
  let lastPdt = -Infinity
  let next = { msn, part: 0 }
  const uriParts = (uri: string) => /s(\d+)(?:\.(\d+))?\.m4s$/.exec(uri)
  for (const [i, line] of lines.entries()) {
    if ((line.startsWith('#EXT-X-PART:') || line.startsWith('#EXTINF:')) && i < mapAt) problems.push('media before EXT-X-MAP')
    if (line.startsWith('#EXT-X-PROGRAM-DATE-TIME:')) {
      const t = Date.parse(line.slice(25))
      if (Number.isNaN(t) || t < lastPdt) problems.push(`bad or decreasing PROGRAM-DATE-TIME ${line}`)
      lastPdt = t
    } else if (line.startsWith('#EXT-X-PART:')) {
      const v = line.slice(12)
      const d = Number(attr(v, 'DURATION'))
      if (!(d > 0) || d > partTarget + 1e-6) problems.push(`part of ${d}s is over PART-TARGET ${partTarget}`)
      const m = uriParts(attr(v, 'URI') ?? '')
      if (!m || Number(m[1]) !== msn || Number(m[2]) !== partIndex) problems.push(`part ${attr(v, 'URI')} is not ${msn}.${partIndex}`)
      const nextLine = lines[i + 1] ?? ''
      const lastOfSegment = nextLine.startsWith('#EXTINF:')
      if (attr(v, 'INDEPENDENT') !== 'YES' && !lastOfSegment && d < 0.85 * partTarget) problems.push(`part ${attr(v, 'URI')} under 85% of PART-TARGET`)
      partIndex++
      partsSum += d
      next = { msn, part: partIndex }
    } else if (line.startsWith('#EXTINF:')) {
      extinf = Number(line.slice(8).split(',')[0])
      if (Math.round(extinf) > target) problems.push(`segment of ${extinf}s rounds over TARGETDURATION ${target}`)
    } else if (!line.startsWith('#')) {
      const m = uriParts(line)
      if (!m || Number(m[1]) !== msn || m[2] !== undefined) problems.push(`segment ${line} is not msn ${msn}`)
      if (partIndex > 0 && extinf !== undefined && Math.abs(partsSum - extinf) > 1e-3) problems.push(`segment ${msn}: parts add to ${partsSum}, EXTINF says ${extinf}`)
      msn++
      partIndex = 0
      partsSum = 0
      extinf = undefined
      next = { msn, part: 0 }
    }
  }
  if (!ended && hint) {
    const m = uriParts(attr(hint, 'URI') ?? '')
    if (!m || Number(m[1]) !== next.msn || Number(m[2]) !== next.part) problems.push(`preload hint ${attr(hint, 'URI')} is not the next part ${next.msn}.${next.part}`)
  }
  if (!ended && !lines.at(-1)?.startsWith('#EXT-X-PRELOAD-HINT')) problems.push('the preload hint is not last')
  return problems
}
