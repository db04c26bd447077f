// Live audio rooms in the web app, for two people: scheduling, the waiting room and its
// reminder, the start arriving live, a raised hand, an invitation to the stage and back,
// a reaction, the end. The audio itself is tested elsewhere (fake devices, server wiring).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { api, signUp } from '../support/people.ts'
import { PHONE, launchBrowser, newPerson, pageErrors, screenshot } from './support/browser.ts'
import { markDocument, useToken } from './support/app.ts'
import { seriousViolations } from './support/axe.ts'

describe('live audio rooms in the web app', { timeout: 60_000 }, () => {
  let server: TestServer
  let browser: Browser
  let alice: { context: BrowserContext; page: Page }
  let bob: { context: BrowserContext; page: Page }
  let roomPath = ''

  beforeAll(async () => {
    server = await startServer()
    browser = await launchBrowser()
    const [a, b] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob')])
    alice = await newPerson(browser, server.url)
    bob = await newPerson(browser, server.url)
    await useToken(alice.page, a.token)
    await useToken(bob.page, b.token)
    // Ending a room asks for confirmation.
    alice.page.on('dialog', (d) => void d.accept())
  })

  afterAll(async () => {
    await browser?.close()
    await server?.close()
  })

  const stage = (p: Page) => p.getByRole('list', { name: 'On stage' })
  const onStage = (p: Page, name: string) => stage(p).getByRole('listitem').filter({ hasText: name })

  it('a host schedules a room from the navigation; a listener follows the announcement to its waiting room, with a countdown, and sets a reminder', async () => {
    await alice.page.goto('/home')
    await alice.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Start a room' }).click()
    await alice.page.getByLabel('Title').fill('Lighthouse talk')
    await alice.page.getByLabel('Description').fill('Fog, lamps and ships.')
    await alice.page.getByLabel('Topics').fill('sea, #lamps')
    await alice.page.getByLabel('Schedule for later').check()
    await alice.page.getByLabel('Date and time').waitFor()
    await alice.page.getByRole('button', { name: 'Schedule the room' }).click()
    await alice.page.waitForURL(/\/rooms\/\d+$/)
    roomPath = new URL(alice.page.url()).pathname
    await alice.page.getByRole('heading', { name: 'Lighthouse talk' }).waitFor()
    await alice.page.getByRole('button', { name: 'Start the room' }).waitFor()

    // The announcement post links the room's page, which opens inside the app.
    await bob.page.goto('/@alice')
    const announced = await markDocument(bob.page)
    await bob.page.getByRole('article', { name: 'Post by alice' }).locator(`a[href="${roomPath}"]`).click()
    await bob.page.waitForURL(`**${roomPath}`)
    await bob.page.getByRole('heading', { name: 'This room has not started yet' }).waitFor()
    expect(await announced()).toBe(true)
    await expect.poll(() => bob.page.getByRole('timer').textContent()).toMatch(/^(0\d|1\d|2[0-3]):\d\d:\d\d$/)
    await bob.page.getByRole('link', { name: '#lamps' }).waitFor()
    expect(await seriousViolations(bob.page)).toEqual([])
    await screenshot(bob.page, 'room-waiting')
    await bob.page.getByRole('button', { name: 'Remind me' }).click()
    await bob.page.getByRole('button', { name: 'Reminder set' }).waitFor()
  })

  it('the start reaches the listener’s page live, without a reload', async () => {
    const notReloaded = await markDocument(bob.page)
    await alice.page.getByRole('button', { name: 'Start the room' }).click()
    await stage(alice.page).waitFor()
    await bob.page.getByText('Live', { exact: true }).waitFor()
    await onStage(bob.page, 'alice').getByText('Host').waitFor()
    await bob.page.getByRole('button', { name: 'Listen' }).waitFor()
    expect(await notReloaded()).toBe(true)
  })

  it('a visitor who is not signed in, on a phone, gets the live room with its stage, a Listen button and the listener count', async () => {
    const visitor = await newPerson(browser, server.url, { viewport: PHONE })
    await visitor.page.goto(roomPath)
    await onStage(visitor.page, 'alice').waitFor()
    await visitor.page.getByRole('button', { name: 'Listen' }).waitFor()
    await visitor.page.getByRole('heading', { name: /^\d+ listeners?$/ }).waitFor()
    expect(await visitor.page.getByRole('group', { name: 'Reactions' }).count()).toBe(0)
    expect(await seriousViolations(visitor.page)).toEqual([])
    await screenshot(visitor.page, 'room-live-phone')
    expect(pageErrors(visitor.page)).toEqual([])
    await visitor.context.close()
  })

  it('a raised hand reaches the host, who invites the listener on stage; once accepted both see him there, then she moves him back', async () => {
    await bob.page.getByRole('button', { name: 'Raise hand' }).click()
    await bob.page.getByRole('button', { name: 'Lower hand' }).waitFor()
    const hands = alice.page.getByRole('region', { name: 'Raised hands' })
    await hands.getByText('@bob').waitFor()
    await hands.getByRole('button', { name: 'Invite to speak' }).click()
    await hands.getByText('Invited to speak').waitFor()

    const invitation = bob.page.getByRole('region', { name: 'Invitation' })
    await invitation.getByText('alice invites you to speak.').waitFor()
    // Turned down once: the hand and the invitation go from the host's list.
    await invitation.getByRole('button', { name: 'Not now' }).click()
    await hands.getByText('@bob').waitFor({ state: 'detached' })
    await bob.page.getByRole('button', { name: 'Raise hand' }).click()
    await hands.getByRole('button', { name: 'Invite to speak' }).click()
    await invitation.getByRole('button', { name: 'Accept' }).click()
    await onStage(bob.page, 'bob').getByText('Speaker').waitFor()
    await onStage(alice.page, 'bob').getByText('Speaker').waitFor()
    // On stage, the audio is the microphone connection, not the broadcast.
    await bob.page.getByRole('button', { name: 'Connect microphone' }).waitFor()
    expect(await bob.page.getByRole('button', { name: 'Listen' }).count()).toBe(0)
    expect(await seriousViolations(alice.page)).toEqual([])
    expect(await seriousViolations(bob.page)).toEqual([])
    await screenshot(alice.page, 'room-live-host')

    await onStage(alice.page, 'bob').getByRole('button', { name: 'Manage bob' }).click()
    await alice.page.getByRole('button', { name: 'Move to listeners' }).click()
    await onStage(alice.page, 'bob').waitFor({ state: 'detached' })
    await onStage(bob.page, 'bob').waitFor({ state: 'detached' })
    await bob.page.getByRole('button', { name: 'Raise hand' }).waitFor()
    // Moved off the stage, bob keeps hearing the room: the broadcast starts without a press.
    expect(await bob.page.getByRole('button', { name: 'Listen' }).count()).toBe(0)
    await bob.page.locator('.room-player').getByRole('button', { name: 'Pause' }).waitFor({ timeout: 30_000 })
  })

  it('a listener’s reaction floats on the host’s page, and a post the host pins by its link shows on the listener’s', async () => {
    await bob.page.getByRole('button', { name: 'React with 👏' }).click()
    await alice.page.locator('.reaction-float', { hasText: '👏' }).first().waitFor()

    const room = (await api(server, null, 'GET', `/api/v1/phare/rooms${roomPath.slice('/rooms'.length)}`)).json
    await alice.page.getByLabel('Link or id of a post to pin').fill(`${server.url}/@alice/${room.status_id}`)
    await alice.page.getByRole('button', { name: 'Pin', exact: true }).click()
    const pinned = bob.page.getByRole('region', { name: 'Pinned post' })
    await pinned.getByRole('article', { name: 'Post by alice' }).getByText(/🎙️ Lighthouse talk/).waitFor()
  })

  it('the host ends the room and the listener’s page says so', async () => {
    await alice.page.getByRole('button', { name: 'End the room' }).click()
    await alice.page.getByRole('heading', { name: 'This room has ended' }).waitFor()
    await bob.page.getByRole('heading', { name: 'This room has ended' }).waitFor()
    expect(pageErrors(alice.page)).toEqual([])
    expect(pageErrors(bob.page)).toEqual([])
  })
})
