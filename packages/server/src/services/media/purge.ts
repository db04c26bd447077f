// Removing media that nothing shows any more. Files are shared by content (two uploads of
// the same image are one file), so a file goes only when no attachment, card or profile
// still names its key.
import type { AppContext } from '../../context.ts'

/** What a purge looks at: a deleted post's media, an upload never posted, files given up. */
export interface PurgeRequest { statusId?: number; orphanId?: number; keys?: string[] }

/** Deletes the attachments of a deleted post or an upload left unposted, then every freed or given file nothing else uses. */
export async function purgeUnused(ctx: AppContext, p: PurgeRequest): Promise<void> {
  const keys = new Set(p.keys ?? [])
  if (p.orphanId !== undefined) {
    const rows = await ctx.db.selectFrom('media_attachments').select(['id', 'file_key', 'small_key'])
      .where('id', '=', p.orphanId).where('status_id', 'is', null).execute()
    await dropAttachments(ctx, rows, keys)
  }
  if (p.statusId !== undefined) {
    const status = await ctx.db.selectFrom('statuses').select('deleted_at').where('id', '=', p.statusId).executeTakeFirst()
    // Only a deleted post's media: a job left over from an undone delete must not strip a live post.
    if (status && status.deleted_at !== null) {
      const rows = await ctx.db.selectFrom('media_attachments').select(['id', 'file_key', 'small_key']).where('status_id', '=', p.statusId).execute()
      await dropAttachments(ctx, rows, keys)
    }
  }
  if (keys.size === 0) return
  const used = await keysInUse(ctx, [...keys])
  for (const k of keys) if (!used.has(k)) await ctx.media.delete(k)
}

async function dropAttachments(ctx: AppContext, rows: { id: number; file_key: string | null; small_key: string | null }[], keys: Set<string>): Promise<void> {
  for (const r of rows) for (const k of [r.file_key, r.small_key]) if (k) keys.add(k)
  const ids = rows.map((r) => r.id)
  if (ids.length === 0) return
  await ctx.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('media_uploads').where('media_id', 'in', ids).execute()
    await trx.deleteFrom('media_attachments').where('id', 'in', ids).execute()
  })
}

/** Which of these keys something still shows. */
async function keysInUse(ctx: AppContext, keys: string[]): Promise<Set<string>> {
  const db = ctx.db
  const rows = await db.selectFrom('media_attachments').select('file_key as k').where('file_key', 'in', keys)
    .unionAll(db.selectFrom('media_attachments').select('small_key as k').where('small_key', 'in', keys))
    .unionAll(db.selectFrom('preview_cards').select('image_key as k').where('image_key', 'in', keys))
    .unionAll(db.selectFrom('accounts').select('avatar_key as k').where('avatar_key', 'in', keys))
    .unionAll(db.selectFrom('accounts').select('header_key as k').where('header_key', 'in', keys))
    .execute()
  return new Set(rows.map((r) => r.k).filter((k): k is string => k !== null))
}
