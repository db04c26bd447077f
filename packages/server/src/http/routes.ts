import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../context.ts'
import oauth from './oauth/index.ts'
import accounts from './mastodon/v1/accounts/index.ts'
import apps from './mastodon/v1/apps/index.ts'
import statuses from './mastodon/v1/statuses/index.ts'
import social from './mastodon/social-routes.ts'
import timelines from './mastodon/timeline-routes.ts'
import instance from './mastodon/instance-routes.ts'
import health from './health.ts'
import phare from './phare/index.ts'
import media from './media/index.ts'
import roomsHls from './hls/rooms.ts'
import metrics from './metrics.ts'

// Each area of the URL space registers its own routes from its own index.
const areas: ((app: FastifyInstance, ctx: AppContext) => void)[] = [oauth, accounts, apps, statuses, social, timelines, instance, health, phare, media, roomsHls, metrics]

/** Registers every HTTP route. */
export function registerRoutes(app: FastifyInstance, ctx: AppContext): void {
  for (const register of areas) register(app, ctx)
}

/** The routes of a jobs-only node (PHARE_ROLES=jobs): health for load balancers and /metrics, nothing else. */
export function registerOpsRoutes(app: FastifyInstance, ctx: AppContext): void {
  health(app, ctx)
  metrics(app, ctx)
}
