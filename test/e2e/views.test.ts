// The main views on a phone and a desktop: no serious accessibility violation
// (axe-core), a screenshot of each for a person to look at, keyboard use, French.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { api, signUp, type Person } from '../support/people.ts'
import { DESKTOP, PHONE, launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { seriousViolations } from './support/axe.ts'
import { useToken } from './support/app.ts'
import { signInAndApprove } from '../support/authorize.ts'

// Code passed to page.evaluate runs in the browser: these are the page's globals, declared
// for this module only (the project has no DOM types, so server code cannot use them by mistake).
declare const document: any

describe('the main views', { timeout: 90_000 }, () => {
  let server: TestServer
  let browser: Browser
  let alice: Person
  let bob: Person
  let carol: Person
  let threadUrl: string

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    ;[alice, bob, carol] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob'), signUp(server, 'carol')])
    await alice.client.v1.accounts.updateCredentials({
      displayName: 'Alice Lighthouse', note: 'Keeper of the light.\n\nWrites about #sea and ships.',
      fieldsAttributes: [{ name: 'Home', value: 'Île d’Ouessant' }, { name: 'Web', value: 'https://example.org' }],
    })
    await carol.client.v1.accounts.updateCredentials({ locked: true, displayName: 'Carol (locked)' })
    await bob.client.v1.accounts.$select(alice.accountId).follow()
    await alice.client.v1.accounts.$select(bob.accountId).follow()
    const root = await alice.client.v1.statuses.create({ status: 'The fog came in early today. Foghorn on at 6. #sea https://example.org/weather/today' })
    const r1 = await bob.client.v1.statuses.create({ status: '@alice Stay safe out there!', inReplyToId: root.id })
    await alice.client.v1.statuses.create({ status: '@bob Always. Thanks!', inReplyToId: r1.id })
    await carol.client.v1.statuses.create({ status: '@alice How thick is it?', inReplyToId: root.id, visibility: 'public' })
    await alice.client.v1.statuses.create({ status: 'Which lamp should we keep?', poll: { options: ['Fresnel', 'LED'], expiresIn: 86_400 } })
    await alice.client.v1.statuses.create({ status: 'Storm details inside.', spoilerText: 'Weather, long' })
    await api(server, bob.token, 'POST', '/api/v1/statuses', { status: 'Worth reading 👇', quoted_status_id: root.id })
    await bob.client.v1.statuses.$select(root.id).favourite()
    await bob.client.v1.statuses.$select(root.id).reblog()
    threadUrl = root.url!
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  async function open(page: Page, path: string, ready: (p: Page) => Promise<unknown>) {
    await page.goto(path)
    await ready(page)
    // Fonts, avatars and relative times settle before a screenshot or an audit.
    await page.waitForLoadState('networkidle').catch(() => {})
  }

  const views: { name: string; path: string; person: 'alice' | 'visitor'; ready(p: Page): Promise<unknown> }[] = [
    { name: 'home', path: '/home', person: 'alice', ready: (p) => p.getByRole('feed', { name: 'Home' }).getByRole('article').first().waitFor() },
    { name: 'local', path: '/local', person: 'visitor', ready: (p) => p.getByRole('feed', { name: 'Local timeline' }).getByRole('article').first().waitFor() },
    { name: 'notifications', path: '/notifications', person: 'alice', ready: (p) => p.getByRole('feed', { name: 'Notifications' }).getByRole('article').first().waitFor() },
    { name: 'profile', path: '/@alice', person: 'alice', ready: (p) => p.getByRole('heading', { name: /Alice Lighthouse/ }).waitFor() },
    { name: 'thread', path: '', person: 'visitor', ready: (p) => p.getByText('Always. Thanks!').waitFor() },
    { name: 'settings', path: '/settings', person: 'alice', ready: (p) => p.getByRole('heading', { name: 'Sessions and authorized apps' }).waitFor() },
    { name: 'sign-up', path: '/sign-up', person: 'visitor', ready: (p) => p.getByRole('button', { name: 'Sign up' }).waitFor() },
  ]

  for (const [device, viewport] of [['desktop', DESKTOP], ['phone', PHONE]] as const) {
    it(`on a ${device}, the main views have no serious or critical accessibility violation and are saved as screenshots`, async () => {
      const ctx = { alice: await newPerson(browser, server.url, { viewport }), visitor: await newPerson(browser, server.url, { viewport }) }
      await useToken(ctx.alice.page, alice.token)
      const problems: string[] = []
      for (const v of views) {
        const { page } = ctx[v.person]
        await open(page, v.path || new URL(threadUrl).pathname, v.ready)
        await screenshot(page, `${device}-${v.name}`)
        for (const x of await seriousViolations(page)) problems.push(`${v.name}: ${x.id} (${x.impact}) ${x.help} ${x.nodes.join(' ')}`)
      }
      if (device === 'phone') {
        await ctx.alice.page.goto('/home')
        await ctx.alice.page.getByRole('button', { name: 'New post' }).click()
        await ctx.alice.page.getByRole('dialog', { name: 'New post' }).getByLabel('Post text').fill('Writing on a phone')
        await screenshot(ctx.alice.page, 'phone-compose')
        for (const x of await seriousViolations(ctx.alice.page)) problems.push(`compose: ${x.id} (${x.impact}) ${x.help} ${x.nodes.join(' ')}`)
      }
      expect(problems).toEqual([])
      expect([...pageErrors(ctx.alice.page), ...pageErrors(ctx.visitor.page)]).toEqual([])
      await ctx.alice.context.close()
      await ctx.visitor.context.close()
    })
  }

  it('the phone layout is one column with the navigation at the bottom; the desktop has navigation, main and complementary columns', async () => {
    const phone = await newPerson(browser, server.url, { viewport: PHONE })
    await useToken(phone.page, alice.token)
    await open(phone.page, '/home', views[0].ready)
    const main = await phone.page.getByRole('main').boundingBox()
    const nav = await phone.page.getByRole('navigation', { name: 'Main' }).boundingBox()
    expect(main!.width).toBeGreaterThan(PHONE.width - 2)
    expect(nav!.y + nav!.height).toBeCloseTo(PHONE.height, -1)
    expect(await phone.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width)
    expect(await phone.page.getByRole('complementary').isVisible()).toBe(false)

    const desk = await newPerson(browser, server.url, { viewport: DESKTOP })
    await useToken(desk.page, alice.token)
    await open(desk.page, '/home', views[0].ready)
    const [n, m, c] = await Promise.all(['navigation', 'main', 'complementary'].map((r) => desk.page.getByRole(r as 'main').first().boundingBox()))
    expect(n!.x + n!.width).toBeLessThanOrEqual(m!.x)
    expect(m!.x + m!.width).toBeLessThanOrEqual(c!.x)
    await phone.context.close()
    await desk.context.close()
  })

  it('the thread view shows the conversation as a tree: replies under the post they answer', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await open(page, new URL(threadUrl).pathname, views[4].ready)
    const thread = page.getByRole('region', { name: 'Conversation' })
    const firstLevel = thread.locator(':scope > ol > li')
    expect(await firstLevel.count()).toBe(2)
    const bobsReply = firstLevel.filter({ has: page.getByRole('article', { name: 'Post by bob' }) })
    await bobsReply.locator('ol li').getByRole('article', { name: 'Post by Alice Lighthouse' }).getByText('Always. Thanks!').waitFor()
    await context.close()
  })

  it('keyboard: j and k move between posts, l likes the focused one, ? opens the shortcuts help, n starts a new post', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, carol.token)
    await open(page, '/local', (p) => p.getByRole('feed', { name: 'Local timeline' }).getByRole('article').nth(2).waitFor())
    await page.keyboard.press('j')
    const focusedIndex = () => page.evaluate(() => Number(document.activeElement?.closest('[data-index]')?.dataset.index ?? -1))
    expect(await focusedIndex()).toBe(0)
    await page.keyboard.press('j')
    await page.keyboard.press('j')
    expect(await focusedIndex()).toBe(2)
    await page.keyboard.press('k')
    expect(await focusedIndex()).toBe(1)
    await page.keyboard.press('l')
    await page.locator('[data-index="1"]').getByRole('button', { name: 'Unlike' }).waitFor()
    await page.keyboard.press('?')
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor()
    await page.keyboard.press('Escape')
    await page.getByRole('dialog').waitFor({ state: 'detached' })
    await page.keyboard.press('n')
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Post text')
    await context.close()
  })

  it('the composer suggests @mentions and #hashtags, and posts a poll with a content warning', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, bob.token)
    await open(page, '/home', views[0].ready)
    const box = page.getByRole('complementary').getByLabel('Post text')
    await box.pressSequentially('Hello @ali')
    await page.getByRole('option', { name: /alice/ }).click()
    expect(await box.inputValue()).toBe('Hello @alice ')
    await box.pressSequentially('about #se')
    await page.getByRole('option', { name: /sea/ }).waitFor()
    await box.press('Enter')
    expect(await box.inputValue()).toBe('Hello @alice about #sea ')
    const aside = page.getByRole('complementary')
    await aside.getByRole('button', { name: 'Add a content warning' }).click()
    await aside.getByLabel('Content warning', { exact: true }).fill('Poll about lamps')
    await aside.getByRole('button', { name: 'Add a poll' }).click()
    await aside.getByLabel('Choice 1').fill('Keep')
    await aside.getByLabel('Choice 2').fill('Replace')
    await aside.getByRole('button', { name: 'Post', exact: true }).click()
    const mine = page.getByRole('feed', { name: 'Home' }).getByRole('article', { name: 'Post by bob' }).first()
    await mine.getByText('Poll about lamps').waitFor()
    await mine.getByRole('button', { name: 'Show more' }).click()
    await mine.getByText('Replace').waitFor()
    await context.close()
  })

  it('a locked account’s follower is "requested" until the request is accepted in the follow requests list', async () => {
    const b = await newPerson(browser, server.url)
    await useToken(b.page, bob.token)
    await open(b.page, '/@carol', (p) => p.getByRole('heading', { name: /Carol/ }).waitFor())
    await b.page.getByRole('button', { name: 'Follow' }).click()
    await b.page.getByRole('button', { name: 'Cancel follow request' }).waitFor()

    const c = await newPerson(browser, server.url)
    await useToken(c.page, carol.token)
    await open(c.page, '/follow-requests', (p) => p.getByRole('heading', { name: 'Follow requests' }).waitFor())
    await c.page.getByRole('button', { name: 'Accept' }).click()
    await c.page.getByText('No pending follow requests.').waitFor()

    await b.page.reload()
    await b.page.getByRole('button', { name: 'Unfollow' }).waitFor()
    await b.context.close()
    await c.context.close()
  })

  it('editing one’s profile changes the name, bio and fields others see', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, carol.token)
    await open(page, '/@carol', (p) => p.getByRole('link', { name: 'Edit profile' }).waitFor())
    await page.getByRole('link', { name: 'Edit profile' }).click()
    await page.getByLabel('Display name').fill('Carol Keeper')
    await page.getByLabel('Bio').fill('Night shift.')
    await page.getByLabel('Label 1').fill('Boat')
    await page.getByLabel('Content 1').fill('Pen Ar Bed')
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL('**/@carol')
    await page.getByRole('heading', { name: /Carol Keeper/ }).waitFor()
    await page.getByText('Night shift.').waitFor()
    await page.getByText('Pen Ar Bed').waitFor()
    await context.close()
  })

  it('settings: a session can be revoked, the theme and the language switch at once', async () => {
    const other = await signUp(server, 'dave')
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, other.token)
    // Dave also signed in to another app, through the OAuth pages.
    const app = await api(server, null, 'POST', '/api/v1/apps', { client_name: 'Second Phone', redirect_uris: 'http://127.0.0.1/cb', scopes: 'read' })
    const back = await signInAndApprove(server.url, { clientId: app.json.client_id, redirectUri: 'http://127.0.0.1/cb', scope: 'read', email: 'dave@example.test', password: 'correct horse dave' })
    const tok = await api(server, null, 'POST', '/oauth/token', { grant_type: 'authorization_code', code: back.searchParams.get('code'), client_id: app.json.client_id, client_secret: app.json.client_secret, redirect_uri: 'http://127.0.0.1/cb' })
    const secondToken = tok.json.access_token as string
    expect((await api(server, secondToken, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(200)
    await open(page, '/settings', (p) => p.getByRole('heading', { name: 'Sessions and authorized apps' }).waitFor())
    await page.getByRole('button', { name: 'Revoke Second Phone' }).click()
    await page.getByRole('button', { name: 'Revoke Second Phone' }).waitFor({ state: 'detached' })
    expect((await api(server, secondToken, 'GET', '/api/v1/accounts/verify_credentials')).status).toBe(401)
    await page.getByRole('radio', { name: 'Dark' }).check()
    expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark')
    await page.getByLabel('Language').selectOption('fr')
    await page.getByRole('heading', { name: 'Réglages' }).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr')
    await screenshot(page, 'desktop-settings-dark-fr')
    await context.close()
  })

  it('a French browser gets the French interface, with dates in French', async () => {
    const { page, context } = await newPerson(browser, server.url, { locale: 'fr-FR' })
    await useToken(page, alice.token)
    await open(page, '/@alice', (p) => p.getByRole('heading', { name: /Alice Lighthouse/ }).waitFor())
    await page.getByRole('navigation', { name: 'Principale' }).getByRole('link', { name: 'Accueil' }).waitFor()
    await page.getByText(/^Inscrit·e en \p{L}+ \d{4}$/u).waitFor()
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('fr')
    await context.close()
  })
})
