import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { SafeFetchError, safeFetch, type SafeFetchErrorCode } from './safe-fetch.ts'

type Seen = { connections: number, requests: http.IncomingMessage[] }
type TestServer = Seen & { port: number, origin: string, close: () => Promise<void> }
const servers: TestServer[] = []

/** A real HTTP server on loopback that records every connection and request it sees. */
async function serve(host: string, handler: http.RequestListener): Promise<TestServer> {
  const server = http.createServer(handler)
  const seen: Seen = { connections: 0, requests: [] }
  server.on('connection', () => { seen.connections++ })
  server.on('request', (req) => { seen.requests.push(req) })
  await new Promise<void>((resolve) => server.listen(0, host, resolve))
  const port = (server.address() as AddressInfo).port
  const t: TestServer = Object.assign(seen, {
    port,
    origin: host.includes(':') ? `http://[${host}]:${port}` : `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  })
  servers.push(t)
  return t
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()))
})

const ok: http.RequestListener = (_req, res) => { res.setHeader('content-type', 'text/html; charset=utf-8'); res.end('<title>hi</title>') }

async function codeOf(promise: Promise<unknown>): Promise<SafeFetchErrorCode> {
  try {
    await promise
  } catch (err) {
    if (err instanceof SafeFetchError) return err.code
    throw err
  }
  throw new Error('expected safeFetch to refuse')
}

describe('safeFetch', () => {
  it('fetches an allow-listed page with the caller\'s User-Agent and Accept, and no cookies', async () => {
    const s = await serve('127.0.0.1', ok)
    const r = await safeFetch(`${s.origin}/page?x=1`, {
      allowHosts: [`127.0.0.1:${s.port}`], userAgent: 'Phare link preview (+https://phare.test)', accept: 'text/html',
    })
    expect(r.status).toBe(200)
    expect(r.body.toString()).toBe('<title>hi</title>')
    expect(r.contentType).toBe('text/html; charset=utf-8')
    expect(r.finalUrl).toBe(`${s.origin}/page?x=1`)
    const req = s.requests[0]!
    expect(req.url).toBe('/page?x=1')
    expect(req.headers['user-agent']).toBe('Phare link preview (+https://phare.test)')
    expect(req.headers.accept).toBe('text/html')
    expect(req.headers.cookie).toBeUndefined()
    expect(req.headers.host).toBe(`127.0.0.1:${s.port}`)
  })

  it('connects to the address it resolved while keeping the name in the Host header, over IPv4 and IPv6', async () => {
    const v4 = await serve('127.0.0.1', ok)
    const r = await safeFetch(`http://localhost:${v4.port}/`, { allowHosts: [`localhost:${v4.port}`] })
    expect(r.body.toString()).toBe('<title>hi</title>')
    expect(v4.requests[0]!.headers.host).toBe(`localhost:${v4.port}`)
    const v6 = await serve('::1', ok)
    const r6 = await safeFetch(`${v6.origin}/six`, { allowHosts: [`[::1]:${v6.port}`] })
    expect(r6.finalUrl).toBe(`${v6.origin}/six`)
    expect(v6.requests[0]!.headers.host).toBe(`[::1]:${v6.port}`)
  })

  it('refuses loopback addresses and names that resolve to loopback without any connection reaching the server', async () => {
    const v4 = await serve('127.0.0.1', ok)
    const v6 = await serve('::1', ok)
    const urls = [
      `http://127.0.0.1:${v4.port}/`,
      `http://localhost:${v4.port}/`,
      `http://2130706433:${v4.port}/`, // decimal form of 127.0.0.1
      `http://0x7f.1:${v4.port}/`, // shorthand hex form of 127.0.0.1
      `http://127.1:${v4.port}/`,
      `http://[::ffff:127.0.0.1]:${v4.port}/`,
      `http://[::1]:${v6.port}/`,
      `http://[0:0:0:0:0:0:0:1]:${v6.port}/`,
    ]
    for (const url of urls) expect(await codeOf(safeFetch(url)), url).toBe('address_refused')
    expect(v4.connections).toBe(0)
    expect(v6.connections).toBe(0)
  })

  it.each(['http://10.0.0.1/', 'http://169.254.169.254/latest/meta-data/', 'https://192.168.1.1/', 'http://[fd00::1]/', 'http://[fe80::1]/', 'http://0.0.0.0/'])(
    'refuses %s at once, before any connection attempt', async (url) => {
      const started = performance.now()
      expect(await codeOf(safeFetch(url, { timeoutMs: 3000 }))).toBe('address_refused')
      // A connection attempt to an unroutable address would hang until the timeout.
      expect(performance.now() - started).toBeLessThan(200)
    })

  it('refuses an allow-listed page that redirects to a loopback URL that is not allow-listed, without reaching it', async () => {
    const target = await serve('127.0.0.1', ok)
    const page = await serve('127.0.0.1', (req, res) => {
      const to = req.url === '/a' ? `${target.origin}/secret` : `http://localhost:${target.port}/secret`
      res.writeHead(302, { location: to }).end()
    })
    const allowHosts = [`127.0.0.1:${page.port}`]
    expect(await codeOf(safeFetch(`${page.origin}/a`, { allowHosts }))).toBe('address_refused')
    expect(await codeOf(safeFetch(`${page.origin}/b`, { allowHosts }))).toBe('address_refused')
    expect(page.requests.length).toBe(2)
    expect(target.connections).toBe(0)
  })

  it('follows up to three redirects, relative ones included, and refuses a fourth', async () => {
    const s = await serve('127.0.0.1', (req, res) => {
      const n = Number(req.url!.slice(1))
      if (n > 0) res.writeHead(n % 2 ? 301 : 307, { location: `/${n - 1}`, 'set-cookie': 'session=1' }).end()
      else ok(req, res)
    })
    const allowHosts = [`127.0.0.1:${s.port}`]
    const r = await safeFetch(`${s.origin}/3`, { allowHosts })
    expect(r.finalUrl).toBe(`${s.origin}/0`)
    expect(r.body.toString()).toBe('<title>hi</title>')
    expect(s.requests.every((req) => req.headers.cookie === undefined)).toBe(true)
    s.requests.length = 0
    expect(await codeOf(safeFetch(`${s.origin}/4`, { allowHosts }))).toBe('too_many_redirects')
    expect(s.requests.map((req) => req.url)).toEqual(['/4', '/3', '/2', '/1'])
    expect(await codeOf(safeFetch(`${s.origin}/1`, { allowHosts, maxRedirects: 0 }))).toBe('too_many_redirects')
  })

  it('refuses a body over the byte cap, declared or streamed, and stops reading a stream that never ends', async () => {
    let streamClosed = false
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/declared') return void res.writeHead(200, { 'content-length': '2000' }).end(Buffer.alloc(2000))
      if (req.url === '/exact') return void res.end(Buffer.alloc(1000, 1))
      // No Content-Length: keep writing until the client hangs up.
      res.writeHead(200, { 'content-type': 'application/octet-stream' })
      const timer = setInterval(() => res.write(Buffer.alloc(16_384)), 1)
      res.on('close', () => { clearInterval(timer); streamClosed = true })
    })
    const opts = { allowHosts: [`127.0.0.1:${s.port}`], maxBytes: 1000, timeoutMs: 3000 }
    expect(await codeOf(safeFetch(`${s.origin}/declared`, opts))).toBe('too_large')
    expect(await codeOf(safeFetch(`${s.origin}/endless`, opts))).toBe('too_large')
    await expect.poll(() => streamClosed).toBe(true)
    expect((await safeFetch(`${s.origin}/exact`, opts)).body.length).toBe(1000)
  })

  it('with a cap by content type, cuts an endless page at its cap and still refuses an oversized image', async () => {
    let pageClosed = false
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/photo') return void res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': '5000' }).end(Buffer.alloc(5000))
      res.writeHead(200, { 'content-type': 'text/html', 'content-length': '100000000' })
      res.write('<title>top</title>')
      const timer = setInterval(() => res.write(Buffer.alloc(16_384, 32)), 1)
      res.on('close', () => { clearInterval(timer); pageClosed = true })
    })
    const capFor = (type: string) => (type.startsWith('image/') ? { maxBytes: 4000 } : { maxBytes: 1000, truncate: true })
    const opts = { allowHosts: [`127.0.0.1:${s.port}`], timeoutMs: 3000, capFor }
    const page = await safeFetch(`${s.origin}/page`, opts)
    expect(page.body.length).toBe(1000)
    expect(page.body.toString('latin1', 0, 18)).toBe('<title>top</title>')
    await expect.poll(() => pageClosed).toBe(true)
    expect(await codeOf(safeFetch(`${s.origin}/photo`, opts))).toBe('too_large')
  })

  it('times out on a server that never answers and on a body that never ends', async () => {
    const s = await serve('127.0.0.1', (req, res) => {
      if (req.url === '/slow-body') { res.writeHead(200); res.write('partial') }
    })
    const opts = { allowHosts: [`127.0.0.1:${s.port}`], timeoutMs: 300 }
    for (const path of ['/silent', '/slow-body']) {
      const started = performance.now()
      expect(await codeOf(safeFetch(`${s.origin}${path}`, opts))).toBe('timeout')
      expect(performance.now() - started).toBeLessThan(1500)
    }
  })

  it('reports a non-2xx answer as bad_status with the status', async () => {
    const s = await serve('127.0.0.1', (_req, res) => { res.writeHead(404).end('nope') })
    const err = await safeFetch(`${s.origin}/`, { allowHosts: [`127.0.0.1:${s.port}`] }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(SafeFetchError)
    expect((err as SafeFetchError).code).toBe('bad_status')
    expect((err as SafeFetchError).status).toBe(404)
  })

  it.each(['file:///etc/passwd', 'ftp://example.com/x', 'data:text/html,<script>1</script>', 'javascript:alert(1)', 'gopher://example.com/', 'ws://example.com/', 'not a url', ''])(
    'refuses the non-http URL %j', async (url) => {
      expect(await codeOf(safeFetch(url))).toBe('url_refused')
    })

  it('refuses URLs with credentials, even on an allow-listed host, without a request', async () => {
    const s = await serve('127.0.0.1', ok)
    const allowHosts = [`127.0.0.1:${s.port}`]
    expect(await codeOf(safeFetch(`http://user:pass@127.0.0.1:${s.port}/`, { allowHosts }))).toBe('url_refused')
    expect(await codeOf(safeFetch(`http://user@127.0.0.1:${s.port}/`, { allowHosts }))).toBe('url_refused')
    expect(s.connections).toBe(0)
  })

  it('refuses ports other than 80 and 443 on public addresses, without connecting', async () => {
    const started = performance.now()
    expect(await codeOf(safeFetch('http://93.184.215.14:8080/', { timeoutMs: 3000 }))).toBe('url_refused')
    expect(await codeOf(safeFetch('https://93.184.215.14:22/', { timeoutMs: 3000 }))).toBe('url_refused')
    expect(performance.now() - started).toBeLessThan(200)
  })
})
