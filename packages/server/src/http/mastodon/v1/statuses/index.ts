import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'

/** Routes for: posts. */
export default function statuses(app: FastifyInstance, ctx: AppContext) {
  for (const route of [] as ((app: FastifyInstance, ctx: AppContext) => void)[]) route(app, ctx)
}
