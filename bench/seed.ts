// Seeds a realistic data set straight into the database: accounts with users and
// tokens, a power-law follow graph with one account everyone follows, posts spread
// over accounts by a power law, and the home_feed rows fan-out would have written.
import { createHash, randomBytes } from 'node:crypto'
import type { BulkDb, Columns } from './bulk.ts'
import { permutation, postText, prng, zipf } from './random.ts'
import { hashPassword } from '../packages/server/src/services/accounts/passwords.ts'

export interface SeedOptions {
  accounts: number
  posts: number
  /** entries kept per home timeline (the most recent posts of the accounts followed, and one's own) */
  feedDepth: number
  seed?: number
  /** progress lines go here */
  log?: (line: string) => void
}

export interface SeededAccount { id: number; username: string; token: string }

export interface Seeded {
  accounts: SeededAccount[]
  /** the account everyone follows */
  star: SeededAccount & { followers: number }
  rows: { accounts: number; follows: number; statuses: number; homeFeed: number }
  seconds: number
}

const EPOCH = Date.UTC(2024, 0, 1)
const DAY = 86_400_000
const CHUNK = 20_000

/** Ids with the layout of ids.ts (ms since 2024 × 4096 + sequence), strictly increasing with time. */
function idGenerator() {
  let last = 0
  return (ms: number) => {
    const id = Math.max(last + 1, (ms - EPOCH) * 4096)
    last = id
    return id
  }
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex')

/** Fills an empty, migrated database; returns the accounts' tokens and the row counts. */
export async function seed(db: BulkDb, o: SeedOptions): Promise<Seeded> {
  const started = performance.now()
  const log = o.log ?? (() => {})
  const rand = prng(o.seed ?? 42)
  const N = o.accounts
  const P = o.posts
  const now = Date.now()

  // Accounts: created over the year before the first post.
  const accountId = idGenerator()
  const ids = new Float64Array(N)
  const created = new Float64Array(N)
  const postsStart = now - 365 * DAY
  for (let i = 0; i < N; i++) {
    created[i] = postsStart - 365 * DAY + Math.floor((i / N) * 365 * DAY)
    ids[i] = accountId(created[i])
  }
  const username = (i: number) => (i === 0 ? 'star' : `user${i}`)

  // Follow graph: out-degrees from a Pareto law (many follow a few dozen, some thousands),
  // targets chosen preferentially by a Zipf popularity rank; and everyone follows account 0.
  const popularity = permutation(N, rand)
  const pickTarget = zipf(N, 0.9, rand)
  const maxOut = Math.min(2000, Math.floor(N / 3))
  const following: Int32Array[] = new Array(N)
  const followers = new Int32Array(N)
  let followCount = 0
  for (let i = 0; i < N; i++) {
    const k = Math.min(maxOut, Math.floor(10 * Math.pow(1 - rand(), -1 / 1.2)))
    const set = new Set<number>()
    if (i !== 0) set.add(0)
    for (let tries = 0; set.size < k + 1 && tries < k * 20; tries++) {
      const t = popularity[pickTarget()]
      if (t !== i) set.add(t)
    }
    following[i] = Int32Array.from(set)
    for (const t of set) followers[t]++
    followCount += set.size
  }

  // Posts: authors by a Zipf law over a second, independent ranking; times evenly
  // spread over the last year with jitter, ids increasing with time.
  const pickAuthor = zipf(N, 1.0, rand)
  const authorRank = permutation(N, rand)
  const postAuthor = new Int32Array(P)
  const postCreated = new Float64Array(P)
  const postId = new Float64Array(P)
  const statusId = idGenerator()
  const span = now - 60_000 - postsStart
  let t = postsStart
  for (let j = 0; j < P; j++) {
    t = Math.max(t, postsStart + Math.floor((j + rand()) * span / P))
    postCreated[j] = t
    postId[j] = statusId(t)
    postAuthor[j] = authorRank[pickAuthor()]
  }
  const statusesCount = new Int32Array(N)
  const lastStatusAt = new Float64Array(N)
  for (let j = 0; j < P; j++) { statusesCount[postAuthor[j]]++; lastStatusAt[postAuthor[j]] = postCreated[j] }
  log(`generated graph (${followCount} follows) and ${P} posts in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  // Accounts, users, one app, tokens.
  const passwordHash = await hashPassword('benchmark-password')
  const accounts: SeededAccount[] = []
  const appId = accountId(postsStart)
  await db.insert('apps', { id: 'bigint', name: 'text', website: 'text', redirect_uris: 'text', scopes: 'text', client_id: 'text', client_secret: 'text', trusted: 'int', created_at: 'bigint' },
    [[appId, 'Phare bench', null, 'urn:ietf:wg:oauth:2.0:oob', 'read write follow push', randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url'), 1, postsStart]])
  const accountCols: Columns = {
    id: 'bigint', username: 'text', username_key: 'text', display_name: 'text', note: 'text', created_at: 'bigint',
    last_status_at: 'bigint', statuses_count: 'int', followers_count: 'int', following_count: 'int',
  }
  const userCols: Columns = { id: 'bigint', account_id: 'bigint', email: 'text', password_hash: 'text', created_at: 'bigint' }
  const tokenCols: Columns = { id: 'bigint', token_hash: 'text', app_id: 'bigint', account_id: 'bigint', scopes: 'text', created_at: 'bigint' }
  const tokenId = idGenerator()
  for (let from = 0; from < N; from += CHUNK) {
    const a: unknown[][] = []
    const u: unknown[][] = []
    const k: unknown[][] = []
    for (let i = from; i < Math.min(N, from + CHUNK); i++) {
      const name = username(i)
      const token = randomBytes(32).toString('base64url')
      accounts.push({ id: ids[i], username: name, token })
      a.push([ids[i], name, name, i === 0 ? 'The Star' : `User ${i}`, i % 3 === 0 ? postText(rand, 160) : '', created[i],
        statusesCount[i] ? lastStatusAt[i] : null, statusesCount[i], followers[i], following[i].length])
      u.push([ids[i], ids[i], `${name}@bench.invalid`, passwordHash, created[i]])
      k.push([tokenId(created[i]), sha256(token), appId, ids[i], 'read write follow push', created[i]])
    }
    await db.insert('accounts', accountCols, a)
    await db.insert('users', userCols, u)
    await db.insert('access_tokens', tokenCols, k)
  }

  const followCols: Columns = { id: 'bigint', account_id: 'bigint', target_account_id: 'bigint', created_at: 'bigint' }
  const followId = idGenerator()
  let rows: unknown[][] = []
  for (let i = 0; i < N; i++) {
    for (const target of following[i]) {
      const at = Math.max(created[i], created[target]) + 1000
      rows.push([followId(at), ids[i], ids[target], at])
    }
    if (rows.length >= CHUNK) { await db.insert('follows', followCols, rows); rows = [] }
  }
  if (rows.length) await db.insert('follows', followCols, rows)
  log(`inserted ${N} accounts, users, tokens and ${followCount} follows in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const textRand = prng((o.seed ?? 42) + 1)
  const statusCols: Columns = {
    id: 'bigint', account_id: 'bigint', text: 'text', content: 'text', visibility: 'text', language: 'text',
    conversation_id: 'bigint', created_at: 'bigint',
  }
  for (let from = 0; from < P; from += CHUNK) {
    const chunk: unknown[][] = []
    for (let j = from; j < Math.min(P, from + CHUNK); j++) {
      const text = postText(textRand)
      const r = textRand()
      const visibility = r < 0.94 ? 'public' : r < 0.99 ? 'unlisted' : 'private'
      chunk.push([postId[j], ids[postAuthor[j]], text, `<p>${text}</p>`, visibility, 'en', postId[j], postCreated[j]])
    }
    await db.insert('statuses', statusCols, chunk)
    if ((from / CHUNK) % 10 === 9) log(`  statuses: ${from + CHUNK} (${((performance.now() - started) / 1000).toFixed(0)} s)`)
  }
  log(`inserted ${P} statuses in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  const homeFeed = await seedHomeFeeds(db, o.feedDepth, ids, following, postAuthor, postId)
  log(`inserted ${homeFeed} home_feed rows in ${((performance.now() - started) / 1000).toFixed(1)} s`)

  return {
    accounts,
    star: { ...accounts[0], followers: followers[0] },
    rows: { accounts: N, follows: followCount, statuses: P, homeFeed },
    seconds: (performance.now() - started) / 1000,
  }
}

/**
 * Writes each account's home timeline as fan-out would have: the `depth` most recent
 * posts among its own and those of the accounts it follows (a k-way merge per account).
 */
async function seedHomeFeeds(db: BulkDb, depth: number, ids: Float64Array, following: Int32Array[], postAuthor: Int32Array, postId: Float64Array): Promise<number> {
  const N = ids.length
  // Each author's `depth` latest posts, newest first (post indices grow with time).
  const latest: number[][] = Array.from({ length: N }, () => [])
  for (let j = postAuthor.length - 1; j >= 0; j--) {
    const list = latest[postAuthor[j]]
    if (list.length < depth) list.push(j)
  }
  const cols: Columns = { account_id: 'bigint', status_id: 'bigint', author_id: 'bigint' }
  let rows: unknown[][] = []
  let total = 0
  // A max-heap of (post index, source list, position), as parallel arrays.
  const heapPost = new Int32Array(N + 1)
  const heapSrc = new Int32Array(N + 1)
  const heapPos = new Int32Array(N + 1)
  for (let i = 0; i < N; i++) {
    let size = 0
    const swap = (a: number, b: number) => {
      let t = heapPost[a]; heapPost[a] = heapPost[b]; heapPost[b] = t
      t = heapSrc[a]; heapSrc[a] = heapSrc[b]; heapSrc[b] = t
      t = heapPos[a]; heapPos[a] = heapPos[b]; heapPos[b] = t
    }
    const push = (post: number, src: number, pos: number) => {
      let c = size++
      heapPost[c] = post; heapSrc[c] = src; heapPos[c] = pos
      while (c > 0) { const p = (c - 1) >> 1; if (heapPost[p] >= heapPost[c]) break; swap(p, c); c = p }
    }
    const pop = () => {
      size--
      swap(0, size)
      let c = 0
      for (;;) {
        const l = 2 * c + 1, r = l + 1
        let m = c
        if (l < size && heapPost[l] > heapPost[m]) m = l
        if (r < size && heapPost[r] > heapPost[m]) m = r
        if (m === c) break
        swap(c, m); c = m
      }
    }
    const sources = [i, ...following[i]]
    for (const s of sources) if (latest[s].length) push(latest[s][0], s, 0)
    const feed: number[] = []
    while (size > 0 && feed.length < depth) {
      const post = heapPost[0], src = heapSrc[0], pos = heapPos[0]
      feed.push(post)
      pop()
      if (pos + 1 < latest[src].length) push(latest[src][pos + 1], src, pos + 1)
    }
    // Ascending status ids: appends to the primary key's b-tree.
    for (let f = feed.length - 1; f >= 0; f--) rows.push([ids[i], postId[feed[f]], ids[postAuthor[feed[f]]]])
    total += feed.length
    if (rows.length >= CHUNK) { await db.insert('home_feed', cols, rows); rows = [] }
  }
  if (rows.length) await db.insert('home_feed', cols, rows)
  return total
}

