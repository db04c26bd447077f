import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'

/** Routes for: follows, blocks, mutes, relationships, notifications, markers. */
export default function social(app: FastifyInstance, ctx: AppContext) {
  for (const route of [] as ((app: FastifyInstance, ctx: AppContext) => void)[]) route(app, ctx)
}
