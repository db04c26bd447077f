// Read-only mode in the web app: while the server refuses writes, a banner says why; a post
// that is refused keeps its text in the compose box (and across a reload) and says why; the
// banner goes by itself when writes come back, and the kept text can then be posted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { api, signUp, type Person } from '../support/people.ts'
import { launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { signUpInBrowser, useToken } from './support/app.ts'
import { seriousViolations } from './support/axe.ts'

describe('read-only mode in the web app', { timeout: 90_000 }, () => {
  let server: TestServer
  let browser: Browser
  let alice: { context: BrowserContext; page: Page }
  let admin: Person

  beforeAll(async () => {
    server = await startServer()
    admin = await signUp(server, 'keeper')
    await server.ctx.db.updateTable('users').set({ role: 'admin' }).where('account_id', '=', Number(admin.accountId)).execute()
    server.ctx.cache.changed({ tokens: true })
    browser = await launchBrowser()
    alice = await newPerson(browser, server.url)
    await signUpInBrowser(alice.page, 'alice')
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows a banner, keeps the refused post\'s text and says why; the banner goes when writes come back and the text can be posted', async () => {
    const message = 'Moving to a bigger disk: posting is paused for a few minutes.'
    expect((await api(server, admin.token, 'PUT', '/api/v1/phare/admin/read_only', { message })).status).toBe(200)
    const page = alice.page
    const text = 'A thought I do not want to lose'
    await page.getByLabel('Post text').fill(text)
    await page.getByRole('complementary').getByRole('button', { name: 'Post', exact: true }).click()

    await page.getByRole('alert').filter({ hasText: 'Not posted: the server is read-only for now' }).waitFor()
    await page.getByRole('status').filter({ hasText: message }).waitFor()
    expect(await page.getByLabel('Post text').inputValue()).toBe(text)
    await screenshot(page, 'read-only-refused-post')

    // the text survives a reload too (the saved draft), and the banner is there from the start
    await page.reload()
    await page.getByRole('status').filter({ hasText: message }).waitFor()
    await expect.poll(() => page.getByLabel('Post text').inputValue()).toBe(text)

    expect((await api(server, admin.token, 'DELETE', '/api/v1/phare/admin/read_only')).status).toBe(200)
    await page.getByRole('status').filter({ hasText: message }).waitFor({ state: 'detached', timeout: 20_000 })
    await page.getByRole('complementary').getByRole('button', { name: 'Post', exact: true }).click()
    await page.getByRole('feed', { name: 'Home' }).getByText(text).waitFor()
    expect(await page.getByLabel('Post text').inputValue()).toBe('')
    expect(pageErrors(page)).toEqual([])
  })

  it('an admin turns read-only mode on from the admin page with a message everyone then reads, and lifts it there', async () => {
    const { page } = await newPerson(browser, server.url)
    await useToken(page, admin.token)
    await page.goto('/settings')
    await page.getByRole('link', { name: 'Read-only mode (admin)' }).click()
    await page.getByRole('heading', { name: 'Read-only mode', level: 1 }).waitFor()
    await page.getByTestId('read-only-state').filter({ hasText: 'Writes are accepted.' }).waitFor()
    const message = 'Database upgrade: posting is back at 22:30 UTC.'
    await page.getByLabel('Message for people').fill(message)
    await page.getByRole('button', { name: 'Turn read-only mode on' }).click()
    await page.getByTestId('read-only-state').filter({ hasText: 'set by an admin' }).waitFor()
    // Everyone reads it: the banner here, and a refusal naming it for any write.
    await page.locator('.read-only-banner').filter({ hasText: message }).waitFor()
    const refused = await api(server, admin.token, 'POST', '/api/v1/statuses', { status: 'during the upgrade' })
    expect([refused.status, refused.json.code, refused.json.error]).toEqual([503, 'read_only', message])
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'admin-read-only')

    await page.getByRole('button', { name: 'Lift read-only mode' }).click()
    await page.getByTestId('read-only-state').filter({ hasText: 'Writes are accepted.' }).waitFor()
    await page.locator('.read-only-banner').waitFor({ state: 'detached', timeout: 20_000 })
    expect((await api(server, admin.token, 'POST', '/api/v1/statuses', { status: 'after the upgrade' })).status).toBe(200)
    expect(pageErrors(page)).toEqual([])
  })
})
