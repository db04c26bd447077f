import { Type } from '@sinclair/typebox'

const List = Type.Array(Type.String({ maxLength: 100 }), { maxItems: 1000 })

/** What an admin may set on a flag, in create and update. */
export const flagFields = {
  description: Type.Optional(Type.String({ maxLength: 1000 })),
  enabled: Type.Optional(Type.Boolean()),
  percentage: Type.Optional(Type.Integer({ minimum: 0, maximum: 100 })),
  allow_list: Type.Optional(List),
  deny_list: Type.Optional(List),
}

/** The body's fields as the service's FlagInput. */
export const flagInput = (b: { description?: string; enabled?: boolean; percentage?: number; allow_list?: string[]; deny_list?: string[] }) => ({
  description: b.description, enabled: b.enabled, percentage: b.percentage, allowList: b.allow_list, denyList: b.deny_list,
})
