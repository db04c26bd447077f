import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { credentialAccount } from '../../../../views/credential-account.ts'

export default function verifyCredentials(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/accounts/verify_credentials', { preHandler: [ctx.auth.require('profile')] }, async (req) => {
    return credentialAccount(ctx, userOf(req).accountId)
  })
}
