// What create and edit share: length rule, mentions, hashtags and the rendered HTML.
import type { AppContext } from '../../context.ts'
import { localDomain } from '../../config.ts'
import { StatusEmpty, StatusTooLong, ValidationFailed } from '../../errors.ts'
import { extractEntities } from './entities.ts'
import { statusLength } from './length.ts'
import { renderText } from './text.ts'

export type Visibility = 'public' | 'unlisted' | 'private' | 'direct'
export const VISIBILITIES: readonly Visibility[] = ['public', 'unlisted', 'private', 'direct']

export interface Composed {
  text: string
  spoilerText: string
  content: string
  /** local accounts mentioned, in order of first mention */
  mentionIds: number[]
  /** hashtags as first written in this post */
  tags: string[]
}

const MAX_TAGS = 30
const LANGUAGE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$/

/** Validates a language code (ISO 639, optionally with a region); null when none is given. */
export function parseLanguage(raw: string | null | undefined): string | null {
  if (raw === undefined || raw === null || raw === '') return null
  if (!LANGUAGE.test(raw)) throw ValidationFailed('language', 'is not a valid ISO 639 language code')
  return raw
}

/** Trims and validates the text, resolves mentions of local accounts and renders the HTML; text may be empty only beside media. */
export async function compose(ctx: AppContext, rawText: string, rawSpoiler: string, opts: { withMedia?: boolean } = {}): Promise<Composed> {
  // Mastodon strips both before validating and storing.
  const text = rawText.trim()
  const spoilerText = rawSpoiler.trim()
  if (text === '' && !opts.withMedia) throw StatusEmpty()
  const max = ctx.config.postMaxChars
  if (statusLength(text, spoilerText) > max) throw StatusTooLong(max)

  const entities = extractEntities(text)
  const domain = localDomain(ctx.config).toLowerCase()
  const wanted = new Set<string>()
  for (const e of entities) {
    if (e.kind !== 'mention') continue
    const [user, host] = e.acct.toLowerCase().split('@')
    if (!host || host === domain) wanted.add(user)
  }
  const accounts = wanted.size
    ? await ctx.db.selectFrom('accounts').select(['id', 'username', 'username_key'])
      .where('username_key', 'in', [...wanted]).where('suspended', '=', 0).execute()
    : []
  const byKey = new Map(accounts.map((a) => [a.username_key, a]))
  const base = ctx.config.publicUrl
  const mentionIds: number[] = []
  const content = renderText(text, {
    mentionUrl(acct) {
      const [user, host] = acct.split('@')
      const a = !host || host === domain ? byKey.get(user) : undefined
      if (!a) return null
      if (!mentionIds.includes(a.id)) mentionIds.push(a.id)
      return { url: `${base}/@${a.username}`, username: a.username }
    },
    tagUrl: (tag) => `${base}/tags/${encodeURIComponent(tag.toLowerCase())}`,
  })
  const seen = new Set<string>()
  const tags: string[] = []
  for (const e of entities) {
    if (e.kind !== 'hashtag') continue
    const key = e.tag.normalize('NFKC').toLowerCase()
    if (!seen.has(key) && tags.length < MAX_TAGS) { seen.add(key); tags.push(e.tag.normalize('NFKC')) }
  }
  return { text, spoilerText, content, mentionIds, tags }
}
