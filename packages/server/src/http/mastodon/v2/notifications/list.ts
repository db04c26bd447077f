import { renderGroupedNotifications } from '../../../../views/notification.ts'
import { notificationListRoute } from '../../v1/notifications/list-route.ts'

/** GET /api/v2/notifications — my notifications in Mastodon 4.3's grouped shape (one notification per group). */
export default notificationListRoute('/api/v2/notifications', renderGroupedNotifications)
