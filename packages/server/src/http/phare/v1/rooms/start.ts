import { roomAction } from './shared.ts'
import { startRoom } from '../../../../services/rooms/lifecycle.ts'

/** POST /api/v1/phare/rooms/:id/start — starts a scheduled room (host or co-host; early is fine). */
export default roomAction('POST', '/start', async (ctx, viewer, id, body) => { await startRoom(ctx, viewer, id) })
