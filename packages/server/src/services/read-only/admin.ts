// The admin's side of read-only mode: see it, set it with a message, lift it. The setting is
// stored (read_only_mode) so every node picks it up within a check (CHECK_MS) and a restart keeps it.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import type { DB } from '../../storage/db.ts'
import { ValidationFailed } from '../../errors.ts'
import { assertAdmin } from '../admin.ts'
import type { ReadOnlyView } from './state.ts'

const MAX_MESSAGE = 500

/** Stores the deliberate mode (null lifts it); for the API and the CLI. */
export async function storeReadOnly(db: DB, message: string | null, accountId: number | null): Promise<void> {
  if (message === null) {
    await db.deleteFrom('read_only_mode').where('id', '=', 1).execute()
    return
  }
  const text = message.trim()
  if (!text) throw ValidationFailed('message', "can't be blank: say why and for how long, people read it in a banner")
  if (text.length > MAX_MESSAGE) throw ValidationFailed('message', `is too long (at most ${MAX_MESSAGE} characters)`)
  const since = Date.now()
  await db.insertInto('read_only_mode').values({ id: 1, message: text, since, account_id: accountId })
    .onConflict((c) => c.column('id').doUpdateSet({ message: text, since, account_id: accountId })).execute()
}

/** The state now, with what the admin needs beyond the public view (free space). */
export function showReadOnly(ctx: AppContext, viewer: Viewer | null): ReadOnlyView & { free_mb: number | null; floor_mb: number } {
  assertAdmin(viewer)
  const free = ctx.readOnly.freeBytes()
  return { ...ctx.readOnly.view(), free_mb: free === null ? null : Math.floor(free / 1048576), floor_mb: ctx.config.readOnlyFreeMb }
}

/** Puts the server in read-only mode with `message`, on every node. */
export async function setReadOnly(ctx: AppContext, viewer: Viewer | null, message: string) {
  assertAdmin(viewer)
  await storeReadOnly(ctx.db, message, viewer.accountId)
  ctx.readOnly.setDeliberate({ message: message.trim(), since: Date.now(), accountId: viewer.accountId })
  return showReadOnly(ctx, viewer)
}

/** Lifts the admin's read-only mode (an automatic one stays until the disk or database recovers). */
export async function clearReadOnly(ctx: AppContext, viewer: Viewer | null) {
  assertAdmin(viewer)
  await storeReadOnly(ctx.db, null, null)
  ctx.readOnly.setDeliberate(null)
  return showReadOnly(ctx, viewer)
}
