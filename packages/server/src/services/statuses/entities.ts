// Finds URLs, mentions and hashtags in a post's source text the way Mastodon's
// Extractor (twitter-text) does. Pure TypeScript, no Node APIs: the web app uses
// it too, so the composer's counter and the server agree to the character.

export interface UrlEntity { kind: 'url'; url: string; start: number; end: number }
export interface MentionEntity { kind: 'mention'; /** `alice` or `alice@example.org`, without the `@` */ acct: string; start: number; end: number }
export interface HashtagEntity { kind: 'hashtag'; tag: string; start: number; end: number }
export type Entity = UrlEntity | MentionEntity | HashtagEntity

const WORD = '\\p{L}\\p{M}\\p{N}\\p{Pc}'
// Mastodon: Account::MENTION_RE, with twitter-text's end_mention_match applied after the match.
const MENTION_RE = new RegExp(`(?<![=/${WORD}])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*(?:@[${WORD}]+(?:[.-]+[${WORD}]+)*)?)`, 'giu')
const END_MENTION = /^(?:[@＠]|[\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u00FF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF]|:\/\/)/u
// Mastodon: Tag::HASHTAG_RE, simplified to letters, marks, digits and underscore with at least one letter.
const HASHTAG_RE = new RegExp(`(?<![=/)\\p{L}\\p{N}])[#＃]([${WORD}·・\u200c]*[\\p{L}\\p{M}][${WORD}·・\u200c]*)`, 'gu')
// twitter-text: a URL may not follow a letter, digit, @, $ or #.
const URL_RE = /(?<![\p{L}\p{N}@＠$#＃])https?:\/\/[^\s<>"\u00A0\u2000-\u200F\u2028-\u202F\u3000]+/giu
// A URL never ends in punctuation that belongs to the sentence.
const URL_END = /[\p{L}\p{N}=_#/+\-&%~)\]]/u

function trimUrl(raw: string): string {
  let url = raw
  for (;;) {
    const last = url.at(-1)!
    if (!URL_END.test(last)) { url = url.slice(0, -1); continue }
    // "(see https://x.org/a)" — a closing parenthesis is part of the URL only when balanced.
    if (last === ')' && (url.match(/\(/g)?.length ?? 0) < (url.match(/\)/g)?.length ?? 0)) { url = url.slice(0, -1); continue }
    return url
  }
}

function hasHost(url: string): boolean {
  const rest = url.replace(/^https?:\/\//i, '')
  return /^[\p{L}\p{N}][\p{L}\p{N}.-]*(?::\d+)?(?:[/?#]|$)/u.test(rest)
}

/** URLs (http and https only, as Mastodon links them). */
export function extractUrls(text: string): UrlEntity[] {
  const out: UrlEntity[] = []
  for (const m of text.matchAll(URL_RE)) {
    const url = trimUrl(m[0])
    if (hasHost(url)) out.push({ kind: 'url', url, start: m.index, end: m.index + url.length })
  }
  return out
}

/** Mentions: `@alice` or `@alice@domain`. */
export function extractMentions(text: string): MentionEntity[] {
  const out: MentionEntity[] = []
  for (const m of text.matchAll(MENTION_RE)) {
    const end = m.index + m[0].length
    if (END_MENTION.test(text.slice(end))) continue
    out.push({ kind: 'mention', acct: m[1], start: m.index, end })
  }
  return out
}

/** Hashtags: `#Tag`, with at least one letter. */
export function extractHashtags(text: string): HashtagEntity[] {
  const out: HashtagEntity[] = []
  for (const m of text.matchAll(HASHTAG_RE)) {
    let tag = m[1]
    let end = m.index + m[0].length
    // "#https://…": Mastodon keeps the URL and drops the hashtag's "https" tail.
    if (text.startsWith('://', end)) {
      const cut = /^(.+)(https?)$/.exec(tag)
      if (!cut) continue
      tag = cut[1]
      end -= cut[2].length
    }
    out.push({ kind: 'hashtag', tag, start: m.index, end })
  }
  return out
}

/** Drops entities that overlap an earlier one (twitter-text's remove_overlapping_entities). */
export function removeOverlapping<T extends Entity>(entities: T[]): T[] {
  const sorted = entities.slice().sort((a, b) => a.start - b.start)
  const out: T[] = []
  for (const e of sorted) if (out.length === 0 || e.start >= out[out.length - 1].end) out.push(e)
  return out
}

/** Every entity, without overlaps, in text order. */
export function extractEntities(text: string): Entity[] {
  return removeOverlapping<Entity>([...extractUrls(text), ...extractHashtags(text), ...extractMentions(text)])
}
