import { roomAction } from './shared.ts'
import { endRoom } from '../../../../services/rooms/lifecycle.ts'

/** POST /api/v1/phare/rooms/:id/end — ends a live room or cancels a scheduled one (host or co-host). */
export default roomAction('POST', '/end', async (ctx, viewer, id, body) => { await endRoom(ctx, viewer, id) })
