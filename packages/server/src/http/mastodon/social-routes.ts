import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context.ts'
import follow from './v1/accounts/follow.ts'
import unfollow from './v1/accounts/unfollow.ts'
import block from './v1/accounts/block.ts'
import unblock from './v1/accounts/unblock.ts'
import mute from './v1/accounts/mute.ts'
import unmute from './v1/accounts/unmute.ts'
import relationships from './v1/accounts/relationships.ts'
import familiarFollowers from './v1/accounts/familiar-followers.ts'
import followers from './v1/accounts/followers.ts'
import following from './v1/accounts/following.ts'
import followRequests from './v1/follow-requests/list.ts'
import authorize from './v1/follow-requests/authorize.ts'
import reject from './v1/follow-requests/reject.ts'
import blocks from './v1/blocks.ts'
import mutes from './v1/mutes.ts'
import notifications from './v1/notifications/list.ts'
import notification from './v1/notifications/show.ts'
import clearNotifications from './v1/notifications/clear.ts'
import dismissNotification from './v1/notifications/dismiss.ts'
import unreadCount from './v1/notifications/unread-count.ts'
import groupedNotifications from './v2/notifications/list.ts'
import markers from './v1/markers/show.ts'
import setMarkers from './v1/markers/update.ts'

/** Routes for: follows, blocks, mutes, relationships, notifications, markers. */
export default function social(app: FastifyInstance, ctx: AppContext) {
  for (const route of [
    follow, unfollow, block, unblock, mute, unmute, relationships, familiarFollowers, followers, following,
    followRequests, authorize, reject, blocks, mutes,
    notifications, notification, clearNotifications, dismissNotification, unreadCount, groupedNotifications, markers, setMarkers,
  ]) route(app, ctx)
}
