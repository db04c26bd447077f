import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../../context.ts'
import { changeFlagAs } from '../../../../../services/flags/admin.ts'
import { renderFlag } from '../../../../../views/flags.ts'
import { flagFields, flagInput } from './body.ts'

const Params = Type.Object({ key: Type.String({ maxLength: 100 }) })
const Body = Type.Object({ ...flagFields, reason: Type.Optional(Type.String({ maxLength: 1000 })) })

/** PATCH /api/v1/phare/admin/flags/:key — stages a percentage, kills or revives, sets the lists (admins only). */
export default function update(app: FastifyInstance, ctx: AppContext) {
  app.patch<{ Params: typeof Params.static; Body: typeof Body.static }>('/api/v1/phare/admin/flags/:key', {
    schema: { params: Params, body: Body },
    preHandler: [ctx.auth.require('write')],
  }, async (req) => renderFlag(await changeFlagAs(ctx, req.viewer, req.params.key, flagInput(req.body), req.body.reason)))
}
