import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../context.ts'
import { instanceInfo } from '../../../services/instance/info.ts'
import { renderInstance } from '../../../views/instance.ts'

/** GET /api/v2/instance — what this server is and its limits; public. */
export default function instanceV2(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v2/instance', async () => renderInstance(ctx, await instanceInfo(ctx)))
}
