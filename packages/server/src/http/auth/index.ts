import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import confirmation from './confirmation.ts'
import password from './password.ts'
import passwordEdit from './password-edit.ts'
import signOut from './sign-out.ts'

/** The account pages: e-mail confirmation, password reset, sign-out. */
export default function webAuth(app: FastifyInstance, ctx: AppContext) {
  for (const route of [confirmation, password, passwordEdit, signOut]) route(app, ctx)
}
