import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { createApp, renderApp } from '../../../../services/oauth/apps.ts'

const Body = Type.Object({
  client_name: Type.String({ maxLength: 1000 }),
  redirect_uris: Type.Union([Type.String({ maxLength: 4000 }), Type.Array(Type.String({ maxLength: 2000 }), { maxItems: 20 })]),
  scopes: Type.Optional(Type.String({ maxLength: 2000 })),
  website: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
})

export default function create(app: FastifyInstance, ctx: AppContext) {
  app.post<{ Body: typeof Body.static }>('/api/v1/apps', { schema: { body: Body } }, async (req) => {
    return renderApp(await createApp(ctx, req.body), true)
  })
}
