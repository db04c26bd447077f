import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { updateProfile } from '../../../../services/accounts/profile.ts'
import { credentialAccount } from '../../../../views/credential-account.ts'

const Flag = Type.Optional(Type.Union([Type.Boolean(), Type.String({ maxLength: 10 })]))
const Body = Type.Object({
  display_name: Type.Optional(Type.String({ maxLength: 1000 })),
  note: Type.Optional(Type.String({ maxLength: 10_000 })),
  locked: Flag, bot: Flag, discoverable: Flag,
  // An array, or Rails' indexed object; the service validates the rows.
  fields_attributes: Type.Optional(Type.Union([Type.Array(Type.Unknown(), { maxItems: 20 }), Type.Object({}), Type.String({ maxLength: 0 })])),
  source: Type.Optional(Type.Object({
    privacy: Type.Optional(Type.String({ maxLength: 20 })),
    sensitive: Flag,
    language: Type.Optional(Type.Union([Type.String({ maxLength: 10 }), Type.Null()])),
  })),
})

/** Edits the signed-in person's profile and returns their CredentialAccount. */
export default function updateCredentials(app: FastifyInstance, ctx: AppContext) {
  app.patch<{ Body: typeof Body.static }>('/api/v1/accounts/update_credentials', {
    schema: { body: Body },
    preHandler: [ctx.auth.require('write:accounts')],
  }, async (req) => {
    const me = userOf(req)
    await updateProfile(ctx, me.accountId, req.body ?? {})
    return credentialAccount(ctx, me.accountId)
  })
}
