import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { instanceInfo } from '../../../../services/instance/info.ts'
import { renderInstanceV1 } from '../../../../views/instance.ts'

/** GET /api/v1/instance — the older shape of the instance, still read by many clients; public. */
export default function instanceV1(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/instance', async () => renderInstanceV1(ctx, await instanceInfo(ctx)))
}
