import { savedListRoute } from './saved-list.ts'

/** GET /api/v1/bookmarks — paginated by the bookmark's id. */
export default savedListRoute('bookmarks', 'read:bookmarks')
