// One streaming connection (WebSocket or server-sent events): which streams it
// follows, what it may follow, and the filtered events it receives.
import type { AppContext } from '../../context.ts'
import type { Viewer } from '../../http/auth.ts'
import { scopeAllows } from '../oauth/scopes.ts'
import { NotFound, ScopeMissing, TokenRequired, TooManyStreams, UnknownStream, ValidationFailed } from '../../errors.ts'
import { parseId } from '../../ids.ts'
import { findOwnList } from '../../storage/repos/lists.ts'
import { channels, type StreamEvent } from './channels.ts'
import { subscriberFilter } from './filter.ts'
import { MAX_CONNECTIONS_PER_ACCOUNT, presenceOf } from './presence.ts'

/** What a client asks for: a stream name and its parameter. */
export interface StreamRequest { stream: string; tag?: string | null; list?: string | null }

/** A resolved stream: its name as sent back to the client, the channel it reads, and what it keeps. */
export interface StreamSpec {
  name: string[]
  channel: string
  /** only these events (user:notification) */
  only?: StreamEvent['event'][]
  /** the subscriber's home timeline: fan-out renders for it */
  home?: boolean
  /** one of the subscriber's lists: fan-out renders for it */
  list?: number
}

/** A message to send to the client. */
export interface OutgoingEvent { stream: string[]; event: StreamEvent['event']; payload: string }

const PUBLIC: Record<string, () => string> = {
  public: channels.public,
  'public:local': channels.publicLocal,
  // Every account is local until federation arrives: nothing is ever published here.
  'public:remote': () => 'public:remote',
}

function needPerson(viewer: Viewer | null, scope: string): number {
  if (!viewer || viewer.accountId === null) throw TokenRequired()
  if (!scopeAllows(viewer.scopes, scope) && !scopeAllows(viewer.scopes, 'read')) throw ScopeMissing(scope)
  return viewer.accountId
}

/** Checks a stream request against the viewer and resolves its channel; throws a catalogue error when refused. */
export async function resolveStream(ctx: AppContext, viewer: Viewer | null, r: StreamRequest): Promise<StreamSpec> {
  const s = r.stream
  switch (s) {
    case 'user': return { name: ['user'], channel: channels.user(needPerson(viewer, 'read:statuses')), home: true }
    case 'user:notification':
      return { name: ['user:notification'], channel: channels.user(needPerson(viewer, 'read:notifications')), only: ['notification'] }
    case 'direct': return { name: ['direct'], channel: channels.direct(needPerson(viewer, 'read:statuses')) }
    case 'hashtag':
    case 'hashtag:local': {
      const tag = (r.tag ?? '').replace(/^#/, '').trim()
      if (!tag || tag.length > 100) throw ValidationFailed('tag', 'is required for hashtag streams')
      return { name: [s, tag], channel: s === 'hashtag' ? channels.hashtag(tag) : channels.hashtagLocal(tag) }
    }
    case 'list': {
      const me = needPerson(viewer, 'read:lists')
      const listId = parseId(r.list)
      // Someone else's list is as unknown as a missing one.
      if (listId === null || !await findOwnList(ctx.db, me, listId)) throw NotFound()
      return { name: ['list', String(listId)], channel: channels.list(listId), list: listId }
    }
    default: {
      // public, public:local, public:remote and their ":media" variants (posts with images).
      const media = s.endsWith(':media')
      const base = media ? s.slice(0, -':media'.length) : s
      if (!(base in PUBLIC)) throw UnknownStream(s)
      return { name: [s], channel: media ? `${PUBLIC[base]()}:media` : PUBLIC[base]() }
    }
  }
}

/** A live connection's subscriptions. */
export interface StreamSession {
  /** Resolves and subscribes; rejects with a catalogue error when the stream is refused. */
  subscribe(r: StreamRequest): Promise<void>
  unsubscribe(r: StreamRequest): Promise<void>
  close(): void
}

/** Opens a session for a viewer; throws TooManyStreams when the account is at its connection cap. */
export function openSession(ctx: AppContext, viewer: Viewer | null, send: (e: OutgoingEvent) => void): StreamSession {
  const me = viewer?.accountId ?? null
  const presence = presenceOf(ctx)
  if (me !== null && !presence.connect(me)) throw TooManyStreams(MAX_CONNECTIONS_PER_ACCOUNT)
  const filter = subscriberFilter(ctx, me)
  const subs = new Map<string, () => void>()
  let closed = false
  const keyOf = (spec: StreamSpec) => spec.name.join('\u0000')

  return {
    async subscribe(r) {
      const spec = await resolveStream(ctx, viewer, r)
      const key = keyOf(spec)
      if (closed || subs.has(key)) return
      const off = ctx.pubsub.subscribe(spec.channel, (message) => {
        const e = message as StreamEvent
        if (spec.only && !spec.only.includes(e.event)) return
        void filter.allows(e).then((ok) => { if (ok && subs.has(key)) send({ stream: spec.name, event: e.event, payload: e.payload }) })
          .catch((err: unknown) => ctx.log.warn({ err: String(err) }, 'stream filter failed'))
      })
      if (spec.home && me !== null) presence.watchHome(me)
      if (spec.list !== undefined) presence.watchList(spec.list)
      subs.set(key, () => {
        off()
        if (spec.home && me !== null) presence.unwatchHome(me)
        if (spec.list !== undefined) presence.unwatchList(spec.list)
      })
    },
    async unsubscribe(r) {
      const key = keyOf(await resolveStream(ctx, viewer, r))
      subs.get(key)?.()
      subs.delete(key)
    },
    close() {
      if (closed) return
      closed = true
      for (const off of subs.values()) off()
      subs.clear()
      if (me !== null) presence.disconnect(me)
    },
  }
}
