import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { getAccount } from '../../../../services/accounts/lookup.ts'
import { renderAccount } from '../../../../views/account.ts'

const Params = Type.Object({ id: Type.String({ maxLength: 30 }) })

/** One account's public profile. */
export default function show(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/accounts/:id', {
    schema: { params: Params },
    preHandler: [ctx.auth.optional()],
  }, async (req) => renderAccount(ctx, await getAccount(ctx, req.params.id)))
}
