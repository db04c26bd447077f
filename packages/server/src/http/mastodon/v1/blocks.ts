import { blockList } from '../../../services/graph/lists.ts'
import { myAccountListRoute } from './my-account-list.ts'

/** GET /api/v1/blocks — accounts I block. */
export default myAccountListRoute('/api/v1/blocks', 'read:blocks', blockList)
