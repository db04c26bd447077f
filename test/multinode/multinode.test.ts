// Three Phare processes on one PostgreSQL, one Redis and one S3 store, behind nginx
// (deploy/nginx/phare-lb.conf). People talk to different nodes and to nginx; then one node
// is killed with SIGKILL in the middle of a load, and nothing acknowledged may be lost:
// its jobs finish on the others and streaming clients reconnect through nginx. Starts its
// own PostgreSQL and Redis unless the run provides them (PHARE_TEST_DATABASE_URL, PHARE_TEST_REDIS_URL).
import { hostname } from 'node:os'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createStreamingAPIClient, type mastodon } from 'masto'
import sharp from 'sharp'
import { photo } from '../support/images.ts'
import { startCluster, waitFor, type Cluster, type Person } from './cluster-fixture.ts'

let c: Cluster
let alice: Person, bob: Person, carol: Person
beforeAll(async () => {
  // node3 serves requests but runs no jobs: when node2 dies, node1 alone finishes them
  c = await startCluster(['web,jobs', 'web,jobs', 'web'])
  const [n1, n2] = c.nodes
  alice = await c.signUp('alice', n1!.url)
  bob = await c.signUp('bob', n2!.url)
  carol = await c.signUp('carol', c.lb.url)
  for (const [who, target] of [[alice, bob], [alice, carol], [bob, alice], [bob, carol], [carol, alice], [carol, bob]] as const) {
    await who.client.v1.accounts.$select(target.accountId).follow()
  }
}, 180_000)
afterAll(async () => { await c?.close() }, 60_000)

interface Listener { events: mastodon.streaming.Event[]; close(): void }

/** A masto.js streaming client on `url` (reconnecting by itself), recording every event. */
function listen(url: string, p: Person, stream: 'user' | 'user:notification'): Listener {
  const client = createStreamingAPIClient({ streamingApiUrl: url.replace(/^http/, 'ws'), accessToken: p.token, retry: true })
  const sub = stream === 'user' ? client.user.subscribe() : client.user.notification.subscribe()
  const events: mastodon.streaming.Event[] = []
  void (async () => { for await (const e of sub) events.push(e) })().catch(() => {})
  return { events, close() { sub.unsubscribe(); client.close() } }
}
const updateIds = (l: Listener) => l.events.filter((e) => e.event === 'update').map((e) => (e.payload as mastodon.v1.Status).id)

/** Posts as `who` until every listener has received one of the posts (streams are live on every node). */
async function untilLive(who: Person, listeners: Listener[]): Promise<void> {
  const sent: string[] = []
  await waitFor(async () => {
    sent.push((await who.client.v1.statuses.create({ status: `warming up ${sent.length}` })).id)
    await new Promise((r) => setTimeout(r, 300))
    return listeners.every((l) => updateIds(l).some((id) => sent.includes(id)))
  }, 'every stream to be live', 60_000)
}

/** Every status id of a home timeline (all pages). */
async function homeOf(client: mastodon.rest.Client): Promise<Set<string>> {
  const ids = new Set<string>()
  for await (const page of client.v1.timelines.home.list({ limit: 40 })) page.forEach((s) => ids.add(s.id))
  return ids
}

describe('three nodes behind nginx', () => {
  it('people on different nodes follow each other, post, stream and like', async () => {
    const [n1, n2, n3] = c.nodes
    const bobStream = listen(n2!.url, bob, 'user')
    const carolStream = listen(c.lb.url, carol, 'user')
    const aliceNotes = listen(n3!.url, alice, 'user:notification')
    await untilLive(alice, [bobStream, carolStream])

    const posted = await alice.client.v1.statuses.create({ status: 'hello from node 1' })
    await waitFor(() => updateIds(bobStream).includes(posted.id) && updateIds(carolStream).includes(posted.id), 'the post on both streams', 20_000)

    await bob.client.v1.statuses.$select(posted.id).favourite()
    await waitFor(() => aliceNotes.events.some((e) => e.event === 'notification' && (e.payload as mastodon.v1.Notification).type === 'favourite'), "alice's notification on node 3", 20_000)
    const notes = await c.clientAt(alice, c.lb.url).v1.notifications.list({ types: ['favourite'] })
    expect(notes.map((n) => [n.account?.id, n.status?.id])).toContainEqual([bob.accountId, posted.id])

    // an image uploaded through nginx is processed by whichever node runs the job, kept in S3, seen from node 1
    const png = await sharp({ create: { width: 64, height: 48, channels: 3, background: '#3366cc' } }).png().toBuffer()
    const media = await carol.client.v2.media.create({ file: new Blob([new Uint8Array(png)], { type: 'image/png' }) })
    const withImage = await carol.client.v1.statuses.create({ status: 'a picture', mediaIds: [media.id] })
    const seen = await c.clientAt(alice, n1!.url).v1.statuses.$select(withImage.id).fetch()
    const file = await fetch(seen.mediaAttachments[0]!.url!)
    expect(file.status).toBe(200)
    expect(file.headers.get('content-type')).toMatch(/^image\//)
    for (const l of [bobStream, carolStream, aliceNotes]) l.close()
  }, 120_000)

  it('a node killed with SIGKILL mid-load loses nothing acknowledged; its jobs finish elsewhere; streams reconnect through nginx', async () => {
    const [, n2] = c.nodes
    const people = [alice, bob, carol]
    // Writers through nginx, which sends each token to one node: sign up until one writer is on each
    // node (the access log says which node answered), so the kill cuts some writer's node for sure.
    const nodeOf = new Map<Person, string>()
    for (let i = 0; new Set(nodeOf.values()).size < c.nodes.length; i++) {
      if (i > 30) throw new Error('no writer landed on some node')
      const w = await c.signUp(`writer${i}`, c.lb.url)
      await w.client.v1.accounts.verifyCredentials()
      const line = c.lb.raw().trim().split('\n').reverse().find((l) => l.includes('/api/v1/accounts/verify_credentials'))!
      const node = line.split(' ')[2]!
      if (![...nodeOf.values()].includes(node)) nodeOf.set(w, node)
      // everyone follows every writer, so every writer's posts are fanned out to all
      for (const p of people) await p.client.v1.accounts.$select(w.accountId).follow()
    }
    const onNode2 = [...nodeOf].find(([, node]) => node.endsWith(`:${n2!.port}`))![0]
    const writers = [...people, ...nodeOf.keys()]
    const viaLb = writers.map((p) => ({ p, client: c.clientAt(p, c.lb.url) }))
    // six streams of bob's home through nginx: least_conn spreads them, some land on node 2
    const streams = [...Array(6)].map(() => listen(c.lb.url, bob, 'user'))
    await untilLive(alice, streams)

    const acked: { id: string; author: Person }[] = []
    const likes: { by: Person; id: string; author: Person }[] = []
    let failed = 0
    let running = true
    const writer = async (me: { p: Person; client: mastodon.rest.Client }, i: number) => {
      for (let n = 0; running; n++) {
        try {
          const s = await me.client.v1.statuses.create({ status: `load ${me.p.username} ${n}` })
          acked.push({ id: s.id, author: me.p })
          const other = acked.filter((a) => a.author !== me.p).at(-1)
          if (other) {
            await me.client.v1.statuses.$select(other.id).favourite()
            likes.push({ by: me.p, id: other.id, author: other.author })
          }
        } catch { failed++ }
        await new Promise((r) => setTimeout(r, 30 + i * 7))
      }
    }
    const load = Promise.all(viaLb.map(writer))
    await waitFor(() => acked.length >= 30 && acked.some((a) => a.author === onNode2), 'some load before the kill', 60_000)
    // Big photos, processed one at a time per node (the media lane): killed while node 2 works on one.
    const big = await photo(4000, 3000, 'jpeg')
    const uploads = await Promise.all([...Array(4)].map(() => carol.client.v2.media.create({ file: new Blob([new Uint8Array(big)], { type: 'image/jpeg' }), skipPolling: true })))
    let inFlight: string | undefined
    await waitFor(async () => {
      const active = await c.lane('media').getJobs(['active'])
      inFlight = active.find((j) => j.processedBy?.startsWith(`${hostname()}:${n2!.port}:`))?.id
      return inFlight !== undefined
    }, 'node 2 to be processing a photo', 60_000, 20)
    n2!.kill()
    expect(await n2!.exited).toBe('SIGKILL')
    const before = acked.length
    // the writer whose node died goes on through another: nginx moves its token to a live node
    await waitFor(() => acked.length >= before + 30 && acked.slice(before).some((a) => a.author === onNode2), 'the load to go on through the two nodes left', 60_000)
    running = false
    await load

    // the streams that were on node 2 reconnect (through nginx, to a live node): every one hears a new post
    // (a stream reconnecting misses what is posted meanwhile, as with Mastodon: alice posts until each has one)
    await untilLive(alice, streams)
    // nginx logs a WebSocket when it ends, with the node that held it: some were on node 2 and were cut by the kill
    const cut = c.lb.raw().split('\n').filter((l) => l.includes(` 127.0.0.1:${n2!.port} 101 `) && l.includes('/api/v1/streaming'))
    expect(cut.length).toBeGreaterThan(0)

    // the jobs node 2 held are run by node 1 once their lock expires
    await waitFor(async () => (await c.jobsLeft()) === 0, 'every job to be done', 90_000)
    const redone = await c.lane('media').getJob(inFlight!)
    expect(await redone!.getState()).toBe('completed')
    expect(redone!.processedBy).toMatch(new RegExp(`^${hostname()}:${c.nodes[0]!.port}:`))
    for (const m of uploads) expect((await carol.client.v1.media.$select(m.id).fetch()).url).toBeTruthy()
    const reader = c.clientAt(carol, c.lb.url)
    for (const a of acked) expect((await reader.v1.statuses.$select(a.id).fetch()).id).toBe(a.id)
    for (const p of people) {
      const home = await homeOf(c.clientAt(p, c.lb.url))
      // everyone's own posts and those of everyone they follow (all the writers)
      const missing = acked.filter((a) => !home.has(a.id))
      expect(missing, `${p.username}'s home is missing acknowledged posts`).toEqual([])
    }
    for (const author of writers) {
      const notes = await c.sql.query(`select n.from_account_id, n.status_id from notifications n where n.account_id = $1 and n.type = 'favourite'`, [Number(author.accountId)])
      const got = new Set(notes.rows.map((r) => `${r.from_account_id}:${r.status_id}`))
      for (const l of likes.filter((x) => x.author === author)) expect(got.has(`${l.by.accountId}:${l.id}`)).toBe(true)
    }
    expect(acked.length).toBeGreaterThanOrEqual(60)
    console.info(`multinode: ${acked.length} posts and ${likes.length} likes acknowledged, ${failed} requests failed around the kill`)
    for (const l of streams) l.close()
  }, 240_000)
})
