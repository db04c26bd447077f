import { rebloggedBy } from '../../../../services/statuses/who.ts'
import { whoRoute } from './who-route.ts'

/** GET /api/v1/statuses/:id/reblogged_by: accounts that reposted the post. */
export default whoRoute('reblogged_by', rebloggedBy)
