import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { deleteStatus } from '../../../../services/statuses/delete.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { Type } from '@sinclair/typebox'
import { StatusIdParams } from './schemas.ts'

const Query = Type.Object({ delete_media: Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })])) }, { additionalProperties: true })
const yes = (v: unknown) => v === true || v === 'true' || v === '1'

/** DELETE /api/v1/statuses/:id: delete your post; the answer carries its source text (and images, unless delete_media) for redrafting. */
export default function deleteRoute(app: FastifyInstance, ctx: AppContext) {
  app.delete<{ Params: StatusIdParams; Querystring: typeof Query.static; Body: { delete_media?: unknown } | undefined }>('/api/v1/statuses/:id', {
    schema: { params: StatusIdParams, querystring: Query },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    // The row as it was before deletion, so the view still renders it.
    // `delete_media` comes in the query (Mastodon's web app) or the body (other clients).
    const row = await deleteStatus(ctx, userOf(req), req.params.id, { deleteMedia: yes(req.query.delete_media) || yes(req.body?.delete_media) })
    const [json] = await renderStatuses(ctx, req.viewer, [row], { withSource: true })
    return json
  })
}
