// Two people in two browsers: sign-up, follow, a live post, replies and likes in
// notifications, the post length limit, a shared link, sign-out and sign-in again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { api } from '../support/people.ts'
import { launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { homeTimeline, markDocument, signUpInBrowser, tokenOf } from './support/app.ts'
import { seriousViolations } from './support/axe.ts'

describe('the web app, for two people', { timeout: 60_000 }, () => {
  let server: TestServer
  let browser: Browser
  let alice: { context: BrowserContext; page: Page }
  let bob: { context: BrowserContext; page: Page }

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    alice = await newPerson(browser, server.url)
    bob = await newPerson(browser, server.url)
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('two people sign up, one follows the other, and a new post appears live in the follower’s home without a reload', async () => {
    await signUpInBrowser(alice.page, 'alice')
    await signUpInBrowser(bob.page, 'bob')
    // A new person's home is empty: it must still be accessible (no feed without articles).
    expect(await seriousViolations(bob.page)).toEqual([])

    await bob.page.goto('/@alice')
    await bob.page.getByRole('button', { name: 'Follow' }).click()
    await bob.page.getByRole('button', { name: 'Unfollow' }).waitFor()
    await bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Home' }).click()
    await homeTimeline(bob.page).waitFor({ state: 'attached' })
    const notReloaded = await markDocument(bob.page)

    await alice.page.getByLabel('Post text').fill('Good morning from the lighthouse #phare')
    await alice.page.getByRole('complementary').getByRole('button', { name: 'Post', exact: true }).click()
    await alice.page.getByRole('feed', { name: 'Home' }).getByText('Good morning from the lighthouse').waitFor()

    const pill = bob.page.getByRole('button', { name: '1 new post' })
    await pill.waitFor()
    await pill.click()
    await bob.page.getByRole('feed', { name: 'Home' }).getByRole('article', { name: 'Post by alice' }).getByText('Good morning from the lighthouse').waitFor()
    expect(await notReloaded()).toBe(true)
    expect(pageErrors(bob.page)).toEqual([])
  })

  it('a reply, a like and a repost by one person show in the other’s notifications', async () => {
    const post = bob.page.getByRole('article', { name: 'Post by alice' }).first()
    await post.getByRole('button', { name: 'Like' }).click()
    await post.getByRole('button', { name: 'Unlike' }).waitFor()
    await post.getByRole('button', { name: 'Repost' }).click()
    await post.getByRole('button', { name: 'Undo repost' }).waitFor()
    await post.getByRole('button', { name: 'Reply' }).click()
    const dialog = bob.page.getByRole('dialog', { name: 'Reply' })
    await dialog.getByLabel('Post text').pressSequentially('and a good morning to you too')
    await dialog.getByRole('button', { name: 'Reply', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })

    await alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /Notifications/ }).click()
    const feed = alice.page.getByRole('feed', { name: 'Notifications' })
    await feed.getByText('bob liked your post').waitFor()
    await feed.getByText('bob reposted your post').waitFor()
    await feed.getByText('bob mentioned you').waitFor()
    await feed.getByText('and a good morning to you too').waitFor()
    await screenshot(alice.page, 'desktop-notifications')
  })

  it('an over-limit post is refused by the counter and by the server, and one with a long link that counts 23 is accepted', async () => {
    const page = alice.page
    await page.goto('/home')
    const box = page.getByRole('complementary').getByLabel('Post text')
    const send = page.getByRole('complementary').getByRole('button', { name: 'Post', exact: true })
    const counter = page.getByRole('complementary').locator('output.counter')
    await box.fill('x'.repeat(501))
    await expect.poll(() => counter.textContent()).toBe('-1')
    expect(await send.isDisabled()).toBe(true)
    expect(await counter.getAttribute('aria-label')).toBe('1 character too many')
    const refused = await api(server, await tokenOf(page), 'POST', '/api/v1/statuses', { status: 'x'.repeat(501) })
    expect(refused.status).toBe(422)
    expect(refused.json.code).toBe('status_too_long')

    // 470 + 1 + a 23-character link = 494: fine for both, although the raw text is much longer.
    const long = `${'y'.repeat(470)} https://example.org/${'z'.repeat(200)}`
    await box.fill(long)
    await expect.poll(() => counter.textContent()).toBe('6')
    await send.click()
    await page.getByText('Posted').waitFor()
    expect(await box.inputValue()).toBe('')
  })

  it('a draft survives a reload, and a refused post keeps its text and shows the server’s reason', async () => {
    const page = alice.page
    const box = page.getByRole('complementary').getByLabel('Post text')
    await box.fill('A draft worth keeping')
    await page.reload()
    await expect.poll(() => page.getByRole('complementary').getByLabel('Post text').inputValue()).toBe('A draft worth keeping')

    // The server refuses a post that only the server can judge: a reply to a post that does not exist.
    await page.route('**/api/v1/statuses', (route) => route.request().method() === 'POST'
      ? route.fulfill({ status: 422, contentType: 'application/json', body: JSON.stringify({ error: 'Validation failed: Text is refused for a test', code: 'validation_failed' }) })
      : route.continue())
    await page.getByRole('complementary').getByRole('button', { name: 'Post', exact: true }).click()
    await page.getByRole('complementary').getByRole('alert').getByText('Validation failed: Text is refused for a test').waitFor()
    expect(await page.getByRole('complementary').getByLabel('Post text').inputValue()).toBe('A draft worth keeping')
    await page.unroute('**/api/v1/statuses')
  })

  it('a visitor who is not signed in opens a shared post link and sees the post', async () => {
    const statuses = await api(server, await tokenOf(alice.page), 'GET', '/api/v1/timelines/home')
    const shared = statuses.json.find((s: { content: string }) => s.content.includes('Good morning from the lighthouse'))
    const visitor = await newPerson(browser, server.url)
    const res = await visitor.page.goto(shared.url)
    expect(res?.status()).toBe(200)
    const article = visitor.page.getByRole('article', { name: 'Post by alice' }).first()
    await article.getByText('Good morning from the lighthouse').waitFor()
    await visitor.page.getByText('and a good morning to you too').waitFor()
    expect(await visitor.page.title()).toContain('alice')
    await visitor.page.getByRole('banner').getByRole('link', { name: 'Sign in' }).waitFor()
    expect(pageErrors(visitor.page)).toEqual([])
    await visitor.context.close()
  })

  it('signing out ends the session, and signing in again goes through the server’s password page', async () => {
    const page = bob.page
    await page.goto('/settings')
    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${server.url}/`)
    await page.getByRole('region', { name: /Welcome to/ }).waitFor()
    expect(await page.evaluate(() => localStorage.getItem('phare.token'))).toBeNull()

    await page.getByRole('main').getByRole('link', { name: 'Sign in' }).click()
    await page.getByRole('button', { name: 'Continue to sign in' }).click()
    await page.getByLabel('E-mail address').fill('bob@example.test')
    await page.getByLabel('Password').fill('wrong password')
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('alert').waitFor()
    await page.getByLabel('Password').fill('correct horse bob')
    await page.getByRole('button', { name: 'Sign in' }).click()
    const authorize = page.getByRole('button', { name: 'Authorize' })
    // Phare Web may be trusted by the server (no consent screen); otherwise approve it.
    await Promise.race([authorize.click().catch(() => {}), page.waitForURL('**/home')])
    await page.waitForURL('**/home')
    // Twice: alice's post and bob's repost of it.
    await page.getByRole('feed', { name: 'Home' }).getByText('Good morning from the lighthouse').first().waitFor()
    expect(pageErrors(page)).toEqual([])
  })
})
