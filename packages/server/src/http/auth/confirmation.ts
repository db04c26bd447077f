import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { confirmEmail } from '../../services/accounts/email-confirmation.ts'
import { messagePage } from '../oauth/pages.ts'
import { sendPage } from '../oauth/html-reply.ts'

const Query = Type.Object({ confirmation_token: Type.Optional(Type.String({ maxLength: 200 })) })

/** The link in the confirmation e-mail. */
export default function confirmation(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/auth/confirmation', { schema: { querystring: Query } }, async (req, reply) => {
    const ok = await confirmEmail(ctx, req.query.confirmation_token)
    return ok
      ? sendPage(reply, 200, messagePage('E-mail address confirmed', 'Your e-mail address is confirmed. You can now sign in.'))
      : sendPage(reply, 404, messagePage('Confirmation failed', 'This confirmation link is invalid or was already used.', true))
  })
}
