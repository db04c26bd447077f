import { roomAction } from './shared.ts'
import { demote } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/demote {account_id?} — back to the listeners (oneself, or by the host or a co-host). */
export default roomAction('POST', '/demote', async (ctx, viewer, id, body) => { await demote(ctx, viewer, id, body.account_id) })
