import { Type } from '@sinclair/typebox'

export const MediaParams = Type.Object({ id: Type.String({ maxLength: 30 }) })
export type MediaParams = typeof MediaParams.static
