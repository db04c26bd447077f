// The admin view of limits and defence in a browser: an admin finds it from the settings and
// sees each policy's counts (a refusal made just before included) and the defence's state;
// someone who is not an admin gets no link and no figures.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { signUp } from '../support/people.ts'
import { DESKTOP, launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { seriousViolations } from './support/axe.ts'
import { useToken } from './support/app.ts'

describe('the admin view of limits and defence', { timeout: 90_000 }, () => {
  let server: TestServer
  let browser: Browser

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
  })
  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  it('shows an admin every policy with its counts and the defence, refreshed; others see no link and get a refusal', async () => {
    const ada = await signUp(server, 'ada')
    const bob = await signUp(server, 'bob')
    await server.ctx.db.updateTable('users').set({ role: 'admin' }).where('account_id', '=', Number(ada.accountId)).execute()
    server.ctx.cache.changed({ tokens: true })

    const { page } = await newPerson(browser, server.url, { viewport: DESKTOP })
    await useToken(page, ada.token)
    await page.goto('/settings')
    await page.getByRole('link', { name: 'Limits and defence (admin)' }).click()
    await page.getByRole('heading', { name: 'Limits and defence', level: 1 }).waitFor()
    const writes = page.locator('tr[data-policy="writes-account-hour"]')
    await writes.waitFor()
    expect(await writes.innerText()).toMatch(/600 per 1 h per account/)
    await expect.poll(() => page.getByTestId('pressure-level').innerText()).toBe('0')

    // A post counts against the write policies; the view shows it at its next refresh.
    const before = Number((await writes.locator('td').nth(1).innerText()).replace(/\D/g, ''))
    await ada.client.v1.statuses.create({ status: 'counted' })
    await expect.poll(async () => Number((await writes.locator('td').nth(1).innerText()).replace(/\D/g, '')), { timeout: 15_000 }).toBeGreaterThan(before)
    expect(await seriousViolations(page)).toEqual([])
    await screenshot(page, 'admin-limits')
    expect(pageErrors(page)).toEqual([])

    const other = await newPerson(browser, server.url, { viewport: DESKTOP })
    await useToken(other.page, bob.token)
    await other.page.goto('/settings')
    await other.page.getByRole('link', { name: 'Apps for developers' }).waitFor()
    expect(await other.page.getByRole('link', { name: 'Limits and defence (admin)' }).count()).toBe(0)
    await other.page.goto('/admin/limits')
    await other.page.getByRole('alert').filter({ hasText: 'Only an admin' }).waitFor()
  })
})
