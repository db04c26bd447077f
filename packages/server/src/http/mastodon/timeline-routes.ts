import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'

/** Routes for: timelines, account statuses, favourites, bookmarks, streaming. */
export default function timelines(app: FastifyInstance, ctx: AppContext) {
  for (const route of [] as ((app: FastifyInstance, ctx: AppContext) => void)[]) route(app, ctx)
}
