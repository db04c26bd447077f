import { declineInvite } from '../../../../services/rooms/stage.ts'
import { roomAction } from './shared.ts'

/** POST /api/v1/phare/rooms/:id/decline — turns down an invitation to speak. */
export default roomAction('POST', '/decline', async (ctx, viewer, id) => { await declineInvite(ctx, viewer, id) })
