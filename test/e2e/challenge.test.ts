// The proof-of-work challenge page in a real browser: Chromium solves it in a Web Worker
// under the page's own CSP, gets its pass and lands on the page it asked for.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { launchBrowser, newPerson, pageErrors } from './support/browser.ts'

// Runs in the browser (the project has no DOM types).
declare const document: any

describe('the challenge page', () => {
  let server: TestServer
  let browser: Browser
  beforeAll(async () => {
    server = await startServer({ PHARE_CHALLENGE: 'on' })
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('is solved by the browser, which then gets the page it asked for and can call the API', async () => {
    const { context, page } = await newPerson(browser, server.url)
    const violations: string[] = []
    page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) violations.push(m.text()) })
    const first = await page.goto('/about')
    expect(first?.status()).toBe(429)
    // The worker's solution is posted and the page reloads itself into the app.
    await page.waitForResponse((r) => r.url().endsWith('/api/v1/phare/challenge') && r.request().method() === 'POST' && r.status() === 200, { timeout: 30_000 })
    await page.waitForLoadState('load')
    await page.waitForFunction(() => !document.getElementById('challenge'), undefined, { timeout: 10_000 })
    const cookies = await context.cookies()
    expect(cookies.find((c) => c.name === 'phare_pass')).toMatchObject({ httpOnly: true, sameSite: 'Lax' })
    const api = await page.evaluate(async () => (await fetch('/api/v1/instance')).status)
    expect(api).toBe(200)
    expect(violations).toEqual([])
    expect(pageErrors(page)).toEqual([])
    await context.close()
  }, 60_000)
})
