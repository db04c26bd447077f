import { roomAction } from './shared.ts'
import { raiseHand } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/hand — raises the caller's hand. */
export default roomAction('POST', '/hand', async (ctx, viewer, id, body) => { await raiseHand(ctx, viewer, id) })
