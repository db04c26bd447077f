import { roomAction } from './shared.ts'
import { acceptInvite } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/accept — the invited person goes on stage, if a seat is free. */
export default roomAction('POST', '/accept', async (ctx, viewer, id, body) => { await acceptInvite(ctx, viewer, id) })
