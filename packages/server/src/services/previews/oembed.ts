// oEmbed (https://oembed.com): a page names a JSON document that says how to embed it.
// The JSON is as untrusted as the page: its shape is checked field by field here and its
// html reduced to one sandboxed frame (sanitize.ts).
import { safeFetch, type SafeFetchOptions } from '../net/safe-fetch.ts'
import { cleanText, webUrl } from './clean.ts'
import { DESCRIPTION_MAX, TITLE_MAX } from './extract.ts'
import { sanitizeEmbed } from './sanitize.ts'

/** The parts of an oEmbed answer a card uses, cleaned. */
export interface Oembed {
  type: 'photo' | 'video' | 'rich' | 'link'
  title: string
  authorName: string
  authorUrl: string | null
  providerName: string
  providerUrl: string | null
  /** the photo itself, for `photo` */
  url: string | null
  thumbnailUrl: string | null
  /** sanitised: '' or one sandboxed https iframe */
  html: string
  width: number
  height: number
}

const TYPES = new Set(['photo', 'video', 'rich', 'link'])

/** Checks and cleans a parsed oEmbed answer; null when it is not one. `base` resolves relative URLs. */
export function parseOembed(json: unknown, base: string): Oembed | null {
  if (!json || typeof json !== 'object' || Array.isArray(json)) return null
  const o = json as Record<string, unknown>
  const str = (k: string) => (typeof o[k] === 'string' ? o[k] : typeof o[k] === 'number' ? String(o[k]) : '')
  if (!TYPES.has(str('type'))) return null
  let type = str('type') as Oembed['type']
  const html = type === 'video' || type === 'rich' ? sanitizeEmbed(str('html')) : ''
  const url = type === 'photo' ? webUrl(str('url'), base) : null
  // An embed with nothing left to embed is just a link.
  if ((type === 'video' || type === 'rich') && !html) type = 'link'
  if (type === 'photo' && !url) type = 'link'
  return {
    type,
    title: cleanText(str('title'), TITLE_MAX),
    authorName: cleanText(str('author_name'), DESCRIPTION_MAX),
    authorUrl: webUrl(str('author_url'), base),
    providerName: cleanText(str('provider_name'), DESCRIPTION_MAX),
    providerUrl: webUrl(str('provider_url'), base),
    url,
    thumbnailUrl: webUrl(str('thumbnail_url'), base),
    html,
    width: type === 'link' ? 0 : dimension(str('width')),
    height: type === 'link' ? 0 : dimension(str('height')),
  }
}

function dimension(raw: string): number {
  return /^\d{1,5}$/.test(raw.trim()) ? Math.min(Number(raw), 10_000) : 0
}

/** Fetches and checks an oEmbed endpoint through the safe fetcher; null when it fails or answers something else. */
export async function fetchOembed(url: string, opts: SafeFetchOptions): Promise<Oembed | null> {
  const res = await safeFetch(url, { ...opts, accept: 'application/json' }).catch(() => null)
  if (!res) return null
  let json: unknown
  try { json = JSON.parse(res.body.toString('utf8')) } catch { return null }
  return parseOembed(json, res.finalUrl)
}
