import { favouritedBy } from '../../../../services/statuses/who.ts'
import { whoRoute } from './who-route.ts'

/** GET /api/v1/statuses/:id/favourited_by: accounts that liked the post. */
export default whoRoute('favourited_by', favouritedBy)
