import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'

/** Routes for: instance, discovery, search and client-start endpoints. */
export default function instance(app: FastifyInstance, ctx: AppContext) {
  for (const route of [] as ((app: FastifyInstance, ctx: AppContext) => void)[]) route(app, ctx)
}
