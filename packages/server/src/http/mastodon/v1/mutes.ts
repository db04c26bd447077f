import { muteList } from '../../../services/graph/lists.ts'
import { myAccountListRoute } from './my-account-list.ts'

/** GET /api/v1/mutes — accounts I mute. */
export default myAccountListRoute('/api/v1/mutes', 'read:mutes', muteList)
