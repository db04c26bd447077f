import { postCaption } from '../../../../services/rooms/speak.ts'
import { roomAction } from './shared.ts'

/** POST /api/v1/phare/rooms/:id/captions {text} — a speaker's caption, shown live to everyone in the room. */
export default roomAction('POST', '/captions', async (ctx, viewer, id, body) => { await postCaption(ctx, viewer, id, body.text) })
