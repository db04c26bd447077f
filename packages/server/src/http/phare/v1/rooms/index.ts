import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../../../context.ts'
import create from './create.ts'
import show from './show.ts'
import events from './events.ts'
import start from './start.ts'
import end from './end.ts'
import del from './delete.ts'
import hand from './hand.ts'
import lowerHand from './lower-hand.ts'
import invite from './invite.ts'
import accept from './accept.ts'
import decline from './decline.ts'
import demote from './demote.ts'
import mute from './mute.ts'
import unmute from './unmute.ts'
import remove from './remove.ts'
import reactions from './reactions.ts'
import pin from './pin.ts'
import remind from './remind.ts'
import unremind from './unremind.ts'
import stageConnect from './stage-connect.ts'
import stageDisconnect from './stage-disconnect.ts'
import captions from './captions.ts'

/** Live audio rooms under /api/v1/phare/rooms (issue 6): data, roles, live events and the speakers' microphones (listeners' audio: http/hls). */
export default function rooms(app: FastifyInstance, ctx: AppContext) {
  for (const route of [create, show, events, start, end, del, hand, lowerHand, invite, accept, decline, demote, mute, unmute, remove, reactions, pin, remind, unremind, stageConnect, stageDisconnect, captions]) route(app, ctx)
}
