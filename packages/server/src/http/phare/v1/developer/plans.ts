import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { planTable } from '../../../../services/plans/developer.ts'
import { renderPlans } from '../../../../views/developer.ts'

/** GET /api/v1/phare/developer/plans — this server's API plans, their quotas and what each includes. */
export default function plans(app: FastifyInstance, ctx: AppContext) {
  app.get('/api/v1/phare/developer/plans', async () => renderPlans(planTable(ctx)))
}
