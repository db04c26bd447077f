// The link card of a room's announcing post: what Mastodon apps show for the room (they
// have no room screen). Made here, not fetched: the room's page is ours, and the card
// follows the room's state (upcoming, live, ended).
import type { AppContext } from '../../context.ts'
import { nextId } from '../../ids.ts'
import type { RoomRow } from '../../storage/repos/rooms.ts'
import { accountRows } from '../../storage/cache/load.ts'
import { roomUrl } from './create.ts'
import { hasReplay } from './lifecycle.ts'

const AVATAR_SIDE = 400

function stateLine(room: RoomRow): string {
  if (room.state === 'live') return 'Live now'
  if (room.state === 'ended') return hasReplay(room) ? 'Ended · replay available' : 'Ended'
  return `Starts ${new Date(room.scheduled_at!).toISOString().replace(/:\d\d\.\d+Z$/, ' UTC').replace('T', ' ')}`
}

/** Writes the room's card and shows it under the announcing post. */
export async function refreshRoomCard(ctx: AppContext, room: RoomRow): Promise<void> {
  if (room.status_id === null) return
  const host = (await accountRows(ctx, [room.host_account_id])).get(room.host_account_id)
  if (!host) return
  const url = roomUrl(ctx, room.id)
  const name = host.display_name.trim() || host.username
  const description = [`🎙️ Live audio room · ${stateLine(room)} · hosted by ${name}`, room.description].filter(Boolean).join('\n').slice(0, 1000)
  const card = {
    url, type: 'link' as const, title: room.title, description,
    author_name: name, author_url: `${ctx.config.publicUrl}/@${host.username}`,
    provider_name: ctx.config.instanceTitle, provider_url: ctx.config.publicUrl,
    html: '', width: host.avatar_key ? AVATAR_SIDE : 0, height: host.avatar_key ? AVATAR_SIDE : 0, embed_url: '', language: null,
    published_at: room.created_at, image_key: host.avatar_key, image_width: host.avatar_key ? AVATAR_SIDE : null,
    image_height: host.avatar_key ? AVATAR_SIDE : null, image_description: '', blurhash: null, fetched_at: Date.now(),
  }
  const statusId = room.status_id
  await ctx.transact(async (trx) => {
    await trx.insertInto('preview_cards').values({ id: nextId(), ...card })
      .onConflict((c) => c.column('url').doUpdateSet(card)).execute()
    const row = await trx.selectFrom('preview_cards').select('id').where('url', '=', url).executeTakeFirstOrThrow()
    await trx.updateTable('statuses').set({ card_id: row.id }).where('id', '=', statusId).where('deleted_at', 'is', null).execute()
    // Live readers got the post before its card (or with the old one): send it again.
    await ctx.queue.enqueue('status.refreshed', { statusId }, { trx })
  })
  ctx.cache.changed({ statuses: [statusId] })
}
