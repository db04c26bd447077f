// The developer page in a browser: a person registers an app from the settings, sees its plan,
// keys (the secret once) and its requests per day as a chart with a table; no serious axe
// violation. The web app itself signs people in through the server's first-party client.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { api } from '../support/people.ts'
import { DESKTOP, launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { seriousViolations } from './support/axe.ts'
import { signUpInBrowser, tokenOf } from './support/app.ts'

describe('the developer page', { timeout: 90_000 }, () => {
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

  it('registers an app, shows its plan, keys and usage chart, and the plans; the web app is first-party', async () => {
    const { page } = await newPerson(browser, server.url, { viewport: DESKTOP })
    await signUpInBrowser(page, 'dora')
    const webToken = await tokenOf(page)
    expect((await api(server, webToken, 'GET', '/api/v1/apps/verify_credentials')).json.name).toBe('Phare Web')

    await page.goto('/settings')
    await page.getByRole('link', { name: 'Apps for developers' }).click()
    await page.getByRole('heading', { name: 'Developers', level: 1 }).waitFor()
    await page.getByRole('table').filter({ hasText: 'Requests per day' }).getByRole('rowheader', { name: /Free/ }).waitFor()
    await page.getByText('You have not registered an app yet.').waitFor()

    await page.getByLabel('App name').fill('Lighthouse bot')
    await page.getByLabel('Redirect URI').fill('urn:ietf:wg:oauth:2.0:oob')
    await page.getByRole('checkbox', { name: /^write/ }).check()
    await page.getByRole('button', { name: 'Register the app' }).click()
    const card = page.getByRole('article', { name: 'Lighthouse bot' })
    await card.waitFor()
    await card.getByText('Free plan').waitFor()
    await card.getByText('it is shown only this once').waitFor()
    await card.getByRole('button', { name: 'Copy the client secret of Lighthouse bot' }).waitFor()
    const keys = await card.locator('dd code').allTextContents()
    const [clientId, clientSecret] = keys as [string, string]
    expect(clientId.length).toBeGreaterThan(20)
    expect(clientSecret.length).toBeGreaterThan(20)

    // The app is used: three requests today.
    const tok = await api(server, null, 'POST', '/oauth/token', {
      grant_type: 'password', client_id: clientId, client_secret: clientSecret, username: 'dora@example.test', password: 'correct horse dora', scope: 'read write',
    })
    expect(tok.status).toBe(200)
    for (let i = 0; i < 3; i++) expect((await api(server, tok.json.access_token, 'GET', '/api/v1/timelines/home')).status).toBe(200)

    await page.reload()
    const again = page.getByRole('article', { name: 'Lighthouse bot' })
    await again.getByRole('img', { name: '3 requests in the last 14 days' }).waitFor()
    expect(await again.getByText('it is shown only this once').count()).toBe(0)
    await again.getByText('Show the numbers as a table').click()
    const rows = again.getByRole('table').getByRole('row')
    expect(await rows.count()).toBe(15)
    expect(await rows.last().getByRole('cell').textContent()).toBe('3')
    await page.waitForLoadState('networkidle').catch(() => {})
    await screenshot(page, 'desktop-developers')
    expect((await seriousViolations(page)).map((x) => `${x.id} (${x.impact}) ${x.help} ${x.nodes.join(' ')}`)).toEqual([])
    expect(pageErrors(page)).toEqual([])
  })

  it('speaks French', async () => {
    const { page } = await newPerson(browser, server.url, { viewport: DESKTOP, locale: 'fr-FR' })
    await page.goto('/developers')
    await page.getByRole('heading', { name: 'Développeurs', level: 1 }).waitFor()
    await page.getByRole('heading', { name: 'Offres d’API' }).waitFor()
    expect(pageErrors(page)).toEqual([])
  })
})
