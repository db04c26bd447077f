import { roomAction } from './shared.ts'
import { deleteReplay } from '../../../../services/rooms/lifecycle.ts'

/** DELETE /api/v1/phare/rooms/:id — deletes the replay of an ended room (its host only). */
export default roomAction('DELETE', '', async (ctx, viewer, id, body) => { await deleteReplay(ctx, viewer, id) })
