import { savedListRoute } from './saved-list.ts'

/** GET /api/v1/favourites — paginated by the favourite's id. */
export default savedListRoute('favourites', 'read:favourites')
