import { roomAction } from './shared.ts'
import { setMuted } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/unmute {account_id?} — lifts a mute (oneself, or by the host or a co-host). */
export default roomAction('POST', '/unmute', async (ctx, viewer, id, body) => { await setMuted(ctx, viewer, id, body.account_id, false) })
