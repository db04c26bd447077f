// Avatar and header images. They go through the same checks and decoding as any upload
// (services/media), then are cut to their shape. Done inside the request, as Mastodon
// does: a profile edit is rare, and the person waits for the new picture anyway.
import sharp from 'sharp'
import type { AppContext } from '../../context.ts'
import { inspectImage } from '../media/inspect.ts'
import { processImage } from '../media/process.ts'
import { contentKey } from '../media/store.ts'

const SHAPES = {
  avatar: { width: 400, height: 400 },
  header: { width: 1500, height: 500 },
} as const

export interface ProfileImages { avatar?: Buffer; header?: Buffer }

/** Checks, renders and stores new avatar and/or header images; the old files are purged once unused. */
export async function setProfileImages(ctx: AppContext, accountId: number, images: ProfileImages): Promise<void> {
  const wanted = (Object.keys(SHAPES) as (keyof typeof SHAPES)[]).filter((k) => images[k] !== undefined)
  if (wanted.length === 0) return
  // Every file checked before any is stored.
  const inspected = await Promise.all(wanted.map((k) => inspectImage(images[k]!)))
  const keys: Partial<Record<keyof typeof SHAPES, string>> = {}
  for (const [i, kind] of wanted.entries()) {
    const done = await processImage(images[kind]!, inspected[i]!)
    const shape = SHAPES[kind]
    // The first frame of the large rendition (already upright and stripped), cut to shape.
    const bytes = await sharp(done.large.bytes).resize(shape.width, shape.height, { fit: 'cover', withoutEnlargement: false }).webp({ quality: 82 }).toBuffer()
    const key = contentKey(bytes, 'webp')
    await ctx.media.put(key, bytes, 'image/webp')
    keys[kind] = key
  }
  const old = await ctx.db.selectFrom('accounts').select(['avatar_key', 'header_key']).where('id', '=', accountId).executeTakeFirst()
  await ctx.db.transaction().execute(async (trx) => {
    await trx.updateTable('accounts').set({
      ...(keys.avatar ? { avatar_key: keys.avatar } : {}),
      ...(keys.header ? { header_key: keys.header } : {}),
    }).where('id', '=', accountId).execute()
    const replaced = [keys.avatar && old?.avatar_key, keys.header && old?.header_key].filter((k): k is string => !!k && k !== keys.avatar && k !== keys.header)
    if (replaced.length) await ctx.queue.enqueue('media.purge', { keys: replaced }, { trx })
  })
  ctx.cache.changed({ accounts: [accountId] })
}
