import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import create from './create.ts'
import verifyCredentials from './verify-credentials.ts'

export default function apps(app: FastifyInstance, ctx: AppContext) {
  for (const route of [create, verifyCredentials]) route(app, ctx)
}
