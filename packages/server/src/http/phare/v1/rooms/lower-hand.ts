import { roomAction } from './shared.ts'
import { lowerHand } from '../../../../services/rooms/stage.ts'

/** DELETE /api/v1/phare/rooms/:id/hand — lowers the caller's hand. */
export default roomAction('DELETE', '/hand', async (ctx, viewer, id, body) => { await lowerHand(ctx, viewer, id) })
