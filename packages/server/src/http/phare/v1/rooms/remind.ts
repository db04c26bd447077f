import { roomAction } from './shared.ts'
import { remind } from '../../../../services/rooms/extras.ts'

/** POST /api/v1/phare/rooms/:id/remind — notify the caller when the scheduled room starts. */
export default roomAction('POST', '/remind', async (ctx, viewer, id, body) => { await remind(ctx, viewer, id, true) })
