import { renderNotifications } from '../../../../views/notification.ts'
import { notificationListRoute } from './list-route.ts'

/** GET /api/v1/notifications — my notifications, newest first. */
export default notificationListRoute('/api/v1/notifications', renderNotifications)
