import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { visiblePoll } from '../../../../services/polls/vote.ts'
import { renderPollFor } from '../../../../views/poll.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** GET /api/v1/polls/:id: a poll, visible when its post is. */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/polls/:id', {
    schema: { params: Params },
    preHandler: [ctx.auth.optional()],
  }, async (req) => renderPollFor(ctx, req.viewer, await visiblePoll(ctx, req.viewer, req.params.id)))
}
