// The flags in this node's memory: read whole from the database at start, again when a change
// is announced on the pub/sub channel, and every PHARE_FLAGS_POLL_S seconds anyway, so that
// nodes that do not share a pub/sub (or a CLI that changed the database) agree within seconds.
import type { DB } from '../../storage/db.ts'
import type { PubSub } from '../../storage/adapters/pubsub.ts'
import type { FlagsTable } from '../../storage/schema.ts'
import { allFlags } from '../../storage/repos/flags.ts'
import type { Flag } from './evaluate.ts'

/** The pub/sub channel on which a node announces that a flag changed. */
export const FLAGS_CHANNEL = 'phare:flags'

const list = (json: string): string[] => {
  try { const v = JSON.parse(json); return Array.isArray(v) ? v.map(String) : [] } catch { return [] }
}

/** A flags row as the evaluator wants it. */
export function toFlag(r: FlagsTable): Flag {
  return {
    key: r.key, description: r.description, kind: 'boolean', enabled: Number(r.enabled) === 1, percentage: Number(r.percentage),
    allowList: list(r.allow_list), denyList: list(r.deny_list), version: Number(r.version), createdAt: Number(r.created_at), updatedAt: Number(r.updated_at),
  }
}

/** The in-memory flags; `onChange` hears of each flag whose version moved (or that appeared or went). */
export function createFlagStore(o: { db: DB; pubsub: PubSub; pollMs: number; onChange(key: string): void; onError(err: unknown): void }) {
  let flags = new Map<string, Flag>()
  let timer: NodeJS.Timeout | null = null
  let unsubscribe: (() => void) | null = null
  let loading: Promise<void> | null = null

  async function load(): Promise<void> {
    const next = new Map((await allFlags(o.db)).map((r) => [r.key, toFlag(r)]))
    const before = flags
    flags = next
    for (const [key, f] of next) if (before.get(key)?.version !== f.version) o.onChange(key)
    for (const key of before.keys()) if (!next.has(key)) o.onChange(key)
  }
  // Concurrent refreshes share one read: a burst of announcements costs one query.
  const refresh = (): Promise<void> => loading ??= load().finally(() => { loading = null })

  return {
    /** The flag of that key in memory, if any. */
    get: (key: string): Flag | undefined => flags.get(key),
    /** Every flag in memory, by key. */
    all: (): Flag[] => [...flags.values()].sort((a, b) => a.key.localeCompare(b.key)),
    refresh,
    /** Re-reads now and tells the other nodes to. */
    async announce(key: string): Promise<void> {
      await refresh()
      await o.pubsub.publish(FLAGS_CHANNEL, { key })
    },
    /** Loads the flags and starts listening and polling. */
    async start(): Promise<void> {
      await refresh()
      unsubscribe = o.pubsub.subscribe(FLAGS_CHANNEL, () => { refresh().catch(o.onError) })
      timer = setInterval(() => { refresh().catch(o.onError) }, o.pollMs)
      timer.unref()
    },
    stop(): void {
      if (timer) clearInterval(timer)
      unsubscribe?.()
      timer = null
      unsubscribe = null
    },
  }
}

export type FlagStore = ReturnType<typeof createFlagStore>
