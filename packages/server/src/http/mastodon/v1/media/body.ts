// The upload form shared by POST /api/v1/media and /api/v2/media.
import { Type } from '@sinclair/typebox'
import { FileMissing } from '../../../../errors.ts'
import { isUploadedFile } from '../../../form-data.ts'

export const UploadBody = Type.Object({
  file: Type.Optional(Type.Unknown()),
  description: Type.Optional(Type.Union([Type.String({ maxLength: 10_000 }), Type.Null()])),
  focus: Type.Optional(Type.Union([Type.String({ maxLength: 50 }), Type.Null()])),
}, { additionalProperties: true })
export type UploadBody = typeof UploadBody.static

/** Room for a 16 MB image and the form around it. */
export const UPLOAD_BODY_LIMIT = 17 * 1024 * 1024

/** The uploaded bytes, or a 422 naming the missing field. */
export function uploadedBytes(body: UploadBody | undefined): Buffer {
  if (!isUploadedFile(body?.file)) throw FileMissing()
  return body.file.bytes
}
