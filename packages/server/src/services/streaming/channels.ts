// Pub/sub channel names for live updates. Producers (jobs, services) publish a
// StreamEvent on these; the streaming endpoints subscribe.

/** A Mastodon streaming event: `event` name and `payload` (already JSON-encoded, as the protocol sends it). */
export interface StreamEvent { event: 'update' | 'delete' | 'notification' | 'status.update' | 'filters_changed' | 'conversation' | 'announcement'; payload: string }

export const channels = {
  /** a person's home timeline and notifications (stream "user"; "user:notification" filters to notifications) */
  user: (accountId: number) => `user:${accountId}`,
  /** every public post (stream "public"); local posts also go to publicLocal */
  public: () => 'public',
  publicLocal: () => 'public:local',
  /** public posts with this tag (lower-cased) */
  hashtag: (tag: string) => `hashtag:${tag.toLowerCase()}`,
  hashtagLocal: (tag: string) => `hashtag:local:${tag.toLowerCase()}`,
  /** direct messages involving this person */
  direct: (accountId: number) => `direct:${accountId}`,
  /** a list's timeline */
  list: (listId: number) => `list:${listId}`,
  /** a live audio room's state, stage, listener count and reactions (services/rooms/events.ts) */
  room: (roomId: number) => `room:${roomId}`,
  /** every node's listener count per room, so that nodes agree on the total (services/rooms/presence.ts) */
  roomPresence: 'rooms:presence',
}
