// Scrolling a long timeline: every post exactly once and in order (no skip, no repeat,
// across 13 pages), a DOM that stays small (virtualised list), and no long task.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TEST_LIMITS, startServer, type TestServer } from '../support/server.ts'
import { api, signUp, type Person } from '../support/people.ts'
import { launchBrowser, newPerson, pageErrors } from './support/browser.ts'
import { useToken } from './support/app.ts'

// Code passed to page.evaluate runs in the browser: these are the page's globals, declared
// for this module only (the project has no DOM types, so server code cannot use them by mistake).
declare const document: any, window: any, PerformanceObserver: any

const POSTS = 500

describe('a timeline of 500 posts', { timeout: 180_000 }, () => {
  let server: TestServer
  let browser: Browser
  let alice: Person
  let ids: string[]

  beforeAll(async () => {
    // Seeding 500 posts in seconds through one token is far beyond a person's rate (300 requests
    // per 5 minutes per token): this server allows it, visibly, for the seeding only.
    const limits = join(mkdtempSync(join(tmpdir(), 'phare-limits-')), 'limits.json')
    writeFileSync(limits, JSON.stringify({ policies: { ...TEST_LIMITS.policies, 'requests-token': { limit: 100_000 } } }))
    server = await startServer({ PHARE_LIMITS_FILE: limits })
    browser = await launchBrowser()
    alice = await signUp(server, 'alice')
    for (let n = 0; n < POSTS; n += 10) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => api(server, alice.token, 'POST', '/api/v1/statuses', {
        status: `Post number ${n + k + 1}${(n + k) % 7 === 0 ? '\n\nWith a second paragraph, a link https://example.org/' + (n + k) + ' and #tag' + (n + k) % 5 : ''}`,
      })))
    }
    // The order the server gives, page by page: what the app must show.
    ids = []
    let next: string | null = '/api/v1/accounts/' + alice.accountId + '/statuses?limit=40'
    while (next) {
      const r = await api(server, alice.token, 'GET', next)
      ids.push(...r.json.map((s: { id: string }) => s.id))
      const link = /<([^>]+)>;\s*rel="next"/.exec(r.headers.get('link') ?? '')
      next = r.json.length && link ? new URL(link[1]).pathname + new URL(link[1]).search : null
    }
    expect(ids.length).toBe(POSTS)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('scrolls to the end showing every post exactly once, in order, with a small DOM and no long task over 100 ms', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, alice.token)
    await page.goto('/@alice')
    await page.getByRole('feed', { name: 'Posts' }).getByRole('article').first().waitFor()
    await page.evaluate(() => {
      const w = window as unknown as { __longTasks: number[] }
      w.__longTasks = []
      new PerformanceObserver((list: any) => { for (const e of list.getEntries()) w.__longTasks.push(e.duration) }).observe({ type: 'longtask' })
    })
    const seen: string[] = []
    let maxArticles = 0
    // One cheap evaluate per step: Playwright's text locators scan the whole page on its main
    // thread, which would be measured as the app's own long tasks.
    const look = () => page.evaluate(() => {
      const ids = Array.from(document.querySelectorAll('main article[data-status-id]'), (a: any) => a.dataset.statusId as string)
      const footer = document.querySelector('main .list-footer')
      const atEnd = !!footer && footer.textContent === 'You have seen everything.' && footer.getBoundingClientRect().top < window.innerHeight
      return { ids, atEnd }
    })
    for (let step = 0; step < 2000; step++) {
      const { ids: visible, atEnd } = await look()
      maxArticles = Math.max(maxArticles, visible.length)
      for (const id of visible) if (!seen.includes(id)) seen.push(id)
      if (atEnd) break
      await page.mouse.wheel(0, 700)
      await page.waitForTimeout(30)
    }
    const missing = ids.filter((id) => !seen.includes(id)).map((id) => ids.indexOf(id))
    expect(missing).toEqual([])
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: number[] }).__longTasks)
    expect(seen).toEqual(ids)
    expect(maxArticles).toBeLessThan(60)
    // The 50 ms target is measured by the bench on a quiet machine (alone, this run has no long task
    // at all); here other test files' servers and PostgreSQL share the CPU, so a task that takes
    // 30 ms alone can take 55. Rendering the whole list instead of a window takes hundreds.
    expect(longTasks.filter((d) => d > 100)).toEqual([])
    expect(pageErrors(page)).toEqual([])
    await context.close()
  })
})
