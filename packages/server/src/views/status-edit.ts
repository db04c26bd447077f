// A post's versions (StatusEdit) and its source (StatusSource).
import type { AppContext } from '../context.ts'
import type { StatusEditsTable } from '../storage/schema.ts'
import type { StatusRow } from '../services/visibility.ts'
import { loadAccounts, type AccountJson } from './account.ts'
import { iso } from './html.ts'

/** Mastodon's StatusEdit entity. */
export interface StatusEditJson {
  content: string
  spoiler_text: string
  sensitive: boolean
  created_at: string
  account: AccountJson
  poll: { options: { title: string }[] } | null
  media_attachments: never[]
  emojis: never[]
}

/** Renders a post's versions, oldest first. */
export async function renderStatusEdits(ctx: AppContext, status: StatusRow, edits: StatusEditsTable[]): Promise<StatusEditJson[]> {
  const account = (await loadAccounts(ctx, [status.account_id])).get(status.account_id)!
  return edits.map((e) => ({
    content: e.content,
    spoiler_text: e.spoiler_text,
    sensitive: !!e.sensitive,
    created_at: iso(e.created_at),
    account,
    poll: e.poll_options ? { options: (JSON.parse(e.poll_options) as string[]).map((title) => ({ title })) } : null,
    media_attachments: [],
    emojis: [],
  }))
}

/** Mastodon's StatusSource entity. */
export function renderStatusSource(s: StatusRow): { id: string; text: string; spoiler_text: string } {
  return { id: String(s.id), text: s.text, spoiler_text: s.spoiler_text }
}
