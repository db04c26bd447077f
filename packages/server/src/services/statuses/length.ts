// The length of a post exactly as Mastodon's StatusLengthValidator counts it:
// the content warning plus the text, where every URL counts 23 characters and a
// mention `@user@domain` counts as `@user`, measured in grapheme clusters.
// Pure TypeScript (Intl.Segmenter only), shared with the web app's composer.
import { extractMentions, extractUrls, removeOverlapping } from './entities.ts'

/** Characters a URL counts for, whatever its real length. */
export const URL_PLACEHOLDER_CHARS = 23
const URL_PLACEHOLDER = 'x'.repeat(URL_PLACEHOLDER_CHARS)

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' })

/** Number of user-perceived characters (an emoji ZWJ sequence or a flag is one). */
export function graphemeLength(s: string): number {
  let n = 0
  for (const _ of graphemes.segment(s)) n++
  return n
}

/** The text as Mastodon measures it: URLs and mentions rewritten to their countable form. */
export function countableText(text: string): string {
  if (text.trim() === '') return ''
  const entities = removeOverlapping([...extractUrls(text), ...extractMentions(text)])
  let out = ''
  let at = 0
  for (const e of entities) {
    out += text.slice(at, e.start)
    out += e.kind === 'url' ? URL_PLACEHOLDER : `@${e.acct.split('@')[0]}`
    at = e.end
  }
  return out + text.slice(at)
}

/** The length the post limit applies to: content warning plus countable text. */
export function statusLength(text: string, spoilerText = ''): number {
  return graphemeLength(spoilerText + countableText(text))
}
