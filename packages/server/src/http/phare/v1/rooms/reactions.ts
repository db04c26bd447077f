import { roomAction } from './shared.ts'
import { react } from '../../../../services/rooms/extras.ts'

/** POST /api/v1/phare/rooms/:id/reactions {emoji} — sends a reaction to the live room (published, not stored). */
export default roomAction('POST', '/reactions', async (ctx, viewer, id, body) => { await react(ctx, viewer, id, body.emoji) })
