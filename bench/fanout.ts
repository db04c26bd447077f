// Fan-out latency: the most-followed account posts, and we watch the database
// until the post is in every follower's home timeline.
import type { BulkDb } from './bulk.ts'

export interface FanoutResult {
  samples: number[]
  /** posts that never reached every follower within the timeout */
  incomplete: number
  /** whether the author's own home timeline got the post too */
  authorRow: boolean
  error?: string
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Posts `count` times as `token` (spaced `gapMs` apart) and, for each, measures the time from
 * sending the request until home_feed holds the post for all `followers` accounts.
 * The count goes through follows → home_feed's primary key (account_id, status_id):
 * home_feed has no index on status_id alone, and a full scan of it per poll would
 * itself load the machine.
 */
export async function measureFanout(db: BulkDb, url: string, token: string, authorId: number, followers: number, count: number, opts: { gapMs?: number; timeoutMs?: number } = {}): Promise<FanoutResult> {
  const samples: number[] = []
  let incomplete = 0
  let authorRow = false
  const done = async (statusId: number) => {
    const [r] = await db.query<{ n: number }>(
      'SELECT COUNT(*) AS n FROM follows f JOIN home_feed h ON h.account_id = f.account_id AND h.status_id = ? WHERE f.target_account_id = ?',
      [statusId, authorId])
    return Number(r.n)
  }
  for (let i = 0; i < count; i++) {
    const t0 = performance.now()
    const res = await fetch(`${url}/api/v1/statuses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ status: `Fan-out probe ${i + 1}: is this in every home timeline yet?` }),
    })
    if (res.status !== 200) return { samples, incomplete, authorRow, error: `POST /api/v1/statuses answered ${res.status}: ${(await res.text()).slice(0, 200)}` }
    const id = Number(((await res.json()) as { id: string }).id)
    const until = t0 + (opts.timeoutMs ?? 15_000)
    let n = 0
    while ((n = await done(id)) < followers && performance.now() < until) await sleep(2)
    if (n >= followers) samples.push(performance.now() - t0)
    else incomplete++
    const [own] = await db.query<{ n: number }>('SELECT COUNT(*) AS n FROM home_feed WHERE account_id = ? AND status_id = ?', [authorId, id])
    if (Number(own.n) > 0) authorRow = true
    await sleep(opts.gapMs ?? 250)
  }
  return { samples, incomplete, authorRow }
}

/** The q-quantile (0..1) of a sample, nearest-rank. */
export function quantile(xs: number[], q: number): number {
  if (xs.length === 0) return NaN
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))]
}
