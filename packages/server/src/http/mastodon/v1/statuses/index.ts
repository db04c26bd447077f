import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import create from './create.ts'
import show from './show.ts'
import indexMany from './index-many.ts'
import deleteRoute from './delete.ts'
import update from './update.ts'
import history from './history.ts'
import source from './source.ts'
import context from './context.ts'
import reblog from './reblog.ts'
import unreblog from './unreblog.ts'
import favourite from './favourite.ts'
import unfavourite from './unfavourite.ts'
import bookmark from './bookmark.ts'
import unbookmark from './unbookmark.ts'
import pin from './pin.ts'
import unpin from './unpin.ts'
import mute from './mute.ts'
import unmute from './unmute.ts'
import rebloggedBy from './reblogged-by.ts'
import favouritedBy from './favourited-by.ts'
import pollShow from '../polls/show.ts'
import pollVotes from '../polls/votes.ts'

/** Routes for: posts (and their polls). */
export default function statuses(app: FastifyInstance, ctx: AppContext) {
  for (const route of [
    create, show, indexMany, deleteRoute, update, history, source, context, reblog, unreblog, favourite, unfavourite,
    bookmark, unbookmark, pin, unpin, mute, unmute, rebloggedBy, favouritedBy, pollShow, pollVotes,
  ]) route(app, ctx)
}
