import { Type } from '@sinclair/typebox'

/** Params of /api/v1/lists/:id/… */
export const ListParams = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** The fields of a list a client may set. */
export const ListBody = Type.Object({
  title: Type.Optional(Type.String({ maxLength: 1000 })),
  replies_policy: Type.Optional(Type.String({ maxLength: 20 })),
  exclusive: Type.Optional(Type.Boolean()),
}, { additionalProperties: true })

/** `account_ids[]` in a form or a JSON array. */
export const AccountIdsBody = Type.Object({
  account_ids: Type.Optional(Type.Array(Type.String({ maxLength: 30 }), { maxItems: 250 })),
}, { additionalProperties: true })
