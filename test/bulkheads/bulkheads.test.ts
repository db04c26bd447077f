// One failing part leaves posting and reading working: search made to throw (its table is
// gone), media storage broken (a file where its directory should be) and link previews
// pointed at a site that accepts connections and never answers, all at once. Posting and
// home reads keep their normal latency; once its breaker is open, each broken part that
// answers requests says so at once with 503 part_unavailable naming it; and it comes back by
// itself once repaired.
import { createServer, type Socket } from 'node:net'
import { rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server.ts'
import { api, signUp, type Person } from '../support/people.ts'
import { photo } from '../support/images.ts'
import { until } from '../support/until.ts'

let server: TestServer
let alice: Person
let bob: Person
let png: Buffer
const sockets = new Set<Socket>()
const hang = createServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)) })


const p = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!

/** Posting and home reads, timed: the two things that must keep working. */
async function postAndRead(rounds: number, link?: string): Promise<{ post: number[]; home: number[] }> {
  const post: number[] = []
  const home: number[] = []
  for (let i = 0; i < rounds; i++) {
    let t = performance.now()
    const r = await api(server, alice.token, 'POST', '/api/v1/statuses', { status: `round ${i}${link ? ` ${link}/page-${i}` : ''}` })
    post.push(performance.now() - t)
    expect(r.status, JSON.stringify(r.json)).toBe(200)
    t = performance.now()
    const h = await api(server, bob.token, 'GET', '/api/v1/timelines/home?limit=20')
    home.push(performance.now() - t)
    expect(h.status).toBe(200)
  }
  return { post, home }
}

async function upload(): Promise<{ status: number; json: any; ms: number }> {
  const form = new FormData()
  form.append('file', new Blob([png], { type: 'image/png' }), 'a.png')
  const t = performance.now()
  const res = await fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` }, body: form })
  return { status: res.status, json: await res.json(), ms: performance.now() - t }
}

const lane = (name: string) => server.ctx.queue.laneStates().find((l) => l.name === name)

beforeAll(async () => {
  await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r))
  const hangPort = (hang.address() as { port: number }).port
  server = await startServer({
    PHARE_PREVIEWS: 'on', PHARE_PREVIEW_ALLOW_HOSTS: `127.0.0.1:${hangPort}`,
    PHARE_BULKHEADS: 'search.failures=3,search.cooldown_ms=2000,media.failures=2,media.cooldown_ms=60000,previews.failures=2,previews.job_timeout_ms=500,previews.cooldown_ms=60000',
  })
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  await bob.client.v1.accounts.$select(alice.accountId).follow()
  png = await photo(320, 240, 'png')
}, 60_000)

afterAll(async () => {
  for (const s of sockets) s.destroy()
  hang.close()
  await server?.close()
})

describe('bulkheads', () => {
  it('search, media storage and link previews failing at once leave posting and home reads at their normal latency; the broken parts answer fast with part_unavailable naming them', async () => {
    await postAndRead(5) // warm up
    const before = await postAndRead(20)

    // Break three parts.
    await server.ctx.db.schema.alterTable('tags').renameTo('tags_gone').execute()
    const mediaDir = join(server.ctx.config.dataDir, 'media')
    rmSync(mediaDir, { recursive: true, force: true })
    writeFileSync(mediaDir, 'not a directory')
    const link = `http://127.0.0.1:${(hang.address() as { port: number }).port}`

    // Search fails until its breaker opens; then it is refused at once, naming the part.
    const failures: number[] = []
    for (let i = 0; i < 3; i++) failures.push((await api(server, bob.token, 'GET', '/api/v2/search?q=%23lighthouse&type=hashtags')).status)
    expect(failures).toEqual([500, 500, 500])
    const t = performance.now()
    const refused = await api(server, bob.token, 'GET', '/api/v2/search?q=%23lighthouse&type=hashtags')
    const refusedMs = performance.now() - t
    expect(refused.status).toBe(503)
    expect(refused.json).toMatchObject({ code: 'part_unavailable', part: 'search' })
    expect(refused.json.error).toContain('search')
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0)

    // Uploads are accepted, their processing fails on the broken store and the media lane opens: the
    // jobs are left alone, and uploads are still taken (quickly), to be processed once media work returns.
    for (let i = 0; i < 2; i++) expect((await upload()).status).toBe(202)
    await until('the media lane to open', async () => lane('media')?.state === 'open')
    const mediaAccepted = await upload()
    expect(mediaAccepted.status).toBe(202)

    // Posting with links to the hanging site, and reading, while all three are broken.
    const during = await postAndRead(20, link)
    await until('the previews lane to open', async () => lane('previews')?.state === 'open')
    const after = await postAndRead(20, link)

    const fig = (xs: number[]) => `p50 ${p(xs, 0.5).toFixed(1)} ms, p95 ${p(xs, 0.95).toFixed(1)} ms`
    console.log([
      `bulkheads: healthy       post ${fig(before.post)}; home ${fig(before.home)}`,
      `bulkheads: parts failing post ${fig(during.post)}; home ${fig(during.home)}`,
      `bulkheads: breakers open post ${fig(after.post)}; home ${fig(after.home)}`,
      `bulkheads: search refused in ${refusedMs.toFixed(1)} ms, an upload taken in ${mediaAccepted.ms.toFixed(1)} ms while media jobs fail`,
    ].join('\n'))
    // "Normal latency": within a few times the healthy figures (the machine is shared), and never slow in absolute terms.
    for (const m of [during, after]) {
      expect(p(m.post, 0.95)).toBeLessThan(Math.max(4 * p(before.post, 0.95), 300))
      expect(p(m.home, 0.95)).toBeLessThan(Math.max(4 * p(before.home, 0.95), 300))
    }
    expect(refusedMs).toBeLessThan(200)
    expect(mediaAccepted.ms).toBeLessThan(500)
    // the other parts are untouched
    expect((await api(server, bob.token, 'GET', '/api/v1/notifications')).status).toBe(200)
    const metrics = await (await fetch(`${server.url}/metrics`)).text()
    expect(metrics).toMatch(/phare_bulkhead_breaker_state\{part="search",state="open"\} 1/)
    expect(metrics).toMatch(/phare_bulkhead_breaker_state\{part="notifications",state="closed"\} 1/)

    // Repaired, search comes back by itself after its cooldown.
    await server.ctx.db.schema.alterTable('tags_gone').renameTo('tags').execute()
    await until('search to come back', async () => (await api(server, bob.token, 'GET', '/api/v2/search?q=%23lighthouse&type=hashtags')).status === 200, 15_000)
  }, 120_000)
})
