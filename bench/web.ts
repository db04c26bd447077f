// The web app's benchmark (`npm run bench:web`): builds the app, starts Phare on loopback
// with a reader whose home timeline holds 500 posts, and measures in headless Chromium
// what issue 4 names: JavaScript shipped for the first view (gzipped), time to the first
// post on a cold load of /home, and long tasks and frame rate while scrolling the 500 posts.
//   npm run bench:web                     desktop (1280×800), 500 posts, 5 cold loads
//   npm run bench:web -- --phone          a 375×812 phone (scrolled by wheel gestures too)
//   --posts N  --runs N  --speed PX_PER_S (scroll gesture speed, 3000)  --chromium PATH
//   --selector CSS (what counts as a post; article[data-status-id])
// Progress goes to stderr, the table to stdout.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { startPhare, type Running } from './processes.ts'
import { seedHome } from './web-seed.ts'
import { coldLoad, launchChromium, scrollThrough, type ColdLoad, type ScrollRun, type Viewport } from './web-browser.ts'
import type { Browser } from 'playwright-core'

const argv = process.argv.slice(2)
const option = (name: string) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined }
const posts = Number(option('--posts') ?? 500)
const runs = Number(option('--runs') ?? 5)
const speed = Number(option('--speed') ?? 3000)
const selector = option('--selector') ?? 'article[data-status-id]'
const phone = argv.includes('--phone')
const viewport: Viewport = phone ? { width: 375, height: 812, mobile: true } : { width: 1280, height: 800, mobile: false }
const log = (line: string) => console.error(`[bench:web] ${line}`)

const TARGET_JS_BYTES = 150_000
const TARGET_FIRST_POST_MS = 1000
const LONG_TASK_MS = 50

const root = fileURLToPath(new URL('..', import.meta.url))
const n = (x: number, digits = 0) => x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits })
const kb = (bytes: number) => `${n(bytes / 1000, 1)} kB`
const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL')
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2 }

function printTable(loads: ColdLoad[], scroll: ScrollRun, seeded: { posts: number }): void {
  const first = loads[0]
  const gz = first.scripts.reduce((s, x) => s + x.gzip, 0)
  const sent = first.scripts.reduce((s, x) => s + x.transferred, 0)
  const raw = first.scripts.reduce((s, x) => s + x.decoded, 0)
  const encodings = [...new Set(first.scripts.map((x) => x.encoding ?? 'identity'))].join(', ')
  const times = loads.map((l) => l.firstPostMs)
  const worst = Math.max(0, ...scroll.longTasks.map((t) => t.duration))
  const over = scroll.longTasks.filter((t) => t.duration > LONG_TASK_MS)
  const rows: [string, string, string, string][] = [
    [`JavaScript for the first view of /home (${first.scripts.length} script${first.scripts.length === 1 ? '' : 's'}, gzip -9 of each)`,
      `${kb(gz)} (${kb(raw)} uncompressed; ${kb(sent)} sent as ${encodings})`, `< ${kb(TARGET_JS_BYTES)} gzipped`, verdict(gz < TARGET_JS_BYTES)],
    [`first post visible, cold load of /home signed in (median of ${loads.length} fresh browser contexts)`,
      `${n(median(times))} ms (each: ${times.map((t) => n(t)).join(', ')} ms; DOMContentLoaded ${n(median(loads.map((l) => l.domContentLoadedMs)))} ms)`,
      `< ${n(TARGET_FIRST_POST_MS)} ms`, verdict(median(times) < TARGET_FIRST_POST_MS)],
    [`long tasks while scrolling the home timeline (${n(scroll.postsSeen)} of ${n(seeded.posts)} posts rendered, ${n(scroll.seconds, 1)} s, wheel gestures at ${n(speed)} px/s)`,
      `${over.length} over ${LONG_TASK_MS} ms${over.length ? `, longest ${n(worst)} ms` : ''}`, `none over ${LONG_TASK_MS} ms, all ${n(seeded.posts)} posts reached`,
      verdict(over.length === 0 && scroll.postsSeen >= seeded.posts)],
    ['frame rate while scrolling', `${n(scroll.fps, 1)} frames/s (p95 frame ${n(scroll.p95FrameMs, 1)} ms; ${n(scroll.slowFrames)} of ${n(scroll.frames)} frames over 33 ms)`, '', ''],
  ]
  console.log(`\nPhare web app — headless Chromium, ${phone ? 'phone 375×812' : 'desktop 1280×800'}, Phare on loopback (SQLite)\n`)
  console.log('| measure | result | target | verdict |')
  console.log('|---|---|---|---|')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)
  console.log(`\nScripts of the first view: ${first.scripts.map((s) => `${new URL(s.url).pathname} ${kb(s.gzip)} gz`).join('; ')}`)
  if (over.length) {
    // Where the long tasks fall: right after a timeline page arrived (rendering it) or elsewhere (scrolling itself).
    const near = (t: { start: number }) => scroll.pages.some((p) => t.start >= p.end - 5 && t.start <= p.end + 250)
    console.log(`Long tasks (ms after the scroll began: duration): ${over.map((t) => `${n(t.start)}: ${n(t.duration)}${near(t) ? ' (after a page of posts arrived)' : ''}`).join(', ')}`)
    console.log(`Timeline pages fetched while scrolling: ${scroll.pages.length}`)
  }
}

const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-web-'))
let phare: Running | null = null
let browser: Browser | null = null
try {
  log('building the web app (when stale)')
  const build = spawnSync(process.execPath, [join(root, 'scripts/build-web.mjs')], { stdio: ['ignore', 'inherit', 'inherit'] })
  if (build.status !== 0) throw new Error('the web app did not build')
  phare = await startPhare({ PHARE_DATA_DIR: dataDir })
  log(`Phare at ${phare.url}; seeding a home timeline of ${posts} posts`)
  const seeded = await seedHome(phare.url, { posts, authors: 5, log })
  log(`seeded in ${seeded.seconds.toFixed(1)} s`)
  browser = await launchChromium(option('--chromium'))
  const loads: ColdLoad[] = []
  for (let i = 0; i < runs; i++) {
    loads.push(await coldLoad(browser, phare.url, seeded.token, viewport, selector))
    log(`cold load ${i + 1}/${runs}: first post after ${loads[i].firstPostMs.toFixed(0)} ms`)
  }
  log(`scrolling through ${posts} posts`)
  const scroll = await scrollThrough(browser, phare.url, seeded.token, viewport, selector, posts, speed)
  printTable(loads, scroll, seeded)
} catch (err) {
  console.error(err)
  if (phare) console.error(phare.stderr())
  process.exitCode = 1
} finally {
  await browser?.close()
  await phare?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
