// A post's link → its preview card, shared by every post linking the same URL. Run as the
// status.preview job: the remote page is someone else's and may be slow, broken or
// hostile, and none of that may fail or slow down posting or reading.
import type { AppContext } from '../../context.ts'
import { PhareError } from '../../errors.ts'
import { nextId } from '../../ids.ts'
import type { PreviewCardsTable } from '../../storage/schema.ts'
import { PHARE_VERSION } from '../instance/info.ts'
import { inspectImage } from '../media/inspect.ts'
import { processImage } from '../media/process.ts'
import { contentKey } from '../media/store.ts'
import { safeFetch, SafeFetchError } from '../net/safe-fetch.ts'
import { abortable, fetchCard, IMAGE_MAX, type CardData } from './fetch-card.ts'
import { firstLink } from './first-link.ts'

/** A card fetched less than this long ago is reused as it is. */
export const CARD_FRESH_MS = 24 * 3_600_000
/** A link that gave no card is not fetched again for this long (by this process). */
const NO_CARD_MS = 10 * 60_000

type CardRef = { id: number; fresh: boolean } | null

/**
 * What one process remembers of its link fetches: a link many people post at once is fetched
 * once (the others wait for that fetch), and one that just failed is not fetched again at
 * once; a site that never answers then costs one time-out, not one per post.
 */
export interface FetchMemory {
  inflight: Map<string, Promise<CardRef>>
  /** URL → until when it gives no card */
  noCard: Map<string, number>
}

/** An empty fetch memory (one per process: jobs/previews.ts). */
export function fetchMemory(): FetchMemory {
  return { inflight: new Map(), noCard: new Map() }
}

/**
 * Gives a post the card of its first link (or none). Idempotent. A remote failure (refused
 * address, timeout, error status, not HTML) ends quietly with no card; only our own faults throw.
 */
export async function attachPreview(ctx: AppContext, statusId: number, memory: FetchMemory, signal?: AbortSignal): Promise<void> {
  if (!ctx.config.previews) return
  const s = await ctx.db.selectFrom('statuses')
    .select(['id', 'content', 'deleted_at', 'reblog_of_id', 'media_ids', 'card_id'])
    .where('id', '=', statusId).executeTakeFirst()
  if (!s || s.deleted_at !== null || s.reblog_of_id !== null) return
  // A card made by Phare itself (a live room's) is kept: its page is ours, and fetching it would be refused.
  if (s.card_id !== null && await isOwnCard(ctx, s.card_id)) return
  // A post with images shows those; Mastodon gives it no card either.
  const url = hasMedia(s.media_ids) ? null : firstLink(s.content, { localOrigin: ctx.config.publicUrl })
  const card = url ? await cardFor(ctx, url, memory, signal) : null
  const cardId = card?.id ?? null
  if (cardId === s.card_id && !card?.fresh) return
  if (card?.fresh) {
    // A card fetched again may say something new: every post showing it is stale.
    const showing = await ctx.db.selectFrom('statuses').select('id').where('card_id', '=', card.id).limit(5000).execute()
    if (showing.length) ctx.cache.changed({ statuses: showing.map((r) => r.id) })
  }
  if (cardId !== s.card_id) {
    await ctx.db.transaction().execute(async (trx) => {
      await trx.updateTable('statuses').set({ card_id: cardId }).where('id', '=', statusId).where('deleted_at', 'is', null).execute()
      // Live readers got the post without its card: send it again with it.
      await ctx.queue.enqueue('status.refreshed', { statusId }, { trx })
    })
  }
  ctx.cache.changed({ statuses: [statusId] })
}

async function isOwnCard(ctx: AppContext, cardId: number): Promise<boolean> {
  const card = await ctx.db.selectFrom('preview_cards').select('url').where('id', '=', cardId).executeTakeFirst()
  return !!card && card.url.startsWith(`${ctx.config.publicUrl}/`)
}

function hasMedia(mediaIds: string | null): boolean {
  if (!mediaIds) return false
  try { return (JSON.parse(mediaIds) as unknown[]).length > 0 } catch { return false }
}

/** The card of a URL: the stored one while fresh, else fetched now (once at a time per URL); `fresh` when it was just written. */
async function cardFor(ctx: AppContext, url: string, memory: FetchMemory, signal: AbortSignal | undefined): Promise<CardRef> {
  const stored = await ctx.db.selectFrom('preview_cards').select(['id', 'fetched_at']).where('url', '=', url).executeTakeFirst()
  if (stored && stored.fetched_at > Date.now() - CARD_FRESH_MS) return { id: stored.id, fresh: false }
  const until = memory.noCard.get(url)
  if (until !== undefined && until > Date.now()) return stored ? { id: stored.id, fresh: false } : null
  let pending = memory.inflight.get(url)
  if (!pending) {
    pending = refresh(ctx, url, stored ?? null, signal).then((ref) => {
      if (!ref?.fresh) rememberNoCard(memory, url)
      return ref
    }).finally(() => memory.inflight.delete(url))
    memory.inflight.set(url, pending)
  }
  return abortable(pending, signal)
}

function rememberNoCard(memory: FetchMemory, url: string): void {
  memory.noCard.delete(url)
  memory.noCard.set(url, Date.now() + NO_CARD_MS)
  // Oldest first (insertion order): keeps the memory bounded whatever is posted.
  for (const key of memory.noCard.keys()) {
    if (memory.noCard.size <= 10_000) break
    memory.noCard.delete(key)
  }
}

/** Fetches a URL's card and stores it (with its image); the stored card when the page cannot be had now. */
async function refresh(ctx: AppContext, url: string, stored: { id: number } | null, signal: AbortSignal | undefined): Promise<CardRef> {
  const opts = { allowHosts: ctx.config.previewAllowHosts, userAgent: userAgent(ctx), signal }
  let data: CardData | null
  try {
    data = await fetchCard(url, opts)
  } catch (err) {
    if (!(err instanceof SafeFetchError)) throw err
    ctx.log.debug({ url, reason: err.code, err: err.message }, 'no link preview: the page could not be fetched')
    // A page that is down for a while keeps the card it had.
    return stored ? { id: stored.id, fresh: false } : null
  }
  if (!data) {
    ctx.log.debug({ url }, 'no link preview: nothing to show')
    return null
  }
  const image = await cardImage(ctx, data, opts)
  // A photo card is its image: without it there is nothing to show.
  if (data.type === 'photo' && !image) return null
  const { imageUrl: _u, imageBytes: _b, ...fields } = data
  const values: Omit<PreviewCardsTable, 'id'> = {
    ...fields,
    url,
    width: image && (data.type === 'link' || data.type === 'photo') ? image.width : fields.width,
    height: image && (data.type === 'link' || data.type === 'photo') ? image.height : fields.height,
    image_key: image?.key ?? null, image_width: image?.width ?? null, image_height: image?.height ?? null,
    blurhash: image?.blurhash ?? null,
    fetched_at: Date.now(),
  }
  // Two posts with one link may fetch it at once: the second write updates the first's row.
  await ctx.db.insertInto('preview_cards').values({ id: nextId(), ...values })
    .onConflict((oc) => oc.column('url').doUpdateSet(values)).execute()
  const row = await ctx.db.selectFrom('preview_cards').select('id').where('url', '=', url).executeTakeFirstOrThrow()
  return { id: row.id, fresh: true }
}

/** Fetches and re-encodes the card's image into our media store (the small rendition); null when it cannot be had. */
async function cardImage(ctx: AppContext, data: CardData, opts: { allowHosts: readonly string[]; userAgent: string; signal?: AbortSignal }) {
  if (!data.imageUrl) return null
  let small
  let blurhash
  try {
    const bytes = data.imageBytes ?? (await abortable(safeFetch(data.imageUrl, {
      allowHosts: opts.allowHosts, userAgent: opts.userAgent, accept: 'image/*', maxBytes: IMAGE_MAX,
    }), opts.signal)).body
    const done = await processImage(bytes, await inspectImage(bytes), { signal: opts.signal })
    small = done.small
    blurhash = done.blurhash
  } catch (err) {
    if (opts.signal?.aborted) throw err
    const remote = err instanceof SafeFetchError || err instanceof PhareError
    // Not a reason to fail the card; an image the decoder chokes on is worth a look, though.
    ctx.log[remote ? 'debug' : 'warn']({ url: data.imageUrl, err: (err as Error).message }, 'link preview without its image')
    return null
  }
  const key = contentKey(small.bytes, small.ext)
  await ctx.media.put(key, small.bytes, small.mime)
  return { key, width: small.width, height: small.height, blurhash }
}

function userAgent(ctx: AppContext): string {
  return `Phare/${PHARE_VERSION} link preview (+${ctx.config.publicUrl})`
}
