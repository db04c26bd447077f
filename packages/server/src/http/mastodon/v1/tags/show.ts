import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { tagByName } from '../../../../services/search/lookup.ts'
import { renderTags } from '../../../../views/tag.ts'

const Params = Type.Object({ name: Type.String({ minLength: 1, maxLength: 200 }) })

/** GET /api/v1/tags/:name — a hashtag with its week of history, even one nobody used yet (as Mastodon). */
export default function showTag(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Params: typeof Params.static }>('/api/v1/tags/:name', {
    schema: { params: Params },
    preHandler: [ctx.auth.optional()],
  }, async (req) => {
    const [tag] = await renderTags(ctx, [await tagByName(ctx, req.params.name)], { withFollowing: req.viewer?.accountId != null })
    return tag
  })
}
