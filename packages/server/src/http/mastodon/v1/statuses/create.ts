import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { NotFound } from '../../../../errors.ts'
import { createStatus } from '../../../../services/statuses/create.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { pollOf, StatusBody } from './schemas.ts'

/** POST /api/v1/statuses: write a post (Idempotency-Key makes a retry return the same post). */
export default function create(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: StatusBody }>('/api/v1/statuses', {
    schema: { body: StatusBody },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    const b = req.body
    const key = req.headers['idempotency-key']
    const row = await createStatus(ctx, userOf(req), {
      text: b.status, spoilerText: b.spoiler_text, sensitive: b.sensitive, visibility: b.visibility, language: b.language,
      inReplyToId: b.in_reply_to_id, quotedStatusId: b.quoted_status_id ?? b.quote_id, poll: pollOf(b),
      mediaIds: b.media_ids, scheduledAt: b.scheduled_at, idempotencyKey: typeof key === 'string' ? key : null,
    })
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    // A retry whose first post was deleted meanwhile: there is nothing to show.
    if (!json) throw NotFound()
    return json
  })
}
