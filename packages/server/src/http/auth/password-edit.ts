import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../context.ts'
import { PhareError } from '../../errors.ts'
import { resetPassword, userForResetToken } from '../../services/accounts/password-reset.ts'
import { escapeHtml } from '../../views/html.ts'
import { hidden, messagePage, page } from '../oauth/pages.ts'
import { sendPage } from '../oauth/html-reply.ts'

const Query = Type.Object({ reset_password_token: Type.Optional(Type.String({ maxLength: 200 })) })
const Body = Type.Object({
  reset_password_token: Type.Optional(Type.String({ maxLength: 200 })),
  password: Type.String({ maxLength: 2000 }),
  password_confirmation: Type.Optional(Type.String({ maxLength: 2000 })),
})

// The reset token in the form is itself the proof a forged request cannot have: no extra CSRF token needed.
const form = (token: string, error: string | null) => page('Choose a new password', `<h1>Choose a new password</h1>` +
  (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : '') +
  `<form method="post" action="/auth/password/edit">${hidden({ reset_password_token: token })}` +
  `<label for="password">New password (at least 8 characters)</label><input id="password" name="password" type="password" autocomplete="new-password" minlength="8" required>` +
  `<label for="password_confirmation">Repeat it</label><input id="password_confirmation" name="password_confirmation" type="password" autocomplete="new-password" required>` +
  `<button type="submit">Set password</button></form>`)

const expired = messagePage('Link expired', 'This password-reset link is invalid or older than one hour. Ask for a new one.', true)

/** The link in the reset e-mail: choose and set a new password. */
export default function passwordEdit(app: FastifyInstance, ctx: AppContext) {
  app.get<{ Querystring: typeof Query.static }>('/auth/password/edit', { schema: { querystring: Query } }, async (req, reply) => {
    const token = req.query.reset_password_token
    if ((await userForResetToken(ctx, token)) === null) return sendPage(reply, 404, expired)
    return sendPage(reply, 200, form(token!, null))
  })

  app.post<{ Body: typeof Body.static }>('/auth/password/edit', { schema: { body: Body } }, async (req, reply) => {
    const { reset_password_token: token, password, password_confirmation: again } = req.body
    if (again !== undefined && again !== password) return sendPage(reply, 422, form(token ?? '', 'The two passwords differ.'))
    try {
      if (!(await resetPassword(ctx, token, password))) return sendPage(reply, 404, expired)
    } catch (err) {
      if (err instanceof PhareError && err.status === 422) return sendPage(reply, 422, form(token ?? '', err.message))
      throw err
    }
    return sendPage(reply, 200, messagePage('Password changed', 'Your password is changed. Sign in again with the new one.'))
  })
}
