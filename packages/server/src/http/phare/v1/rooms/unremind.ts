import { roomAction } from './shared.ts'
import { remind } from '../../../../services/rooms/extras.ts'

/** DELETE /api/v1/phare/rooms/:id/remind — cancels the reminder. */
export default roomAction('DELETE', '/remind', async (ctx, viewer, id, body) => { await remind(ctx, viewer, id, false) })
