// The post lists of the app: where each one pages from and which stream keeps it live.
import type { Status } from '../api/types.ts'
import { remember } from './statuses.ts'
import type { TimelineSource } from './timeline.ts'

const base = { idOf: (s: Status) => s.id, received: (list: Status[]) => { remember(list) } }

export const homeSource: TimelineSource<Status> = { ...base, key: 'home', path: '/api/v1/timelines/home', stream: { name: 'user', event: 'update' } }

export const localSource: TimelineSource<Status> = { ...base, key: 'local', path: '/api/v1/timelines/public', query: { local: true }, stream: { name: 'public:local', event: 'update' } }

export function tagSource(tag: string): TimelineSource<Status> {
  return { ...base, key: `tag:${tag.toLowerCase()}`, path: `/api/v1/timelines/tag/${encodeURIComponent(tag)}`, stream: { name: 'hashtag', tag, event: 'update' } }
}

export function accountSource(id: string): TimelineSource<Status> {
  return { ...base, key: `account:${id}`, path: `/api/v1/accounts/${id}/statuses` }
}

// Bookmarks and likes page by the bookmark's (like's) own id, which only the Link header knows.
export const bookmarksSource: TimelineSource<Status> = { ...base, key: 'bookmarks', path: '/api/v1/bookmarks' }
export const favouritesSource: TimelineSource<Status> = { ...base, key: 'favourites', path: '/api/v1/favourites' }
