// Request schemas shared by the post endpoints.
import { Type } from '@sinclair/typebox'

export const StatusIdParams = Type.Object({ id: Type.String({ maxLength: 30 }) })
export type StatusIdParams = typeof StatusIdParams.static

const Id = Type.Union([Type.String({ maxLength: 30 }), Type.Null()])
const Flag = Type.Union([Type.Boolean(), Type.Null()])

export const PollBody = Type.Object({
  options: Type.Array(Type.String({ maxLength: 1000 }), { maxItems: 100 }),
  expires_in: Type.Integer(),
  multiple: Type.Optional(Flag),
  hide_totals: Type.Optional(Flag),
}, { additionalProperties: true })

/** The body of a new post or an edit (Mastodon's parameter names). */
export const StatusBody = Type.Object({
  status: Type.Optional(Type.Union([Type.String({ maxLength: 200_000 }), Type.Null()])),
  spoiler_text: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  sensitive: Type.Optional(Flag),
  visibility: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  language: Type.Optional(Type.Union([Type.String({ maxLength: 20 }), Type.Null()])),
  in_reply_to_id: Type.Optional(Id),
  quoted_status_id: Type.Optional(Id),
  quote_id: Type.Optional(Id),
  media_ids: Type.Optional(Type.Union([Type.Array(Type.String({ maxLength: 30 }), { maxItems: 20 }), Type.Null()])),
  poll: Type.Optional(Type.Union([PollBody, Type.Null()])),
  // Edits only: alt text and focus of the post's attachments.
  media_attributes: Type.Optional(Type.Array(Type.Object({
    id: Type.String({ maxLength: 30 }),
    description: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
    focus: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
  }, { additionalProperties: true }), { maxItems: 20 })),
  scheduled_at: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
}, { additionalProperties: true })
export type StatusBody = typeof StatusBody.static

/** Mastodon's poll parameters in the service's shape. */
export function pollOf(body: StatusBody) {
  const p = body.poll
  return p ? { options: p.options, expiresIn: p.expires_in, multiple: p.multiple, hideTotals: p.hide_totals } : null
}
