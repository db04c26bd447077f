// Images and link previews in the web app: attaching by the file picker, by pasting and
// by dropping; alt text; the media grid and the lightbox; a refused upload; sensitive
// media; a link's preview card; a new avatar in the profile editor. Screenshots of each.
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import sharp from 'sharp'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { api, signUp, type Person } from '../support/people.ts'
import { PHONE, launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { seriousViolations } from './support/axe.ts'
import { homeTimeline, useToken } from './support/app.ts'

// Code passed to page.evaluate runs in the browser: these are the page's globals, declared
// for this module only (the project has no DOM types, so server code cannot use them by mistake).
declare const document: any, window: any

/** A small but recognisable picture: sky, sea and a lighthouse, in the given sky colour. */
function picture(width: number, height: number, sky: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 400 300">
    <rect width="400" height="300" fill="${sky}"/><rect y="200" width="400" height="100" fill="#1d4e89"/>
    <rect x="180" y="80" width="40" height="130" fill="#f4f1ea"/><rect x="180" y="120" width="40" height="18" fill="#c8102e"/>
    <polygon points="170,80 230,80 200,50" fill="#c8102e"/><circle cx="200" cy="66" r="7" fill="#ffd23f"/></svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

/** Dispatches a paste (target: a selector) or a drop of files built in the page from base64 bytes. */
async function sendFiles(page: Page, kind: 'paste' | 'drop', selector: string, files: { name: string; type: string; base64: string }[]): Promise<void> {
  await page.evaluate(({ kind, selector, files }) => {
    const dt = new window.DataTransfer()
    for (const f of files) {
      const bytes = Uint8Array.from(window.atob(f.base64), (c: string) => c.charCodeAt(0))
      dt.items.add(new window.File([bytes], f.name, { type: f.type }))
    }
    const target = document.querySelector(selector)
    if (kind === 'paste') {
      target.dispatchEvent(new window.ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }))
    } else {
      target.dispatchEvent(new window.DragEvent('dragenter', { dataTransfer: dt, bubbles: true, cancelable: true }))
      target.dispatchEvent(new window.DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }))
      target.dispatchEvent(new window.DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }))
    }
  }, { kind, selector, files })
}

describe('images and link previews in the web app', { timeout: 120_000 }, () => {
  let server: TestServer
  let browser: Browser
  let alice: Person
  let bob: Person
  let site: Server
  let siteUrl: string
  let images: { tower: Buffer; dusk: Buffer; night: Buffer; avatar: Buffer }

  beforeAll(async () => {
    images = {
      tower: await picture(1200, 900, '#8ecae6'),
      dusk: await picture(800, 600, '#f4a261'),
      night: await picture(640, 480, '#22223b'),
      avatar: await sharp({ create: { width: 256, height: 256, channels: 3, background: '#2a9d8f' } }).png().toBuffer(),
    }
    // A page with OpenGraph tags, the way a news site describes itself, served on loopback.
    site = createServer((req, res) => {
      if (req.url === '/og.png') { res.writeHead(200, { 'content-type': 'image/png' }).end(images.dusk); return }
      if (req.url === '/keepers') {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(`<!doctype html><html><head>
          <title>The keepers' handbook</title>
          <meta property="og:title" content="The keepers’ handbook">
          <meta property="og:description" content="How lighthouse keepers kept the lamps burning through a century of storms.">
          <meta property="og:site_name" content="Coast Journal">
          <meta property="og:image" content="${siteUrl}/og.png"><meta property="og:image:width" content="800"><meta property="og:image:height" content="600">
          </head><body><h1>The keepers’ handbook</h1></body></html>`)
        return
      }
      res.writeHead(404).end()
    })
    await new Promise<void>((r) => site.listen(0, '127.0.0.1', r))
    const port = (site.address() as AddressInfo).port
    siteUrl = `http://127.0.0.1:${port}`
    server = await startServer({ PHARE_PREVIEWS: 'on', PHARE_PREVIEW_ALLOW_HOSTS: `127.0.0.1:${port}` })
    browser = await launchBrowser()
    ;[alice, bob] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')])
    await alice.client.v1.accounts.updateCredentials({ displayName: 'Alice Lighthouse' })
    // Home timelines with a post in them, as people have (an empty feed is not what is audited here).
    await alice.client.v1.statuses.create({ status: 'Morning at the lighthouse.' })
    await bob.client.v1.statuses.create({ status: 'Evening shift.' })
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
    await new Promise((r) => site?.close(r))
  })

  async function openHome(page: Page): Promise<void> {
    await page.goto('/home')
    await homeTimeline(page).waitFor({ state: 'attached' })
    await page.waitForLoadState('networkidle').catch(() => {})
  }

  it('images attached by the file picker and by pasting, one described, are posted and shown with their alt text; the lightbox shows it and closes with Escape', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, alice.token)
    await openHome(page)
    const composer = page.getByRole('complementary').getByRole('form', { name: 'New post' })
    await composer.getByLabel('Post text').fill('Two views of the lighthouse today')

    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), composer.getByRole('button', { name: 'Add images' }).click()])
    await chooser.setFiles({ name: 'tower.png', mimeType: 'image/png', buffer: images.tower })
    await sendFiles(page, 'paste', 'aside textarea', [{ name: 'dusk.png', type: 'image/png', base64: images.dusk.toString('base64') }])

    const attached = composer.getByRole('list', { name: 'Attached images' })
    await attached.getByRole('listitem').nth(1).waitFor()
    expect(await attached.getByRole('listitem').count()).toBe(2)
    // Uploads finish (accepted by the server): their progress bars go away.
    await attached.getByRole('progressbar').first().waitFor({ state: 'detached' })

    await composer.getByRole('button', { name: 'Add alt text to image 1' }).click()
    const altDialog = page.getByRole('dialog', { name: 'Describe image 1' })
    const alt = 'A white lighthouse with a red band under a pale blue sky'
    await altDialog.getByLabel('Alt text').fill(alt)
    await altDialog.getByText(`${[...alt].length} / 1500 characters`).waitFor()
    await altDialog.getByRole('button', { name: /Focus point/ }).click({ position: { x: 10, y: 10 } })
    await screenshot(page, 'desktop-alt-text-dialog')
    await altDialog.getByRole('button', { name: 'Save' }).click()
    await altDialog.waitFor({ state: 'detached' })
    await composer.getByRole('button', { name: 'Edit alt text of image 1' }).waitFor()

    await screenshot(page, 'desktop-compose-attachments')
    const problems = (await seriousViolations(page)).map((x) => `composer: ${x.id} (${x.impact}) ${x.help} ${x.nodes.join(' ')}`)

    await composer.getByRole('button', { name: 'Post', exact: true }).click()
    const post = page.getByRole('feed', { name: 'Home' }).getByRole('article', { name: 'Post by Alice Lighthouse' }).first()
    await post.getByText('Two views of the lighthouse today').waitFor()
    // The described image opens by a button named by its alt text, once the server has processed it.
    const tile = post.getByRole('button', { name: alt })
    await tile.waitFor({ timeout: 20_000 })
    expect(await post.locator(`img[alt="${alt}"]`).count()).toBe(1)
    expect(await post.getByRole('button', { name: 'Open image 2 of 2' }).count()).toBe(1)
    expect(await attached.count()).toBe(0)

    const mine = (await api(server, alice.token, 'GET', `/api/v1/accounts/${alice.accountId}/statuses`)).json[0]
    expect(mine.media_attachments.map((m: { description: string | null }) => m.description)).toEqual([alt, null])
    expect(mine.media_attachments[0].meta.focus.x).toBeLessThan(-0.5)

    await post.getByRole('button', { name: 'ALT: show the image description' }).click()
    await post.getByText(alt, { exact: true }).waitFor()
    await screenshot(page, 'desktop-post-with-images')

    await tile.click()
    const viewer = page.getByRole('dialog', { name: 'Image viewer' })
    await viewer.waitFor()
    await viewer.locator('figcaption').getByText(alt).waitFor()
    await viewer.getByText('1 of 2').waitFor()
    await viewer.locator('img').evaluate((img: any) => img.decode())
    await screenshot(page, 'desktop-lightbox')
    for (const x of await seriousViolations(page)) problems.push(`lightbox: ${x.id} (${x.impact}) ${x.help} ${x.nodes.join(' ')}`)
    await page.keyboard.press('ArrowRight')
    await viewer.getByText('2 of 2').waitFor()
    expect(await viewer.locator('figcaption').count()).toBe(0)
    await viewer.getByRole('button', { name: 'Previous image' }).click()
    await viewer.getByText('1 of 2').waitFor()
    await page.keyboard.press('Escape')
    await viewer.waitFor({ state: 'detached' })
    // Focus goes back to the image that opened the viewer.
    expect(await page.evaluate(() => document.activeElement?.querySelector('img')?.getAttribute('alt'))).toBe(alt)

    expect(problems).toEqual([])
    expect(pageErrors(page)).toEqual([])
    await context.close()
  })

  it('on a phone, an image dropped on the compose dialog is attached, a file the server refuses shows its reason, and removing it allows posting the image as sensitive', async () => {
    const { page, context } = await newPerson(browser, server.url, { viewport: PHONE, colorScheme: 'dark' })
    await useToken(page, bob.token)
    await openHome(page)
    await page.getByRole('button', { name: 'New post' }).click()
    const dialog = page.getByRole('dialog', { name: 'New post' })
    await dialog.getByLabel('Post text').fill('Night watch')
    await sendFiles(page, 'drop', 'dialog form.composer', [{ name: 'night.png', type: 'image/png', base64: images.night.toString('base64') }])
    await sendFiles(page, 'drop', 'dialog form.composer', [{ name: 'notes.txt', type: 'text/plain', base64: Buffer.from('not an image').toString('base64') }])
    const attached = dialog.getByRole('list', { name: 'Attached images' })
    await attached.getByRole('listitem').nth(1).waitFor()
    const refusal = attached.getByRole('listitem').nth(1).getByRole('alert')
    await refusal.waitFor()
    // The server's own sentence (422 unsupported_media_type), not a generic one.
    const reason = await refusal.innerText()
    const direct = await fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${bob.token}` }, body: (() => { const f = new FormData(); f.append('file', new Blob(['not an image'], { type: 'text/plain' }), 'notes.txt'); return f })() })
    expect(direct.status).toBe(422)
    expect(reason).toContain(((await direct.json()) as { error: string }).error)
    expect(reason).toContain('notes.txt')
    expect(await dialog.getByRole('button', { name: 'Post', exact: true }).isDisabled()).toBe(true)
    await screenshot(page, 'phone-compose-refused-upload')

    await dialog.getByRole('button', { name: 'Remove image 2' }).click()
    await attached.getByRole('progressbar').first().waitFor({ state: 'detached' })
    await screenshot(page, 'phone-compose-attachment')
    const problems = (await seriousViolations(page)).map((x) => `phone composer: ${x.id} (${x.impact}) ${x.help} ${x.nodes.join(' ')}`)
    expect(problems).toEqual([])
    await dialog.getByRole('button', { name: 'Hide the images behind a warning' }).click()
    await dialog.getByRole('button', { name: 'Post', exact: true }).click()
    await dialog.waitFor({ state: 'detached' })
    const post = page.getByRole('feed', { name: 'Home' }).getByRole('article', { name: 'Post by bob' }).first()
    await post.getByText('Night watch').waitFor()
    await post.getByRole('button', { name: /Sensitive content/ }).click()
    await post.getByRole('button', { name: 'Open image 1 of 1' }).waitFor({ timeout: 20_000 })
    expect(pageErrors(page)).toEqual([])
    await context.close()
  })

  it('an attached image and its alt text survive a reload, like the draft text', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, bob.token)
    await openHome(page)
    const composer = page.getByRole('complementary').getByRole('form', { name: 'New post' })
    await composer.getByLabel('Post text').fill('A draft with a picture')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), composer.getByRole('button', { name: 'Add images' }).click()])
    await chooser.setFiles({ name: 'tower.png', mimeType: 'image/png', buffer: images.tower })
    const attached = composer.getByRole('list', { name: 'Attached images' })
    await attached.getByRole('listitem').waitFor()
    await attached.getByRole('progressbar').waitFor({ state: 'detached' })
    await composer.getByRole('button', { name: 'Add alt text to image 1' }).click()
    await page.getByRole('dialog', { name: 'Describe image 1' }).getByLabel('Alt text').fill('The tower at noon')
    await page.getByRole('dialog', { name: 'Describe image 1' }).getByRole('button', { name: 'Save' }).click()
    await composer.getByRole('button', { name: 'Edit alt text of image 1' }).waitFor()

    await page.reload()
    await homeTimeline(page).waitFor({ state: 'attached' })
    expect(await composer.getByLabel('Post text').inputValue()).toBe('A draft with a picture')
    await attached.getByRole('img', { name: 'The tower at noon' }).waitFor()
    expect(await attached.getByRole('listitem').count()).toBe(1)
    await composer.getByRole('button', { name: 'Remove image 1' }).click()
    await attached.waitFor({ state: 'detached' })
    expect(pageErrors(page)).toEqual([])
    await context.close()
  })

  it('sensitive images wait behind a cover until the reader asks to see them', async () => {
    const upload = new FormData()
    upload.append('file', new Blob([new Uint8Array(images.night)], { type: 'image/png' }), 'night.png')
    upload.append('description', 'The lamp room at night')
    const media = await (await fetch(`${server.url}/api/v2/media`, { method: 'POST', headers: { authorization: `Bearer ${alice.token}` }, body: upload })).json() as { id: string }
    await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'Behind the glass', media_ids: [media.id], sensitive: true })
    const { page, context } = await newPerson(browser, server.url)
    await page.goto('/@alice')
    const post = page.getByRole('article', { name: 'Post by Alice Lighthouse' }).filter({ hasText: 'Behind the glass' })
    await post.getByRole('button', { name: /Sensitive content/ }).click()
    await post.getByRole('button', { name: 'The lamp room at night' }).waitFor({ timeout: 20_000 })
    await post.getByRole('button', { name: 'Hide images' }).click()
    await post.getByRole('button', { name: /Sensitive content/ }).waitFor()
    expect(await post.locator('img[alt="The lamp room at night"]').count()).toBe(0)
    await context.close()
  })

  it('an image the server is still processing shows a placeholder, then appears without a reload', async () => {
    const { page, context } = await newPerson(browser, server.url)
    // The timeline answers as if the images were still being processed (no URLs yet); re-reads of the post are real.
    await page.route('**/api/v1/accounts/*/statuses*', async (route) => {
      const res = await route.fetch()
      const list = (await res.json()) as { media_attachments: { url: string | null; preview_url: string | null }[] }[]
      for (const s of list) for (const m of s.media_attachments) { m.url = null; m.preview_url = null }
      await route.fulfill({ response: res, json: list })
    })
    await page.goto('/@alice')
    const post = page.getByRole('article', { name: 'Post by Alice Lighthouse' }).filter({ hasText: 'Two views of the lighthouse today' })
    await post.getByRole('img', { name: /Image still being processed/ }).first().waitFor()
    await screenshot(page, 'desktop-images-processing')
    await post.getByRole('button', { name: 'A white lighthouse with a red band under a pale blue sky' }).waitFor({ timeout: 15_000 })
    expect(await post.getByRole('img', { name: /Image still being processed/ }).count()).toBe(0)
    await context.close()
  })

  it('a post with a link shows the page’s preview card as one plain link that opens in a new tab', async () => {
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, alice.token)
    await openHome(page)
    const composer = page.getByRole('complementary').getByRole('form', { name: 'New post' })
    await composer.getByLabel('Post text').fill(`Worth a read: ${siteUrl}/keepers`)
    await composer.getByRole('button', { name: 'Post', exact: true }).click()
    const post = page.getByRole('feed', { name: 'Home' }).getByRole('article', { name: 'Post by Alice Lighthouse' }).filter({ hasText: 'Worth a read' })
    // The card is fetched after posting; the app picks it up without a reload.
    const card = post.getByRole('link', { name: /The keepers’ handbook/ })
    await card.waitFor({ timeout: 20_000 })
    expect(await card.getAttribute('href')).toBe(`${siteUrl}/keepers`)
    expect(await card.getAttribute('target')).toBe('_blank')
    expect((await card.getAttribute('rel'))?.split(' ').sort()).toEqual(['nofollow', 'noopener', 'noreferrer'])
    await card.getByText('Coast Journal').waitFor()
    await card.getByText(/century of storms/).waitFor()
    // The remote page's markup is never put in the page.
    expect(await post.locator('iframe').count()).toBe(0)
    await card.locator('img').evaluate((img: any) => img.decode())
    await screenshot(page, 'desktop-link-card')
    expect(pageErrors(page)).toEqual([])
    await context.close()
  })

  it('the profile editor shows a new avatar before saving, then saves it for everyone to see', async () => {
    const before = (await api(server, bob.token, 'GET', '/api/v1/accounts/verify_credentials')).json.avatar_static
    const { page, context } = await newPerson(browser, server.url)
    await useToken(page, bob.token)
    await page.goto('/settings/profile')
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Change avatar' }).click()])
    await chooser.setFiles({ name: 'me.png', mimeType: 'image/png', buffer: images.avatar })
    await page.getByRole('img', { name: 'New avatar (not saved yet)' }).waitFor()
    await screenshot(page, 'desktop-profile-new-avatar')
    expect((await seriousViolations(page)).map((x) => `${x.id}: ${x.help}`)).toEqual([])
    await page.getByRole('button', { name: 'Save' }).click()
    await page.waitForURL('**/@bob')
    const after = (await api(server, bob.token, 'GET', '/api/v1/accounts/verify_credentials')).json.avatar_static
    expect(after).not.toBe(before)
    const shown = await page.getByRole('img', { name: /Avatar of bob/ }).getAttribute('src')
    expect(new URL(shown!, server.url).pathname).toBe(new URL(after).pathname)
    const png = await fetch(new URL(after, server.url))
    expect(png.status).toBe(200)
    expect(pageErrors(page)).toEqual([])
    await context.close()
  })
})
