import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../../context.ts'
import { createFlagAs } from '../../../../../services/flags/admin.ts'
import { renderFlag } from '../../../../../views/flags.ts'
import { flagFields, flagInput } from './body.ts'

const Body = Type.Object({ key: Type.String({ minLength: 1, maxLength: 100 }), ...flagFields })

/** POST /api/v1/phare/admin/flags — creates a flag, at 0% unless the body says otherwise (admins only). */
export default function create(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/phare/admin/flags', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write')],
  }, async (req) => renderFlag(await createFlagAs(ctx, req.viewer, req.body.key, flagInput(req.body))))
}
