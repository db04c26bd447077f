// Looking up one thing by name.
import type { AppContext } from '../../context.ts'
import { NotFound } from '../../errors.ts'
import { findTag, isTagName, tagKey, type TagRow } from './tags.ts'

/** A hashtag by name; one nobody used yet is returned unsaved (id 0), as Mastodon does. NotFound for invalid names. */
export async function tagByName(ctx: AppContext, raw: string): Promise<TagRow> {
  const name = raw.replace(/^#/, '')
  if (!isTagName(name)) throw NotFound()
  return (await findTag(ctx, name)) ?? { id: 0, name: tagKey(name), display_name: name, created_at: Date.now() }
}
