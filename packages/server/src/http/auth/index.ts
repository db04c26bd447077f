import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import confirmation from './confirmation.ts'
import password from './password.ts'
import passwordEdit from './password-edit.ts'

/** The account e-mail pages: confirmation and password reset. */
export default function webAuth(app: FastifyInstance, ctx: AppContext) {
  for (const route of [confirmation, password, passwordEdit]) route(app, ctx)
}
