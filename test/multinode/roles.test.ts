// PHARE_ROLES on real processes sharing one PostgreSQL and Redis, with the jobs in the
// database table (PHARE_JOBS=database; BullMQ is multinode.test.ts's): a web-only node serves the API and runs no jobs, a jobs-only node runs them and
// answers only health and metrics; and a stopping node says so on /readyz while it drains.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startCluster, waitFor, type Cluster, type Person } from './cluster-fixture.ts'
import type { Node } from '../support/cluster.ts'

let c: Cluster
let web: Node, jobs: Node
let alice: Person, bob: Person
beforeAll(async () => {
  c = await startCluster(['web', 'jobs'], { PHARE_DRAIN_S: '3', PHARE_JOBS: 'database' })
  ;[web, jobs] = c.nodes as [Node, Node]
  alice = await c.signUp('alice', web.url)
  bob = await c.signUp('bob', web.url)
  await bob.client.v1.accounts.$select(alice.accountId).follow()
}, 180_000)
afterAll(async () => { await c?.close() }, 60_000)

const inHome = async (p: Person, id: string) => (await p.client.v1.timelines.home.list({ limit: 40 })).some((s) => s.id === id)

describe('node roles', { timeout: 120_000 }, () => {
  it('a jobs-only node answers /livez, /readyz and /metrics, and nothing else', async () => {
    for (const path of ['/livez', '/readyz', '/metrics']) expect((await fetch(`${jobs.url}${path}`)).status, path).toBe(200)
    for (const path of ['/api/v1/instance', '/api/v1/timelines/public', '/', '/oauth/authorize']) {
      const res = await fetch(`${jobs.url}${path}`)
      expect(res.status, path).toBe(404)
      expect((await res.json() as { code: string }).code).toBe('not_found')
    }
  })

  it('the jobs of a web-only node wait for a jobs node: none runs them while it is down, the next one does', async () => {
    const first = await alice.client.v1.statuses.create({ status: 'fanned out by the jobs node' })
    await waitFor(() => inHome(bob, first.id), "bob's home to get the post", 30_000, 250)

    expect(await jobs.stop()).toBe(0)
    const second = await alice.client.v1.statuses.create({ status: 'waiting for a jobs node' })
    await new Promise((r) => setTimeout(r, 2000))
    expect(await inHome(bob, second.id)).toBe(false)
    expect((await c.sql.query(`select count(*)::int as n from jobs where type = 'status.distribute'`)).rows[0].n).toBeGreaterThan(0)

    await c.addNode('jobs')
    await waitFor(() => inHome(bob, second.id), "bob's home to get the post once a jobs node is back", 30_000, 250)
  })

  it('a stopping node answers 503 draining on /readyz while it finishes, then exits cleanly', async () => {
    const exit = web.stop()
    await waitFor(async () => (await fetch(`${web.url}/readyz`).catch(() => null))?.status === 503, 'readiness to turn false', 10_000)
    const res = await fetch(`${web.url}/readyz`)
    expect(await res.json()).toMatchObject({ status: 'draining', code: 'draining' })
    // still serving meanwhile: a request already routed here is answered
    expect((await fetch(`${web.url}/api/v1/instance`)).status).toBe(200)
    expect(await exit).toBe(0)
  })
})
