// A preview card row → Mastodon's PreviewCard JSON.
import type { MediaStore } from '../services/media/store.ts'
import type { PreviewCardsTable } from '../storage/schema.ts'
import { iso } from './html.ts'

/** Mastodon's PreviewCard entity. */
export interface PreviewCardJson {
  url: string
  title: string
  description: string
  type: PreviewCardsTable['type']
  author_name: string
  author_url: string
  provider_name: string
  provider_url: string
  html: string
  width: number
  height: number
  image: string | null
  embed_url: string
  blurhash: string | null
  image_description: string
  language: string | null
  published_at: string | null
  authors: { name: string; url: string; account: null }[]
}

/** Renders a card; its image is served from our media store, never hot-linked from the page. */
export function renderCard(row: PreviewCardsTable, media: MediaStore): PreviewCardJson {
  return {
    url: row.url,
    title: row.title,
    description: row.description,
    type: row.type,
    author_name: row.author_name,
    author_url: row.author_url,
    provider_name: row.provider_name,
    provider_url: row.provider_url,
    html: row.html,
    width: row.width,
    height: row.height,
    image: row.image_key ? media.urlOf(row.image_key) : null,
    embed_url: row.embed_url,
    blurhash: row.blurhash,
    image_description: row.image_description,
    language: row.language,
    published_at: row.published_at !== null ? iso(row.published_at) : null,
    // Mastodon 4.3+: the same author as a list (no fediverse account is looked up here).
    authors: row.author_name || row.author_url ? [{ name: row.author_name, url: row.author_url, account: null }] : [],
  }
}
