import { roomAction } from './shared.ts'
import { invite } from '../../../../services/rooms/stage.ts'

/** POST /api/v1/phare/rooms/:id/invite {account_id, role?: speaker|cohost} — invites someone on stage (host or co-host; co-hosts by the host). */
export default roomAction('POST', '/invite', async (ctx, viewer, id, body) => { await invite(ctx, viewer, id, body.account_id, body.role) })
