import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { registerDeveloperApp } from '../../../../services/plans/developer.ts'
import { renderDeveloperApp } from '../../../../views/developer.ts'

const Body = Type.Object({
  name: Type.String({ maxLength: 1000 }),
  redirect_uris: Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })]),
  scopes: Type.Optional(Type.String({ maxLength: 2000 })),
  website: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
})

/** POST /api/v1/phare/developer/apps — registers an app owned by the person; the secret is in this answer only. */
export default function appsCreate(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/phare/developer/apps', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write')],
  }, async (req, reply) => {
    const b = req.body
    reply.header('cache-control', 'no-store')
    return renderDeveloperApp(await registerDeveloperApp(ctx, userOf(req), { client_name: b.name, redirect_uris: b.redirect_uris, scopes: b.scopes, website: b.website }))
  })
}
