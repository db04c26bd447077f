import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import token from './token.ts'
import authorize from './authorize.ts'
import revoke from './revoke.ts'
import metadata from './metadata.ts'
import userinfo from './userinfo.ts'
import webAuth from '../auth/index.ts'

export default function oauth(app: FastifyInstance, ctx: AppContext) {
  for (const route of [token, authorize, revoke, metadata, userinfo, webAuth]) route(app, ctx)
}
