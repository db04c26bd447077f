import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { listDeveloperApps } from '../../../../services/plans/developer.ts'
import { renderDeveloperApp } from '../../../../views/developer.ts'

/** GET /api/v1/phare/developer/apps — the apps the person registered, with their plan (no secrets). */
export default function appsList(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/developer/apps', { preHandler: [ctx.auth.require('read')] }, async (req, reply) => {
    reply.header('cache-control', 'no-store')
    return (await listDeveloperApps(ctx, userOf(req))).map(renderDeveloperApp)
  })
}
