// List timelines. Lists themselves (tables, membership, CRUD) belong to the lists
// area and do not exist yet, so every list id is unknown: 404, as Mastodon answers
// for a list that is not yours. When lists land, this reads its skeleton from the
// members' posts like the home merge in home.ts.
import type { AppContext } from '../../context.ts'
import type { UserViewer } from '../../http/auth.ts'
import { NotFound } from '../../errors.ts'
import type { StatusJson } from '../../views/status.ts'

/** GET /api/v1/timelines/list/:id. */
export async function listTimeline(_ctx: AppContext, _viewer: UserViewer, _listId: number | null): Promise<StatusJson[]> {
  throw NotFound()
}
