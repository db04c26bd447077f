import { roomAction } from './shared.ts'
import { pinPost } from '../../../../services/rooms/extras.ts'

/** POST /api/v1/phare/rooms/:id/pin {status_id} — pins a public post on the room (host or co-host); no status_id unpins. */
export default roomAction('POST', '/pin', async (ctx, viewer, id, body) => { await pinPost(ctx, viewer, id, body.status_id) })
