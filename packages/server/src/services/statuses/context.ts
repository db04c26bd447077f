// The thread around a post: read with one query on the conversation index, then
// walked in memory (ancestors up the reply chain, descendants depth-first).
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import type { StatusRow } from '../visibility.ts'
import { threadOf } from '../../storage/repos/statuses.ts'
import { visibleOriginal } from './visible.ts'

/** Mastodon's bounds on a context: 40 ancestors, 4,096 descendants. */
const MAX_ANCESTORS = 40
const MAX_DESCENDANTS = 4096
const MAX_THREAD = 20_000

/** Ancestors (root first) and descendants (thread order) of a visible post; the view drops those the viewer may not see. */
export async function statusContext(ctx: AppContext, viewer: Viewer | null, rawId: unknown): Promise<{ ancestors: StatusRow[]; descendants: StatusRow[] }> {
  const status = await visibleOriginal(ctx, viewer, rawId)
  const thread = await threadOf(ctx.db, status.conversation_id, MAX_THREAD)
  const byId = new Map(thread.map((s) => [s.id, s]))
  const children = new Map<number, StatusRow[]>()
  for (const s of thread) {
    if (s.in_reply_to_id === null) continue
    const list = children.get(s.in_reply_to_id)
    if (list) list.push(s)
    else children.set(s.in_reply_to_id, [s])
  }
  const ancestors: StatusRow[] = []
  for (let p = status.in_reply_to_id; p !== null && ancestors.length < MAX_ANCESTORS;) {
    const parent = byId.get(p)
    if (!parent) break
    ancestors.unshift(parent)
    p = parent.in_reply_to_id
  }
  const descendants: StatusRow[] = []
  // Depth-first, oldest reply first at each level; an explicit stack keeps deep threads off the call stack.
  const stack = [...(children.get(status.id) ?? [])].reverse()
  while (stack.length && descendants.length < MAX_DESCENDANTS) {
    const s = stack.pop()!
    descendants.push(s)
    const kids = children.get(s.id)
    if (kids) for (let i = kids.length - 1; i >= 0; i--) stack.push(kids[i])
  }
  return { ancestors, descendants }
}
