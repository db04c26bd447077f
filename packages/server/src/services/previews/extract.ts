// A fetched web page → what a preview card shows of it: Open Graph first, Twitter card
// tags next, plain HTML last. The page is someone else's and may be hostile: everything
// taken from it is cleaned (clean.ts) and nothing of its markup is kept.
import { TextDecoder } from 'node:util'
import { Parser } from 'htmlparser2'
import { cleanText, webUrl } from './clean.ts'

/** What a page says about itself, cleaned. Empty strings and nulls where it says nothing usable. */
export interface PageMeta {
  title: string
  description: string
  /** og:type as written (e.g. "article", "video.other"), lower-cased */
  ogType: string
  siteName: string
  canonicalUrl: string | null
  image: string | null
  imageAlt: string
  imageWidth: number
  imageHeight: number
  /** ISO 639 primary language subtag */
  language: string | null
  publishedAt: number | null
  author: string
  authorUrl: string | null
  /** the page's oEmbed endpoint (JSON), when it advertises one */
  oembedUrl: string | null
}

export const TITLE_MAX = 200
export const DESCRIPTION_MAX = 400
const SHORT_MAX = 200

/** Decodes an HTML body by its byte-order mark, else the Content-Type charset, else a `<meta>` charset in its first 1024 bytes, else UTF-8. */
export function decodeHtml(body: Uint8Array, contentType: string): string {
  let label = 'utf-8'
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) label = 'utf-8'
  else if (body[0] === 0xfe && body[1] === 0xff) label = 'utf-16be'
  else if (body[0] === 0xff && body[1] === 0xfe) label = 'utf-16le'
  else {
    const declared = /;\s*charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1]
      ?? /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(Buffer.from(body.subarray(0, 1024)).toString('latin1'))?.[1]
    // An ASCII-compatible <meta> cannot honestly claim UTF-16 (HTML's prescan rule).
    if (declared) label = /^utf-?16/i.test(declared) ? 'utf-8' : declared
  }
  let decoder: TextDecoder
  try { decoder = new TextDecoder(label) } catch { decoder = new TextDecoder('utf-8') }
  return decoder.decode(body)
}

/** Reads a page's metadata; `pageUrl` is the final URL (after redirects) that relative URLs resolve against. */
export function extractPage(html: string, pageUrl: string): PageMeta {
  const meta = new Map<string, string>()
  const links: { rel: string[]; type: string; href: string }[] = []
  let title: string | null = null
  let inTitle = false
  let titleText = ''
  let svgDepth = 0
  let lang = ''

  const parser = new Parser({
    onopentag(name, a) {
      if (name === 'html' && a.lang && !lang) lang = a.lang
      else if (name === 'svg') svgDepth++
      else if (name === 'title' && svgDepth === 0 && title === null) { inTitle = true; titleText = '' }
      else if (name === 'meta') {
        const key = (a.property ?? a.name ?? '').trim().toLowerCase()
        if (key && a.content !== undefined && !meta.has(key)) meta.set(key, a.content)
      } else if (name === 'link' && a.href) {
        links.push({ rel: (a.rel ?? '').toLowerCase().split(/\s+/), type: (a.type ?? '').trim().toLowerCase(), href: a.href })
      }
    },
    ontext(text) {
      // A title longer than anything kept is cut while reading, so a huge one costs nothing.
      if (inTitle && titleText.length < TITLE_MAX * 4) titleText += text
    },
    onclosetag(name) {
      if (name === 'svg' && svgDepth > 0) svgDepth--
      else if (name === 'title' && inTitle) { inTitle = false; title = titleText }
    },
  })
  parser.end(html)
  if (inTitle) title = titleText

  const first = (...keys: string[]) => keys.map((k) => meta.get(k)?.trim()).find((v) => !!v) ?? ''
  const link = (pred: (l: { rel: string[]; type: string }) => boolean) => links.find(pred)?.href ?? null
  const articleAuthor = first('article:author')
  const articleAuthorUrl = webUrl(/^https?:\/\//i.test(articleAuthor) ? articleAuthor : null, pageUrl)

  return {
    title: cleanText(first('og:title', 'twitter:title') || title, TITLE_MAX),
    description: cleanText(first('og:description', 'twitter:description', 'description'), DESCRIPTION_MAX),
    ogType: cleanText(first('og:type'), 50).toLowerCase(),
    siteName: cleanText(first('og:site_name', 'application-name'), SHORT_MAX),
    canonicalUrl: webUrl(first('og:url') || link((l) => l.rel.includes('canonical')), pageUrl),
    image: webUrl(first('og:image', 'og:image:url', 'og:image:secure_url', 'twitter:image', 'twitter:image:src'), pageUrl),
    imageAlt: cleanText(first('og:image:alt', 'twitter:image:alt'), DESCRIPTION_MAX),
    imageWidth: dimension(first('og:image:width')),
    imageHeight: dimension(first('og:image:height')),
    language: languageOf(lang || first('og:locale')),
    publishedAt: timeOf(first('article:published_time', 'og:published_time', 'date')),
    author: cleanText(first('author') || (articleAuthorUrl ? '' : articleAuthor) || first('twitter:creator'), SHORT_MAX),
    authorUrl: webUrl(link((l) => l.rel.includes('author')), pageUrl) ?? articleAuthorUrl,
    oembedUrl: webUrl(link((l) => l.rel.includes('alternate') && (l.type === 'application/json+oembed' || l.type === 'text/json+oembed')), pageUrl),
  }
}

function dimension(raw: string): number {
  if (!/^\d{1,5}$/.test(raw)) return 0
  return Math.min(Number(raw), 10_000)
}

/** "en-US", "en_GB", "pt" → "en", "en", "pt"; anything else → null. */
function languageOf(raw: string): string | null {
  const primary = raw.trim().toLowerCase().split(/[-_]/)[0] ?? ''
  return /^[a-z]{2,3}$/.test(primary) ? primary : null
}

function timeOf(raw: string): number | null {
  if (!raw) return null
  const t = Date.parse(raw)
  // A date after next year is a typo or a lie; either way not worth showing.
  return Number.isFinite(t) && t >= 0 && t <= Date.now() + 366 * 86_400_000 ? t : null
}
