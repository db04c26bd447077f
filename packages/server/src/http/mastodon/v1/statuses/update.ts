import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { editStatus } from '../../../../services/statuses/edit.ts'
import { renderStatuses } from '../../../../views/status.ts'
import { pollOf, StatusBody, StatusIdParams } from './schemas.ts'

/** PUT /api/v1/statuses/:id: edit your post (history is kept). */
export default function update(app: FastifyInstance, ctx: AppContext) {
  app.put<{ Params: StatusIdParams; Body: StatusBody }>('/api/v1/statuses/:id', {
    schema: { params: StatusIdParams, body: StatusBody },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => {
    const b = req.body
    const row = await editStatus(ctx, userOf(req), req.params.id, {
      text: b.status, spoilerText: b.spoiler_text, sensitive: b.sensitive, language: b.language, poll: pollOf(b), mediaIds: b.media_ids,
      mediaAttributes: b.media_attributes,
    })
    const [json] = await renderStatuses(ctx, req.viewer, [row])
    return json
  })
}
