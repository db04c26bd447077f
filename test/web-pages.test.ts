// The web app served by Phare: files and caching, the app's pages for every path no route
// claims (never for the server's own), and the server-written head of shared links.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { request } from 'node:http'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'
import { precompress } from '../scripts/precompress.mjs'

// A build of the web app as Vite writes one: index.html naming a hashed script, a favicon.
const SCRIPT = `const greeting = ${JSON.stringify('hello from the phare web app '.repeat(200))};\nconsole.log(greeting)\n`
const INDEX = `<!doctype html>\n<html lang="en">\n  <head>\n    <meta charset="utf-8" />\n    <title>Phare</title>\n` +
  `    <meta name="description" content="the app's own description" />\n    <script type="module" crossorigin src="/assets/index-AbC123.js"></script>\n  </head>\n  <body><div id="root"></div></body>\n</html>\n`

function fakeBuild(): string {
  const dir = mkdtempSync(join(tmpdir(), 'phare-web-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), INDEX)
  writeFileSync(join(dir, 'assets', 'index-AbC123.js'), SCRIPT)
  writeFileSync(join(dir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>')
  writeFileSync(join(dir, '.phare-build.json'), '{"secret":"not for the web"}')
  precompress(dir)
  // Written after precompression: a file the build did not compress is compressed by the server.
  writeFileSync(join(dir, 'assets', 'late-XyZ789.css'), `body{color:red}\n${'.x{margin:0}\n'.repeat(100)}`)
  return dir
}

const get = (server: TestServer, path: string, headers: Record<string, string> = {}, method = 'GET') =>
  fetch(`${server.url}${path}`, { method, headers, redirect: 'manual' })
/** A request exactly as written (fetch would normalise `..` away and decode the body). */
function raw(server: TestServer, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', reject)
    req.end()
  })
}
const html = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' }

/** The decoded content of a <meta> tag, or undefined. */
function metaOf(page: string, key: string): string | undefined {
  const m = new RegExp(`<meta (?:name|property)="${key}" content="([^"]*)">`).exec(page)
  return m?.[1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&')
}
const titleOf = (page: string) => /<title>([^<]*)<\/title>/.exec(page)?.[1]

describe('the built web app', () => {
  let server: TestServer
  let dist: string
  beforeAll(async () => {
    dist = fakeBuild()
    server = await startServer({}, { webDir: dist })
  })
  afterAll(async () => {
    await server.close()
    rmSync(dist, { recursive: true, force: true })
  })

  it('answers / with index.html, revalidated on every visit and not frameable', async () => {
    const res = await get(server, '/', html)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(await res.text()).toBe(INDEX)
  })

  it('serves hashed assets for a year, brotli or gzip as the browser accepts, the build’s own compressed files first', async () => {
    const path = '/assets/index-AbC123.js'
    const br = await raw(server, path, { 'accept-encoding': 'gzip, deflate, br' })
    expect(br.status).toBe(200)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(br.headers['content-type']).toBe('text/javascript; charset=utf-8')
    expect(br.headers['content-encoding']).toBe('br')
    expect(String(br.headers.vary).split(', ')).toContain('Accept-Encoding')
    expect(br.body.equals(readFileSync(join(dist, 'assets', 'index-AbC123.js.br')))).toBe(true)
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT)

    const gz = await raw(server, path, { 'accept-encoding': 'gzip;q=1, br;q=0' })
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gz.body.equals(readFileSync(join(dist, 'assets', 'index-AbC123.js.gz')))).toBe(true)
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT)

    const plain = await raw(server, path, { 'accept-encoding': 'identity' })
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.toString()).toBe(SCRIPT)
  })

  it('compresses an asset the build left uncompressed, and answers 304 to a known ETag', async () => {
    const res = await raw(server, '/assets/late-XyZ789.css', { 'accept-encoding': 'br' })
    expect(res.headers['content-encoding']).toBe('br')
    expect(res.headers['content-type']).toBe('text/css; charset=utf-8')
    expect(brotliDecompressSync(res.body).toString()).toContain('body{color:red}')
    const again = await get(server, '/assets/late-XyZ789.css', { 'if-none-match': String(res.headers.etag) })
    expect(again.status).toBe(304)
  })

  it('an unknown asset is a JSON 404, even for a browser', async () => {
    const res = await get(server, '/assets/index-Nope.js', html)
    expect(res.status).toBe(404)
    expect(await res.json()).toMatchObject({ code: 'not_found' })
  })

  it('serves files at the root of the build (favicon) but never dotfiles or paths outside it', async () => {
    const icon = await get(server, '/favicon.svg')
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toBe('image/svg+xml')
    expect(icon.headers.get('cache-control')).toBe('public, max-age=3600')
    for (const path of ['/.phare-build.json', '/assets/..%2f.phare-build.json', '/assets/../.phare-build.json', '/%2e%2e/package.json', '/assets/%2e%2e/%2e%2e/package.json', '/..%2f..%2fpackage.json']) {
      const res = await raw(server, path)
      expect(res.status, path).toBe(404)
      expect(res.body.toString(), path).not.toMatch(/not for the web|"workspaces"/)
    }
  })

  it('answers every page of the app with index.html for a browser (GET and HEAD)', async () => {
    for (const path of ['/home', '/local', '/tags/phare', '/notifications', '/settings', '/callback?code=x&state=y', '/sign-in']) {
      const res = await get(server, path, html)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('cache-control'), path).toBe('no-cache')
      expect(await res.text(), path).toBe(INDEX)
    }
    const head = await get(server, '/bookmarks', html, 'HEAD')
    expect(head.status).toBe(200)
    expect(head.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(await head.text()).toBe('')
  })

  it('never shadows the server: unknown API, OAuth and well-known paths stay JSON 404s with a code', async () => {
    for (const path of ['/api/v1/nope', '/api/v2/statuses/1/nope', '/api', '/oauth/nope', '/auth/nope', '/.well-known/nope', '/nodeinfo/9.9']) {
      const res = await get(server, path, html)
      expect(res.status, path).toBe(404)
      expect(res.headers.get('content-type'), path).toContain('application/json')
      expect(await res.json(), path).toMatchObject({ code: 'not_found' })
    }
    // Not a page: another method, or a client that does not want HTML.
    expect((await fetch(`${server.url}/home`, { method: 'POST', headers: html })).status).toBe(404)
    const json = await get(server, '/home', { accept: 'application/json' })
    expect(json.status).toBe(404)
    expect(await json.json()).toMatchObject({ code: 'not_found' })
  })

  it('registered routes win over the app', async () => {
    const live = await get(server, '/livez', html)
    expect(await live.json()).toEqual({ status: 'ok' })
    const instance = await get(server, '/api/v1/instance', html)
    expect(instance.headers.get('content-type')).toContain('application/json')
  })

  it('picks up a new build without a restart', async () => {
    const next = INDEX.replace('index-AbC123.js', 'index-New456.js')
    writeFileSync(join(dist, 'index.html'), next)
    // A different size makes the change visible even where file times are coarse.
    expect(await (await get(server, '/home', html)).text()).toBe(next)
    writeFileSync(join(dist, 'index.html'), INDEX)
  })
})

describe('a server without the web app built', () => {
  let server: TestServer
  beforeAll(async () => { server = await startServer({}, { webDir: join(tmpdir(), 'phare-no-such-build') }) })
  afterAll(async () => { await server.close() })

  it('says at / how to build it, and the API works', async () => {
    const res = await get(server, '/', html)
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toContain('is running')
    expect(text).toContain('npm run build -w @phare/web')
    expect((await get(server, '/home', html)).status).toBe(404)
    expect((await get(server, '/api/v1/instance')).status).toBe(200)
    expect(await (await get(server, '/api/v1/nope', html)).json()).toMatchObject({ code: 'not_found' })
  })
})

describe('shared links', () => {
  let server: TestServer
  let dist: string
  let alice: Person
  const posts: Record<string, string> = {}
  const EVIL_NAME = 'Alice "the <b>bold</b>" & co\'s'
  const EVIL_TEXT = 'Tom & Jerry <script>alert(1)</script> say "hi" — it\'s a #test'

  beforeAll(async () => {
    dist = fakeBuild()
    server = await startServer({ PHARE_INSTANCE_TITLE: 'Phare <Test>' }, { webDir: dist })
    ;[alice] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')])
    await alice.client.v1.accounts.updateCredentials({ displayName: EVIL_NAME, note: 'Lighthouse keeper.\n\nLikes <tags> & waves.' })
    const post = async (name: string, status: string, extra: Record<string, unknown> = {}) => {
      posts[name] = (await alice.client.v1.statuses.create({ status, ...extra })).id
    }
    await post('public', EVIL_TEXT, { visibility: 'public' })
    await post('unlisted', 'An unlisted thought', { visibility: 'unlisted' })
    await post('private', 'Followers only secret', { visibility: 'private' })
    await post('direct', '@bob a direct secret', { visibility: 'direct' })
    await post('cw', 'The hidden plot twist', { visibility: 'public', spoilerText: 'Spoilers for the film' })
    await post('deleted', 'Soon gone', { visibility: 'public' })
    await alice.client.v1.statuses.$select(posts.deleted).remove()
  })
  afterAll(async () => {
    await server.close()
    rmSync(dist, { recursive: true, force: true })
  })

  it('a public post’s page carries its title, description and Open Graph tags, all escaped', async () => {
    const res = await get(server, `/@alice/${posts.public}`, html)
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('no-cache')
    const page = await res.text()
    const url = `${server.url}/@alice/${posts.public}`
    expect(page.match(/<title>/g)).toHaveLength(1)
    expect(titleOf(page)).toBe(`Alice &quot;the &lt;b&gt;bold&lt;/b&gt;&quot; &amp; co&#39;s: “Tom &amp; Jerry &lt;script&gt;alert(1)&lt;/script&gt; say &quot;hi&quot; — it&#39;s a…” — Phare &lt;Test&gt;`)
    expect(metaOf(page, 'description')).toBe(EVIL_TEXT)
    expect(metaOf(page, 'og:description')).toBe(EVIL_TEXT)
    expect(metaOf(page, 'og:title')).toBe(`${EVIL_NAME} (@alice@${new URL(server.url).host})`)
    expect(metaOf(page, 'og:url')).toBe(url)
    expect(metaOf(page, 'og:type')).toBe('article')
    expect(metaOf(page, 'og:site_name')).toBe('Phare <Test>')
    expect(metaOf(page, 'og:image')).toBe(`${server.url}/avatars/original/missing.png`)
    expect(metaOf(page, 'twitter:card')).toBe('summary')
    expect(page).toContain(`<link rel="canonical" href="${url}">`)
    // The app's own title and description gave way; its script stays.
    expect(page).not.toContain("the app's own description")
    expect(page).toContain('src="/assets/index-AbC123.js"')
    expect(page).not.toContain('<script>alert(1)')
    expect(page).not.toContain('<b>bold')
  })

  it('an unlisted post previews too, and a post under a content warning shows only the warning', async () => {
    const unlisted = await get(server, `/@alice/${posts.unlisted}`, html)
    expect(unlisted.status).toBe(200)
    expect(metaOf(await unlisted.text(), 'og:description')).toBe('An unlisted thought')
    const cw = await (await get(server, `/@alice/${posts.cw}`, html)).text()
    expect(metaOf(cw, 'og:description')).toBe('Content warning: Spoilers for the film')
    expect(cw).not.toContain('plot twist')
  })

  it('private, direct, deleted, unknown and misattributed posts are 404s with a neutral head that reveals nothing', async () => {
    for (const path of [`/@alice/${posts.private}`, `/@alice/${posts.direct}`, `/@alice/${posts.deleted}`, '/@alice/999999999', '/@alice/not-a-number', `/@bob/${posts.public}`, `/@nobody/${posts.public}`]) {
      const res = await get(server, path, html)
      expect(res.status, path).toBe(404)
      const page = await res.text()
      expect(titleOf(page), path).toBe('Not found — Phare &lt;Test&gt;')
      expect(metaOf(page, 'robots'), path).toBe('noindex')
      expect(page, path).not.toMatch(/secret|Soon gone|Tom &amp; Jerry|og:title/)
      // The app still loads, to say so in its own words.
      expect(page, path).toContain('src="/assets/index-AbC123.js"')
    }
  })

  it('a profile’s page has the person’s name, handle, counts and bio', async () => {
    const res = await get(server, '/@alice', html)
    expect(res.status).toBe(200)
    const page = await res.text()
    const host = new URL(server.url).host
    expect(metaOf(page, 'og:title')).toBe(`${EVIL_NAME} (@alice@${host})`)
    expect(metaOf(page, 'og:type')).toBe('profile')
    expect(metaOf(page, 'og:url')).toBe(`${server.url}/@alice`)
    const me = await alice.client.v1.accounts.verifyCredentials()
    expect(metaOf(page, 'description')).toBe(`${me.statusesCount} posts, 0 following, 0 followers · Lighthouse keeper. Likes <tags> & waves.`)
    expect(page).not.toContain('<tags>')
    // acct with the domain, as Mastodon links write it
    expect((await get(server, `/@alice@${host}`, html)).status).toBe(200)
  })

  it('unknown and suspended accounts are 404s', async () => {
    expect((await get(server, '/@nobody', html)).status).toBe(404)
    await server.ctx.db.updateTable('accounts').set({ suspended: 1 }).where('username', '=', 'bob').execute()
    const res = await get(server, '/@bob', html)
    expect(res.status).toBe(404)
    expect(await res.text()).not.toContain('(@bob')
  })

  it('a room’s page exists from its creation and previews as a room (upcoming, then live); an unknown room is a neutral 404', async () => {
    const created = await api(server, alice.token, 'POST', '/api/v1/phare/rooms', { title: 'Night <shift>', description: 'Keepers talk', scheduled_at: new Date(Date.now() + 86_400_000).toISOString() })
    const room = created.json
    const res = await get(server, `/rooms/${room.id}`, html)
    expect(res.status).toBe(200)
    const page = await res.text()
    expect(metaOf(page, 'og:title')).toBe('🎙️ Night <shift>')
    expect(metaOf(page, 'og:description')).toMatch(/^Live audio room · Starts \d{4}-\d\d-\d\d \d\d:\d\d UTC · hosted by .* · Keepers talk$/)
    expect(metaOf(page, 'og:url')).toBe(room.url)
    expect(page).toContain('id="root"')
    await api(server, alice.token, 'POST', `/api/v1/phare/rooms/${room.id}/start`)
    expect(metaOf(await (await get(server, `/rooms/${room.id}`, html)).text(), 'og:description')).toMatch(/^Live audio room · Live now/)
    const unknown = await get(server, '/rooms/123456789', html)
    expect(unknown.status).toBe(404)
    expect(await unknown.text()).not.toContain('og:title')
  })

  it('HEAD of a shared link answers like GET without a body', async () => {
    const res = await get(server, `/@alice/${posts.public}`, html, 'HEAD')
    expect(res.status).toBe(200)
    expect(await res.text()).toBe('')
  })
})
