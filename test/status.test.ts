// The status page tells the truth by itself: Phare and the status process run apart, on
// loopback, with a 2 s probe interval; Phare is killed, restarted and broken for real.
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort, startPhare, startStatus, type Proc } from './support/status-process.ts'
import { freshPostgres, TEST_LIMITS } from './support/server.ts'
import { launchBrowser, newPerson, pageErrors, screenshot } from './e2e/support/browser.ts'

const INTERVAL_MS = 2000
const ADMIN = 'admin-token-for-tests'
const dir = mkdtempSync(join(tmpdir(), 'phare-status-'))
const phareDir = join(dir, 'phare')
let pg: Awaited<ReturnType<typeof freshPostgres>> | null = null
let phareEnv: Record<string, string>
let phare: Proc
let status: Proc
let phare_port: number
const others: Proc[] = []

interface Summary {
  page: { name: string }
  components: { id: string; name: string; status: string }[]
  incidents: { id: string; name: string; status: string; kind: string; components: { name: string }[]; incident_updates: { status: string; body: string }[] }[]
  scheduled_maintenances: { name: string; status: string }[]
  status: { indicator: string; description: string }
}

const get = async (path: string, base = status.url) => fetch(`${base}${path}`)
const summaryOf = async (base = status.url): Promise<Summary> => (await get('/api/v2/summary.json', base)).json() as Promise<Summary>
const states = (s: Summary) => Object.fromEntries(s.components.map((c) => [c.name, c.status]))

/** Polls the summary until `ok` holds; `each` may assert on every sample on the way. */
async function until(ok: (s: Summary) => boolean, what: string, ms: number, each?: (s: Summary) => void, base = status.url): Promise<Summary> {
  const end = Date.now() + ms
  let s = await summaryOf(base)
  for (;;) {
    each?.(s)
    if (ok(s)) return s
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms; last summary ${JSON.stringify(states(s))}\n${status.output().slice(-2000)}`)
    await new Promise((r) => setTimeout(r, 200))
    s = await summaryOf(base)
  }
}
const all = (status: string) => (s: Summary) => s.components.every((c) => c.status === status)

beforeAll(async () => {
  mkdirSync(phareDir)
  const limits = join(dir, 'limits.json')
  // The probes run every 2 s here, far more often than the per-account defaults expect of a person.
  writeFileSync(limits, JSON.stringify({ policies: { ...TEST_LIMITS.policies, 'media-account': { limit: 100_000 }, 'media-account-day': { limit: 100_000 }, 'writes-account-hour': { limit: 100_000 }, 'writes-account-day': { limit: 100_000 }, 'requests-account': { limit: 100_000 }, 'requests-token': { limit: 100_000 } } }))
  const statusPort = await freePort()
  phare_port = await freePort()
  if (process.env.PHARE_TEST_DATABASE_URL) pg = await freshPostgres(process.env.PHARE_TEST_DATABASE_URL)
  phareEnv = {
    PHARE_LIMITS_FILE: limits,
    // The link-preview journey links to a page of the status process: Phare may fetch it although it is on loopback.
    PHARE_PREVIEW_ALLOW_HOSTS: `127.0.0.1:${statusPort}`,
    // The web app links to the status page and shows its outages in a banner.
    PHARE_STATUS_URL: `http://127.0.0.1:${statusPort}`,
    ...(pg ? { PHARE_DATABASE_URL: pg.url } : {}),
  }
  phare = await startPhare(phare_port, phareDir, phareEnv)
  status = await startStatus(statusPort, {
    PHARE_STATUS_TARGET: phare.url, PHARE_STATUS_DATA_DIR: join(dir, 'status'), PHARE_STATUS_INTERVAL_S: String(INTERVAL_MS / 1000),
    PHARE_STATUS_SLOW_EVERY_S: '0', PHARE_STATUS_PREVIEWS: 'on', PHARE_STATUS_ADMIN_TOKEN: ADMIN, PHARE_STATUS_REPORT_BURST: '5',
    PHARE_STATUS_PUBLIC_URL: `http://127.0.0.1:${statusPort}`,
  })
}, 90_000)

afterAll(async () => {
  for (const p of [status, ...others]) await p?.stop()
  await phare?.stop()
  await pg?.drop()
  rmSync(dir, { recursive: true, force: true })
})

async function shot(name: string): Promise<void> {
  const browser = await launchBrowser()
  try {
    const { page } = await newPerson(browser, status.url)
    await page.goto('/')
    await screenshot(page, name)
  } finally { await browser.close() }
}

/** Opens the web app of Phare; returns the banner's text ('' without one) once the app has rendered. */
async function webApp(name: string): Promise<string> {
  const browser = await launchBrowser()
  try {
    const { page } = await newPerson(browser, phare.url)
    await page.goto('/')
    await page.locator('.view-title').first().waitFor()
    // The banner asks the status page after the app's own status setting: give both a moment.
    await page.waitForTimeout(1500)
    await screenshot(page, name)
    expect(pageErrors(page)).toEqual([])
    const banner = page.locator('.status-banner')
    return (await banner.count()) ? await banner.innerText() : ''
  } finally { await browser.close() }
}

describe('the status page, driven by probes of a real Phare', () => {
  it('shows every component operational while Phare is healthy, in HTML, JSON, feed and badges', async () => {
    const s = await until(all('operational'), 'all green', 40_000)
    expect(s.status).toEqual({ indicator: 'none', description: 'All systems operational' })
    expect(s.components.map((c) => c.name)).toEqual(['Sign-in', 'Posting', 'Timelines', 'Live updates', 'Media', 'Rooms', 'API'])
    expect(s.incidents).toEqual([])
    const res = await get('/api/v2/summary.json')
    expect(res.headers.get('access-control-allow-origin')).toBe('*')
    const html = await (await get('/')).text()
    expect(html).toContain('All systems operational')
    expect(html).not.toMatch(/<script/i)
    expect(html).not.toContain(phare.url.replace('http://', ''))
    expect(html).toContain('<svg class="bars"')
    expect(html).toContain('<svg class="chart"')
    const badge = await get('/badge/media.svg')
    expect(badge.headers.get('content-type')).toContain('image/svg+xml')
    expect(await badge.text()).toContain('operational')
    // Every journey ran its steps for real: the link preview and the live room included.
    expect(html).toMatch(/preview card<\/td><td>Posting<\/td><td>pass/)
    expect(html).toMatch(/receive a segment<\/td><td>Rooms<\/td><td>pass/)
    await shot('status-healthy')
  }, 60_000)

  it('shows Posting degraded with the message while Phare is read-only, nothing down, and operational again once lifted', async () => {
    const message = 'Moving to a bigger disk, back at 14:00 UTC'
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHARE_'))), PHARE_DATA_DIR: phareDir, ...(pg ? { PHARE_DATABASE_URL: pg.url } : {}) }
    const cli = (...args: string[]) => execFileSync(process.execPath, ['scripts/phare.mjs', ...args], { cwd: join(import.meta.dirname, '..'), env, stdio: 'pipe' })
    cli('read-only', 'on', message)
    try {
      const s = await until((x) => states(x).Posting === 'degraded_performance', 'Posting degraded', 30_000)
      expect(Object.values(states(s))).not.toContain('major_outage')
      expect(states(s).Timelines).toBe('operational')
      expect(await (await get('/')).text()).toContain(message)
    } finally { cli('read-only', 'off') }
    await until(all('operational'), 'all green again', 40_000)
  }, 90_000)

  it('turns every component to outage within 3 probe intervals when Phare is killed; the page and feed still load and an incident opens', async () => {
    await phare.kill()
    const killedAt = Date.now()
    const s = await until(all('major_outage'), 'all red', 3 * INTERVAL_MS + 2000)
    expect(Date.now() - killedAt).toBeLessThanOrEqual(3 * INTERVAL_MS + 2000)
    expect(s.status.indicator).toBe('critical')
    const inc = s.incidents.find((i) => i.kind === 'probes')!
    expect(inc.status).toBe('investigating')
    expect(inc.components.map((c) => c.name).sort()).toEqual(s.components.map((c) => c.name).sort())
    const page = await get('/')
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('Major outage')
    const feed = await get('/feed.atom')
    expect(feed.headers.get('content-type')).toContain('application/atom+xml')
    expect(await feed.text()).toContain(`<title>${inc.name} (investigating)</title>`)
    await shot('status-outage')
  }, 60_000)

  it('recovers when Phare restarts on the same data and port, and the incident closes by itself', async () => {
    phare = await startPhare(phare_port, phareDir, phareEnv)
    await until((s) => all('operational')(s) && s.incidents.length === 0, 'recovery', 40_000)
    const history = (await (await get('/api/v2/incidents.json')).json()) as { incidents: { status: string; resolved_at: string | null; incident_updates: { status: string }[] }[] }
    expect(history.incidents[0]!.status).toBe('resolved')
    expect(history.incidents[0]!.resolved_at).not.toBeNull()
    const updates = history.incidents[0]!.incident_updates.map((u) => u.status)
    expect([updates[0], updates.at(-1)]).toEqual(['resolved', 'investigating'])
  }, 60_000)

  it('breaking only media storage turns Media red while Posting and Timelines stay green; the operator may add words but not resolve it', async () => {
    // The media directory becomes a plain file: every write of an upload fails, as a full or broken disk would (even as root).
    rmSync(join(phareDir, 'media'), { recursive: true, force: true })
    writeFileSync(join(phareDir, 'media'), 'not a directory')
    const s = await until((x) => states(x).Media === 'major_outage', 'Media red', 60_000, (x) => {
      expect(states(x).Posting).toBe('operational')
      expect(states(x).Timelines).toBe('operational')
    })
    expect(s.status.indicator).toBe('major')
    const inc = await until((x) => x.incidents.some((i) => i.kind === 'probes'), 'an incident', 10_000)
    const id = inc.incidents.find((i) => i.kind === 'probes')!
    expect(id.components.map((c) => c.name)).toEqual(['Media'])

    const admin = (path: string, body: unknown, token = ADMIN) => fetch(`${status.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) })
    expect((await admin(`/admin/incidents/${id.id}/updates`, { status: 'resolved', body: 'All good!' })).status).toBe(409)
    expect((await admin(`/admin/incidents/${id.id}/updates`, { status: 'identified', body: 'The media disk is broken.' }, 'wrong')).status).toBe(401)
    expect((await admin(`/admin/incidents/${id.id}/updates`, { status: 'identified', body: 'The media disk is broken.' })).status).toBe(201)
    expect((await summaryOf()).incidents.find((i) => i.id === id.id)!.incident_updates[0]).toMatchObject({ status: 'identified', body: 'The media disk is broken.' })
    expect(states(await summaryOf()).Media).toBe('major_outage')
    expect((await (await fetch(`${phare.url}/api/v1/phare/status`)).json())).toEqual({ status_url: status.url })
    expect(await webApp('status-banner-web')).toMatch(/not working right now: Media\./)

    rmSync(join(phareDir, 'media'))
    mkdirSync(join(phareDir, 'media'))
    await until((x) => states(x).Media === 'operational' && x.incidents.length === 0, 'Media back', 60_000)
  }, 150_000)

  it('an operator announces maintenance, shown in the summary without changing any component', async () => {
    const res = await fetch(`${status.url}/admin/maintenance`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN}` },
      body: JSON.stringify({ title: 'Database upgrade', body: 'A few minutes of read-only mode.', starts_at: new Date(Date.now() + 3_600_000).toISOString(), ends_at: new Date(Date.now() + 7_200_000).toISOString(), components: ['Posting'] }),
    })
    expect(res.status).toBe(201)
    const s = await summaryOf()
    expect(s.scheduled_maintenances.map((m) => [m.name, m.status])).toEqual([['Database upgrade', 'scheduled']])
    expect(states(s).Posting).toBe('operational')
  })

  it('one person pressing the report button many times is one signal; a burst of reports from many opens an "investigating" incident although the probes pass', async () => {
    const report = (from: string, form = false) => fetch(`${status.url}/reports`, form
      ? { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': from }, body: new URLSearchParams({ what: 'I cannot sign in', where: 'Sign-in', contact: '' }).toString() }
      : { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': from }, body: JSON.stringify({ what: 'The timeline is empty', where: 'Timelines' }) })
    for (let i = 0; i < 8; i++) expect((await report('198.51.100.1')).status).toBe(201)
    expect((await summaryOf()).incidents.filter((i) => i.kind === 'reports')).toEqual([])
    const viaForm = await report('198.51.100.2', true)
    expect([viaForm.status, viaForm.headers.get('location')]).toEqual([303, '/?reported=1#report'])
    for (let i = 3; i <= 5; i++) await report(`198.51.100.${i}`)
    const s = await summaryOf()
    const inc = s.incidents.find((i) => i.kind === 'reports')!
    expect(inc.status).toBe('investigating')
    expect(inc.incident_updates[0]!.body).toMatch(/^5 people reported a problem/)
    expect(all('operational')(s)).toBe(true)
    expect((await (await get('/')).text())).toContain('People report problems')
  })

  it('the web app shows no banner, and does not break, when the status page is healthy or unreachable', async () => {
    await until(all('operational'), 'all green', 30_000)
    expect(await webApp('status-web-healthy')).toBe('')
    await status.stop()
    expect(await webApp('status-web-unreachable')).toBe('')
  }, 60_000)

  it('a probe with no route to its target marks itself unknown instead of blaming the app, and opens no incident', async () => {
    // 2001:db8::/32 is for documentation: no route leads there, connecting fails with EHOSTUNREACH / ENETUNREACH.
    const noRoute = await startStatus(await freePort(), { PHARE_STATUS_TARGET: 'http://[2001:db8::1]:8080', PHARE_STATUS_DATA_DIR: join(dir, 'status-noroute'), PHARE_STATUS_INTERVAL_S: '2' })
    others.push(noRoute)
    // A target that refuses while the control endpoint is unreachable too: this machine is cut off.
    const cutOff = await startStatus(await freePort(), { PHARE_STATUS_TARGET: `http://127.0.0.1:${await freePort()}`, PHARE_STATUS_CONTROL: `127.0.0.1:${await freePort()}`, PHARE_STATUS_DATA_DIR: join(dir, 'status-cutoff'), PHARE_STATUS_INTERVAL_S: '2' })
    others.push(cutOff)
    for (const p of [noRoute, cutOff]) {
      // Wait for rounds to have run (the no-route one waits ~3 s for the kernel to give up).
      const s = await until(all('unknown'), 'unknown', 20_000, undefined, p.url)
      await new Promise((r) => setTimeout(r, 3 * INTERVAL_MS + 1000))
      const later = await summaryOf(p.url)
      expect(all('unknown')(later)).toBe(true)
      expect(later.incidents).toEqual([])
      expect(s.status.description).toMatch(/unknown/i)
      const latest = await (await get('/', p.url)).text()
      expect(latest).toMatch(/no network/)
    }
  }, 60_000)
})
