// A link → the preview card of what it points to. Every request goes through the safe
// fetcher (public addresses only, redirects re-checked, capped, no cookies or credentials):
// the URL comes from a post, so from anyone.
import { safeFetch } from '../net/safe-fetch.ts'
import type { PreviewCardsTable } from '../../storage/schema.ts'
import { cleanText } from './clean.ts'
import { decodeHtml, extractPage, TITLE_MAX } from './extract.ts'
import { fetchOembed } from './oembed.ts'

/** A card's fields as stored, plus where its image is (fetched and processed by the caller). */
export type CardData = Omit<PreviewCardsTable, 'id' | 'image_key' | 'image_width' | 'image_height' | 'blurhash' | 'fetched_at'> & {
  imageUrl: string | null
  /** the image itself when the link was the image (a `photo` card), so it is not fetched twice */
  imageBytes: Buffer | null
}

export interface FetchCardOptions {
  /** Test only: "host:port" entries the fetcher may reach although their address is not public. */
  allowHosts?: readonly string[]
  userAgent: string
  signal?: AbortSignal
}

/** Only this much of a page is parsed: its metadata is at the top, and a preview is not worth parsing more. */
const HTML_MAX = 1_048_576
/** A link straight to an image may be a photo of a few megabytes; it is fetched once, with this cap. */
export const IMAGE_MAX = 8 * 1_048_576

/**
 * Fetches a link and reads its card. Null when the page has nothing to show (no title, no
 * embed) or is neither HTML nor an image; throws SafeFetchError when the remote side refuses,
 * fails or is off limits, and an AbortError-like error when `signal` aborts.
 */
export async function fetchCard(url: string, opts: FetchCardOptions): Promise<CardData | null> {
  const fetchOpts = { allowHosts: opts.allowHosts, userAgent: opts.userAgent }
  const res = await abortable(safeFetch(url, {
    ...fetchOpts,
    accept: 'text/html,application/xhtml+xml;q=0.9,image/*;q=0.5,*/*;q=0.1',
    // A page is read up to 1 MB (its metadata is at the top); a direct link to a photo may be bigger.
    capFor: (type) => (type.trim().toLowerCase().startsWith('image/') ? { maxBytes: IMAGE_MAX } : { maxBytes: HTML_MAX, truncate: true }),
  }), opts.signal)
  const mime = res.contentType.split(';')[0]!.trim().toLowerCase()
  if (mime.startsWith('image/')) {
    const name = decodeURIComponentSafe(new URL(res.finalUrl).pathname.split('/').pop() ?? '')
    return {
      ...blank(url), type: 'photo', title: cleanText(name, TITLE_MAX), embed_url: res.finalUrl, imageUrl: res.finalUrl, imageBytes: res.body,
    }
  }
  if (mime !== 'text/html' && mime !== 'application/xhtml+xml' && !(mime === '' && looksLikeHtml(res.body))) return null

  const meta = extractPage(decodeHtml(res.body, res.contentType), res.finalUrl)
  const oembed = meta.oembedUrl ? await abortable(fetchOembed(meta.oembedUrl, fetchOpts), opts.signal) : null
  // oEmbed decides the card's kind when it embeds something; its plain `link` answers only fill gaps.
  const embed = oembed && oembed.type !== 'link' ? oembed : null
  const photo = embed?.type === 'photo' ? embed.url : null
  const card: CardData = {
    ...blank(url),
    type: embed?.type ?? 'link',
    title: embed?.title || meta.title || oembed?.title || '',
    description: meta.description,
    author_name: oembed?.authorName || meta.author,
    author_url: (oembed?.authorName ? oembed.authorUrl : meta.authorUrl) ?? '',
    provider_name: oembed?.providerName || meta.siteName,
    provider_url: oembed?.providerUrl ?? '',
    html: embed?.html ?? '',
    width: embed ? embed.width : meta.image ? meta.imageWidth : 0,
    height: embed ? embed.height : meta.image ? meta.imageHeight : 0,
    embed_url: photo ?? '',
    language: meta.language,
    published_at: meta.publishedAt,
    image_description: meta.imageAlt,
    imageUrl: photo ?? meta.image ?? oembed?.thumbnailUrl ?? null,
  }
  return card.title || card.html ? card : null
}

function blank(url: string): CardData {
  return {
    url, type: 'link', title: '', description: '', author_name: '', author_url: '', provider_name: '', provider_url: '',
    html: '', width: 0, height: 0, embed_url: '', language: null, published_at: null, image_description: '',
    imageUrl: null, imageBytes: null,
  }
}

/** Rejects as soon as `signal` aborts; the work itself stops at its own time limit. */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(signal.reason ?? new Error('aborted'))
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason ?? new Error('aborted'))
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

function looksLikeHtml(body: Buffer): boolean {
  return /^\s*<(!doctype html|html|head|meta|title)/i.test(body.subarray(0, 512).toString('latin1'))
}

function decodeURIComponentSafe(s: string): string {
  try { return decodeURIComponent(s) } catch { return s }
}
