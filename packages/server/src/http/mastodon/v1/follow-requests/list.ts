import { requestList } from '../../../../services/graph/lists.ts'
import { myAccountListRoute } from '../my-account-list.ts'

/** GET /api/v1/follow_requests — accounts asking to follow me. */
export default myAccountListRoute('/api/v1/follow_requests', 'read:follows', requestList)
