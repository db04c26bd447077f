import { disconnectFromStage } from '../../../../services/rooms/speak.ts'
import { roomAction } from './shared.ts'

/** POST /api/v1/phare/rooms/:id/stage/disconnect — closes the viewer's microphone connection. */
export default roomAction('POST', '/stage/disconnect', async (ctx, viewer, id) => { await disconnectFromStage(ctx, viewer, id) })
