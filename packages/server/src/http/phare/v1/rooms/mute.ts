import { roomAction } from './shared.ts'
import { setMuted } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/mute {account_id?} — mutes someone on stage (oneself, or by the host or a co-host). */
export default roomAction('POST', '/mute', async (ctx, viewer, id, body) => { await setMuted(ctx, viewer, id, body.account_id, true) })
