import type { ListRow } from '../storage/repos/lists.ts'

/** Mastodon's List entity. */
export const renderList = (l: ListRow) => ({ id: String(l.id), title: l.title, replies_policy: l.replies_policy, exclusive: !!l.exclusive })
