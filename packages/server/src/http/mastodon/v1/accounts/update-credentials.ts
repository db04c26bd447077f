import type { FastifyInstance } from 'fastify'
import { Type } from '@sinclair/typebox'
import type { AppContext } from '../../../../context.ts'
import { userOf } from '../../../auth.ts'
import { updateProfile, validateProfile } from '../../../../services/accounts/profile.ts'
import { setProfileImages } from '../../../../services/accounts/profile-images.ts'
import { isUploadedFile } from '../../../form-data.ts'
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
  // image files (multipart), checked from their bytes by the service
  avatar: Type.Optional(Type.Unknown()),
  header: Type.Optional(Type.Unknown()),
})

/** Edits the signed-in person's profile and returns their CredentialAccount. */
export default function updateCredentials(app: FastifyInstance, ctx: AppContext) {
  app.patch<{ Body: typeof Body.static }>('/api/v1/accounts/update_credentials', {
    schema: { body: Body },
    // an avatar and a header of up to 16 MB each, and the form around them
    bodyLimit: 33 * 1024 * 1024,
    preHandler: [ctx.auth.require('write:accounts')],
  }, async (req) => {
    const me = userOf(req)
    const { avatar, header, ...fields } = req.body ?? {}
    // All checked before anything is written: a refused field or image leaves the profile as it was.
    validateProfile(fields)
    await setProfileImages(ctx, me.accountId, {
      avatar: isUploadedFile(avatar) ? avatar.bytes : undefined,
      header: isUploadedFile(header) ? header.bytes : undefined,
    })
    await updateProfile(ctx, me.accountId, fields)
    return credentialAccount(ctx, me.accountId)
  })
}
