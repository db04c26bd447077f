// The filter parameters shared by the notification list and the unread count.
import { Type } from '@sinclair/typebox'
import { parseId } from '../../../../ids.ts'
import type { NotificationFilter } from '../../../../storage/repos/notifications.ts'

const Types = Type.Array(Type.String({ maxLength: 40 }), { maxItems: 30 })

export const FilterQuery = {
  types: Type.Optional(Types),
  exclude_types: Type.Optional(Types),
  account_id: Type.Optional(Type.String({ maxLength: 30 })),
}

/** Reads types[], exclude_types[] and account_id; an unknown account id matches nothing rather than everything. */
export function filterOf(q: { types?: string[]; exclude_types?: string[]; account_id?: string }): NotificationFilter {
  return {
    types: q.types, excludeTypes: q.exclude_types,
    fromAccountId: q.account_id === undefined || q.account_id === '' ? null : (parseId(q.account_id) ?? -1),
  }
}
