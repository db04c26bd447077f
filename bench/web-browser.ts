// The web benchmark's measurements in headless Chromium (Debian's, driven by playwright-core):
// a cold load of /home signed in, and a fast scroll through the whole timeline.
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Chromium as the benchmark runs it: no sandbox (containers), no GPU, nothing in the background. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']

/** Starts headless Chromium. */
export function launchChromium(executablePath = '/usr/bin/chromium'): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS })
}

export interface Viewport { width: number; height: number; mobile: boolean }

export interface ScriptLoad { url: string; encoding: string | null; transferred: number; decoded: number; gzip: number }

export interface ColdLoad {
  /** from navigation start to the frame after the first post entered the viewport */
  firstPostMs: number
  domContentLoadedMs: number
  /** every script fetched until the network went quiet after the first post */
  scripts: ScriptLoad[]
}

export interface ScrollRun {
  seconds: number
  /** distinct posts that were rendered during the scroll */
  postsSeen: number
  frames: number
  fps: number
  p95FrameMs: number
  /** frames that took longer than two display refreshes (33 ms) */
  slowFrames: number
  longTasks: { start: number; duration: number }[]
  /** timeline pages fetched while scrolling (times from the scroll's start) */
  pages: { start: number; end: number }[]
}

const PROBE = fileURLToPath(new URL('./web-probe.js', import.meta.url))

/** A fresh context (empty cache) signed in the way the web app keeps its session, with the probe in every page. */
async function signedInContext(browser: Browser, base: string, token: string, viewport: Viewport, selector: string): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: viewport.width, height: viewport.height }, isMobile: viewport.mobile, hasTouch: viewport.mobile,
    deviceScaleFactor: viewport.mobile ? 2 : 1, locale: 'en-US', serviceWorkers: 'block',
  })
  await context.addInitScript(`window.__benchConfig = ${JSON.stringify({ origin: new URL(base).origin, token, selector })}`)
  await context.addInitScript({ path: PROBE })
  return context
}

/**
 * Waits until `expr` is true in the page. Polled with plain evaluations: the app's
 * Content-Security-Policy forbids the eval that page.waitForFunction uses, and the times
 * that matter are taken inside the page anyway.
 */
async function waitFor(page: Page, expr: string, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs
  while (!(await page.evaluate<boolean>(expr))) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${expr} on ${page.url()}`)
    await new Promise((r) => setTimeout(r, 20))
  }
}

// The probe's state, read from the page (web-probe.js runs in the browser; the types here describe what it returns).
const probe = {
  firstPostShown: 'window.__bench != null && window.__bench.firstPost != null',
  firstPost: 'window.__bench.firstPost',
  navigation: 'window.__bench.navigation()',
  start: 'window.__bench.start()',
  seen: 'window.__bench.seen.size',
  stop: 'window.__bench.stop()',
}

/** Opens /home in a fresh context and measures what a person waits for. */
export async function coldLoad(browser: Browser, base: string, token: string, viewport: Viewport, selector: string): Promise<ColdLoad> {
  const context = await signedInContext(browser, base, token, viewport, selector)
  try {
    const page = await context.newPage()
    const pending: Promise<ScriptLoad>[] = []
    page.on('response', (res) => {
      if (res.request().resourceType() !== 'script') return
      pending.push((async () => {
        const [sizes, body] = await Promise.all([res.request().sizes(), res.body()])
        return {
          url: res.url(), encoding: res.headers()['content-encoding'] ?? null, transferred: sizes.responseBodySize,
          decoded: body.length, gzip: gzipSync(body, { level: 9 }).length,
        }
      })())
    })
    await page.goto(`${base}/home`, { waitUntil: 'commit' })
    await waitFor(page, probe.firstPostShown)
    await page.waitForLoadState('networkidle')
    const firstPostMs = await page.evaluate<number>(probe.firstPost)
    const nav = await page.evaluate<{ domContentLoaded: number }>(probe.navigation)
    return { firstPostMs, domContentLoadedMs: nav.domContentLoaded, scripts: await Promise.all(pending) }
  } finally {
    await context.close()
  }
}

/** Loads /home, then scrolls with wheel gestures until `target` posts went by (or progress stops). */
export async function scrollThrough(browser: Browser, base: string, token: string, viewport: Viewport, selector: string, target: number, speed: number): Promise<ScrollRun> {
  const context = await signedInContext(browser, base, token, viewport, selector)
  try {
    const page = await context.newPage()
    await page.goto(`${base}/home`)
    await waitFor(page, probe.firstPostShown)
    await page.waitForLoadState('networkidle')
    const start = await page.evaluate<number>(probe.start)
    const cdp = await context.newCDPSession(page)
    const x = Math.round(viewport.width / 2)
    const y = Math.round(viewport.height / 2)
    let seen = 0
    let stalledSince = Date.now()
    while (seen < target && Date.now() - stalledSince < 15_000) {
      await cdp.send('Input.synthesizeScrollGesture', {
        x, y, yDistance: -speed, speed, gestureSourceType: 'mouse', preventFling: true,
      })
      const now = await page.evaluate<number>(probe.seen)
      if (now > seen) { seen = now; stalledSince = Date.now() }
    }
    const r = await page.evaluate<{ frames: number[]; longTasks: { start: number; duration: number }[]; seen: number; end: number; pages: { start: number; end: number }[] }>(probe.stop)
    const gaps = r.frames.slice(1).map((t, i) => t - r.frames[i]).sort((a, b) => a - b)
    const span = (r.frames[r.frames.length - 1] - r.frames[0]) / 1000
    return {
      seconds: (r.end - start) / 1000, postsSeen: r.seen, frames: r.frames.length,
      fps: span > 0 ? (r.frames.length - 1) / span : 0,
      p95FrameMs: gaps.length ? gaps[Math.min(gaps.length - 1, Math.floor(gaps.length * 0.95))] : 0,
      slowFrames: gaps.filter((g) => g > 33.4).length,
      longTasks: r.longTasks.map((t) => ({ start: t.start - start, duration: t.duration })),
      pages: r.pages.map((p) => ({ start: p.start - start, end: p.end - start })),
    }
  } finally {
    await context.close()
  }
}
