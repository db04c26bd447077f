import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import readOnlyShow from './read-only-show.ts'
import readOnlySet from './read-only-set.ts'
import readOnlyClear from './read-only-clear.ts'
import adminConfig from './config.ts'

/** Admin-only endpoints under /api/v1/phare/admin (each service calls assertAdmin). */
export default function admin(app: FastifyInstance, ctx: AppContext) {
  for (const route of [readOnlyShow, readOnlySet, readOnlyClear, adminConfig]) route(app, ctx)
}
