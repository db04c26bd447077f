// Link previews end to end: a real Phare fetching real (loopback) sites. Only the site that
// plays "the web" is on the test-only allow-list; everything else stands for an internal
// address a post must never make the server reach, with a listening server that counts.
import { createServer as createHttpServer, type IncomingHttpHeaders, type Server } from 'node:http'
import { createServer as createTcpServer, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import sharp from 'sharp'
import { startServer, type TestServer } from './support/server.ts'
import { signUp, type Person } from './support/people.ts'
import { fetchCard } from '../packages/server/src/services/previews/fetch-card.ts'
import { firstLink } from '../packages/server/src/services/previews/first-link.ts'
import type { mastodon } from 'masto'

interface Site { port: number; url: string; hits: { path: string; headers: IncomingHttpHeaders }[]; close(): Promise<void> }

/** An HTTP server on loopback that records every request it gets. */
async function site(host: string, route: (path: string, res: import('node:http').ServerResponse) => void): Promise<Site> {
  const hits: Site['hits'] = []
  const server: Server = createHttpServer((req, res) => {
    hits.push({ path: req.url ?? '', headers: req.headers })
    route(req.url ?? '', res)
  })
  await new Promise<void>((r) => server.listen(0, host, r))
  const port = (server.address() as { port: number }).port
  return {
    port, url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`, hits,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()) }),
  }
}

const page = (head: string) => `<!doctype html><html lang="en"><head><meta charset="utf-8">${head}</head><body><p>Body</p></body></html>`

let server: TestServer
let alice: Person
let web: Site // the allow-listed "public web"
let inside: Site // an internal service on loopback (both 127.0.0.1 and ::1), never allow-listed
let other: Site // another internal port, target of a redirect from the allowed site
let png: Buffer
const hanging = { port: 0, accepted: 0, open: new Set<Socket>(), firstAt: 0 }
let hangServer: ReturnType<typeof createTcpServer>

beforeAll(async () => {
  png = await sharp({ create: { width: 640, height: 480, channels: 3, background: '#3366cc' } }).png().toBuffer()
  inside = await site('::', (_p, res) => res.end('internal secret'))
  other = await site('127.0.0.1', (_p, res) => res.end('internal secret'))
  web = await site('127.0.0.1', (path, res) => {
    if (path === '/start') {
      res.writeHead(302, { location: '/article', 'set-cookie': 'sid=secret-session; Path=/; HttpOnly' }).end()
    } else if (path === '/article') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'set-cookie': 'tracker=1; Path=/' })
      res.end(page(`<title>ignored</title>
        <meta property="og:title" content="Lighthouses of Brittany">
        <meta property="og:description" content="Seven lights &amp; their keepers.">
        <meta property="og:image" content="/cover.png"><meta property="og:image:alt" content="A lighthouse at dusk">
        <meta property="og:site_name" content="Coast Weekly"><meta name="author" content="Ada Keeper">
        <meta property="article:published_time" content="2024-05-01T10:00:00Z">`))
    } else if (path === '/cover.png') {
      res.writeHead(200, { 'content-type': 'image/png' }).end(png)
    } else if (path === '/video') {
      res.writeHead(200, { 'content-type': 'text/html' })
      res.end(page(`<title>A talk</title><link rel="alternate" type="application/json+oembed" href="/oembed.json?u=video">`))
    } else if (path.startsWith('/oembed.json')) {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(JSON.stringify({
        version: '1.0', type: 'video', title: 'A talk about lights', provider_name: 'Tube', author_name: 'Ada',
        author_url: 'https://tube.example/ada', width: 640, height: 360,
        html: '<script>alert(document.cookie)</script><iframe src="https://tube.example/embed/1" width="640" height="360" onload="alert(1)" srcdoc="<script>x</script>"></iframe><img src=x onerror=alert(1)>',
      }))
    } else if (path === '/to-inside') {
      res.writeHead(302, { location: `${other.url}/` }).end()
    } else {
      res.writeHead(404).end()
    }
  })
  hangServer = createTcpServer((socket) => {
    // Accepts the connection and never answers.
    hanging.accepted++
    hanging.firstAt ||= Date.now()
    hanging.open.add(socket)
    socket.on('close', () => hanging.open.delete(socket))
    socket.on('error', () => {})
  })
  await new Promise<void>((r) => hangServer.listen(0, '127.0.0.1', r))
  hanging.port = (hangServer.address() as { port: number }).port
  server = await startServer({ PHARE_PREVIEWS: 'on', PHARE_PREVIEW_ALLOW_HOSTS: `127.0.0.1:${web.port},127.0.0.1:${hanging.port}` })
  alice = await signUp(server, 'alice')
})

afterAll(async () => {
  await server?.close()
  for (const s of hanging.open) s.destroy()
  await new Promise((r) => hangServer?.close(r))
  await Promise.all([web?.close(), inside?.close(), other?.close()])
})

/** Posts (which queues the post's preview job) and waits for the jobs to end. */
async function post(text: string): Promise<mastodon.v1.Status> {
  const s = await alice.client.v1.statuses.create({ status: text })
  await server.ctx.queue.drain()
  return s
}

/** The card a post shows, read through the API. */
async function cardOf(statusId: string): Promise<mastodon.v1.PreviewCard | null> {
  return (await alice.client.v1.statuses.$select(statusId).fetch()).card ?? null
}

describe('link previews', () => {
  it('a link to a page with Open Graph tags gets a card with its title, description and image served from our media', async () => {
    const s = await post(`Worth a read: ${web.url}/start`)
    expect(s.card).toBeNull()
    const card = await cardOf(s.id)
    expect(card).toMatchObject({
      url: `${web.url}/start`, type: 'link', title: 'Lighthouses of Brittany', description: 'Seven lights & their keepers.',
      providerName: 'Coast Weekly', authorName: 'Ada Keeper', imageDescription: 'A lighthouse at dusk', language: 'en',
      publishedAt: '2024-05-01T10:00:00.000Z', html: '', authors: [{ name: 'Ada Keeper', url: '', account: null }],
    })
    expect(card!.image).toMatch(new RegExp(`^${server.url}/media/`))
    expect(card!.width! / card!.height!).toBeCloseTo(640 / 480, 1)
    expect(card!.blurhash).toBeTypeOf('string')
    const img = await fetch(card!.image!)
    expect(img.status).toBe(200)
    expect(img.headers.get('content-type')).toBe('image/webp')
    const bytes = Buffer.from(await img.arrayBuffer())
    expect([bytes.subarray(0, 4).toString('latin1'), bytes.subarray(8, 12).toString('latin1')]).toEqual(['RIFF', 'WEBP'])
  })

  it('the fetcher never sends cookies, even ones the site set, and names itself in User-Agent', () => {
    const paths = web.hits.map((h) => h.path)
    expect(paths).toEqual(expect.arrayContaining(['/start', '/article', '/cover.png']))
    for (const h of web.hits) {
      expect(h.headers.cookie).toBeUndefined()
      expect(h.headers.authorization).toBeUndefined()
      expect(h.headers['user-agent']).toBe(`Phare/0.1.0 link preview (+${server.url})`)
    }
  })

  it('a second post with the same link reuses the stored card without fetching the page again', async () => {
    const before = web.hits.length
    const first = await post(`Again ${web.url}/start`)
    const card = await cardOf(first.id)
    expect(card?.title).toBe('Lighthouses of Brittany')
    expect(web.hits.length).toBe(before)
    // Running the job again changes nothing (idempotent).
    await server.ctx.queue.enqueue('status.preview', { statusId: Number(first.id) })
    await server.ctx.queue.drain()
    expect(await cardOf(first.id)).toEqual(card)
    expect(web.hits.length).toBe(before)
    const rows = await server.ctx.db.selectFrom('preview_cards').select('id').where('url', '=', `${web.url}/start`).execute()
    expect(rows).toHaveLength(1)
  })

  it('a page that advertises oEmbed gets a video card whose html is one sandboxed https frame and nothing else', async () => {
    const s = await post(`Watch ${web.url}/video`)
    const card = await cardOf(s.id)
    expect(card).toMatchObject({ type: 'video', title: 'A talk about lights', providerName: 'Tube', authorName: 'Ada', authorUrl: 'https://tube.example/ada', width: 640, height: 360 })
    expect(card!.html).toBe('<iframe src="https://tube.example/embed/1" width="640" height="360" sandbox="allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox allow-presentation"></iframe>')
    expect(card!.html).not.toMatch(/<script|onload|onerror|srcdoc|<img/i)
  })

  describe('a link to an internal address gets no card, and the internal service sees no request', () => {
    const targets = () => [
      `http://127.0.0.1:${inside.port}/`,
      `http://[::1]:${inside.port}/`,
      `http://[::ffff:127.0.0.1]:${inside.port}/`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      `http://localhost:${inside.port}/`,
      `${web.url}/to-inside`,
    ]

    it('the fetcher refuses each target before connecting (directly, with the server\'s allow-list)', async () => {
      for (const url of targets()) {
        await expect(fetchCard(url, { allowHosts: server.ctx.config.previewAllowHosts, userAgent: 'test' }), url)
          .rejects.toMatchObject({ name: 'SafeFetchError', code: 'address_refused' })
      }
      expect(inside.hits).toHaveLength(0)
      expect(other.hits).toHaveLength(0)
    })

    it('posts linking them end with no card', async () => {
      for (const url of targets()) {
        const s = await post(`see ${url} now`)
        // IPv6 literals are not linked in post text at all, so they cannot even be attempted from a post.
        if (!url.includes('[')) expect(firstLink(s.content), url).toBe(url)
        expect(await cardOf(s.id), url).toBeNull()
      }
      expect(inside.hits).toHaveLength(0)
      expect(other.hits).toHaveLength(0)
      expect(web.hits.filter((h) => h.path === '/to-inside').length).toBeGreaterThan(0)
      expect(await server.ctx.queue.size()).toBe(0)
    })
  })

  it('a site that accepts the connection and never answers slows no post or read, and its jobs end at the time-out', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, (_, i) => signUp(server, `reader${i}`)))
    // Reads start once everyone's post is in their home timeline (fan-out is a job too, and
    // must not wait behind a stuck preview) and, in the second round, once the preview fetch
    // hangs, so that every read overlaps the stuck fetch.
    const round = async (text: (i: number) => string, beforeReads: () => Promise<void>) => {
      const posted = await Promise.all(people.map(async (p, i) => (await p.client.v1.statuses.create({ status: text(i) })).id))
      await beforeReads()
      const until = Date.now() + 3000
      for (const [i, p] of people.entries()) {
        while (!(await p.client.v1.timelines.home.list({ limit: 5 })).some((s) => s.id === posted[i]) && Date.now() < until) {
          await new Promise((r) => setTimeout(r, 20))
        }
      }
      const latencies: number[] = []
      await Promise.all(people.map(async (p, i) => {
        for (let r = 0; r < 10; r++) {
          const t = performance.now()
          const home = await p.client.v1.timelines.home.list({ limit: 20 })
          latencies.push(performance.now() - t)
          expect(home.some((s) => s.id === posted[i])).toBe(true)
        }
      }))
      latencies.sort((a, b) => a - b)
      return { posted, p95: latencies[Math.floor(latencies.length * 0.95)]! }
    }

    const baseline = await round((i) => `plain post ${i}`, async () => {})
    await server.ctx.queue.drain()
    const link = `http://127.0.0.1:${hanging.port}/slow`
    const stuck = await round((i) => `look ${link} ${i}`, async () => {
      const until = Date.now() + 3000
      while (hanging.accepted === 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 10))
      expect(hanging.accepted).toBe(1)
    })
    // The fetch was still hanging when the reads were done: they really overlapped it.
    expect(hanging.open.size).toBe(1)
    // A stuck fetch is an idle socket: it costs the event loop nothing. A request path that
    // waited on it would take seconds (the 5 s time-out), so 4x the baseline p95 plus 50 ms
    // (for GC and scheduling noise when the baseline is a few ms) separates the two by far.
    expect(stuck.p95).toBeLessThanOrEqual(4 * baseline.p95 + 50)

    await server.ctx.queue.drain()
    // One connection for twenty posts: concurrent jobs for one link share one fetch, and once
    // it timed out the rest end at once rather than each waiting 5 s.
    expect(hanging.accepted).toBe(1)
    expect(Date.now() - hanging.firstAt).toBeLessThan(5000 + 2500)
    // Ended, not failed: nothing left queued for a retry.
    expect(await server.ctx.queue.size()).toBe(0)
    for (const id of stuck.posted) expect(await cardOf(id)).toBeNull()
  })
})
