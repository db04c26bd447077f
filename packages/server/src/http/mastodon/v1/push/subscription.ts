import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import { NotFound, PushUnavailable } from '../../../../errors.ts'

/**
 * /api/v1/push/subscription — Web Push is not available yet. Reading answers 404
 * ("no subscription"), as Mastodon does when none exists; subscribing answers 422
 * push_unavailable, so a client tells the person instead of waiting for pushes that
 * never come; unsubscribing succeeds, as it is already true. The instance shows no
 * VAPID key, which is how clients learn up front that push is unavailable.
 */
export default function pushSubscription(app: FastifyInstance, ctx: AppContext) {
  const path = '/api/v1/push/subscription'
  const guard = { preHandler: [ctx.auth.require('push')] }
  app.get(path, guard, async () => { throw NotFound() })
  app.post(path, guard, async () => { throw PushUnavailable() })
  app.put(path, guard, async () => { throw PushUnavailable() })
  app.delete(path, guard, async () => ({}))
}
