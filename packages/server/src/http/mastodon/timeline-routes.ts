import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import home from './v1/timelines/home.ts'
import publicTimeline from './v1/timelines/public.ts'
import tag from './v1/timelines/tag.ts'
import list from './v1/timelines/list.ts'
import accountStatuses from './v1/accounts/statuses.ts'
import favourites from './v1/favourites.ts'
import bookmarks from './v1/bookmarks.ts'
import websocketStream from '../streaming/websocket.ts'
import sseStreams from '../streaming/sse.ts'
import streamingHealth from '../streaming/health.ts'

/** Routes for: timelines, account statuses, favourites, bookmarks, streaming. */
export default function timelines(app: FastifyInstance, ctx: AppContext) {
  for (const route of [home, publicTimeline, tag, list, accountStatuses, favourites, bookmarks, websocketStream, sseStreams, streamingHealth]) route(app, ctx)
}
