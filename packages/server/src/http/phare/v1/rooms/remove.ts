import { roomAction } from './shared.ts'
import { removeFromRoom } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/remove {account_id} — removes someone and keeps them out (host or co-host). */
export default roomAction('POST', '/remove', async (ctx, viewer, id, body) => { await removeFromRoom(ctx, viewer, id, body.account_id) })
