import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import token from './token.ts'

export default function oauth(app: FastifyInstance, ctx: AppContext) {
  for (const route of [token]) route(app, ctx)
}
