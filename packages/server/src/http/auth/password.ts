import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { requestPasswordReset } from '../../services/accounts/password-reset.ts'
import { canSendMail } from '../../services/accounts/mailer.ts'
import { messagePage, page } from '../oauth/pages.ts'
import { sendPage } from '../oauth/html-reply.ts'

const Body = Type.Object({ email: Type.String({ maxLength: 400 }) })

const form = `<h1>Reset your password</h1><form method="post" action="/auth/password">` +
  `<label for="email">E-mail address</label><input id="email" name="email" type="email" autocomplete="username" required>` +
  `<button type="submit">Send me a link</button></form>`

/** "Forgot your password": the form, and the request that e-mails a link. */
export default function password(app: FastifyInstance, ctx: AppContext) {
  app.get('/auth/password/new', async (_req, reply) => sendPage(reply, 200, page('Reset your password', form)))

  app.post<{ Body: typeof Body.static }>('/auth/password', { schema: { body: Body } }, async (req, reply) => {
    if (!canSendMail(ctx)) return sendPage(reply, 503, messagePage('Password reset unavailable', 'This server cannot send e-mail. Ask its administrator to reset your password.', true))
    await requestPasswordReset(ctx, req.body.email)
    return sendPage(reply, 200, messagePage('Check your e-mail', 'If an account uses this address, we sent it a link to choose a new password. The link works for one hour.'))
  })
}
