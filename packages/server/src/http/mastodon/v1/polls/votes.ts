import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { vote } from '../../../../services/polls/vote.ts'
import { renderPollFor } from '../../../../views/poll.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })
const Body = Type.Object({ choices: Type.Array(Type.Integer({ minimum: 0, maximum: 1000 }), { maxItems: 100 }) }, { additionalProperties: true })

/** POST /api/v1/polls/:id/votes: vote once in a poll. */
export default function votes(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Params: typeof Params.static; Body: typeof Body.static }>('/api/v1/polls/:id/votes', {
    schema: { params: Params, body: Body },
    preHandler: [ctx.auth.require('write:statuses')],
  }, async (req) => renderPollFor(ctx, req.viewer, await vote(ctx, userOf(req), req.params.id, req.body.choices)))
}
