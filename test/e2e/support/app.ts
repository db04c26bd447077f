// Steps people take in the web app, shared by the end-to-end tests.
import type { Page } from 'playwright-core'
import type { TestServer } from '../../support/server.ts'

// Code passed to page.evaluate runs in the browser: these are the page's globals, declared
// for this module only (the project has no DOM types, so server code cannot use them by mistake).
declare const window: any

/** Signs up through the app's own form and waits for the home timeline. */
/** The home timeline, empty (a labelled region) or not (a feed of articles). */
export function homeTimeline(page: Page) {
  return page.getByRole('feed', { name: 'Home' }).or(page.getByRole('region', { name: 'Home' }))
}

export async function signUpInBrowser(page: Page, username: string): Promise<void> {
  await page.goto('/sign-up')
  await page.getByLabel('Username').fill(username)
  await page.getByLabel('E-mail address').fill(`${username}@example.test`)
  await page.getByLabel('Password').fill(`correct horse ${username}`)
  await page.getByLabel('I agree to the server rules').check()
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.waitForURL('**/home')
  await homeTimeline(page).waitFor({ state: 'attached' })
}

/** Makes the browser signed in with an existing token (for tests about views, not about signing in). */
export async function useToken(page: Page, token: string): Promise<void> {
  await page.addInitScript((t) => { localStorage.setItem('phare.token', t) }, token)
}

/** The access token the app in this page is using. */
export async function tokenOf(page: Page): Promise<string> {
  const t = await page.evaluate(() => localStorage.getItem('phare.token'))
  if (!t) throw new Error('the page is not signed in')
  return t
}

/** Marks the document, so a test can tell later whether the page was reloaded. */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  await page.evaluate(() => { (window as unknown as { __phareMark: number }).__phareMark = 1 })
  return () => page.evaluate(() => (window as unknown as { __phareMark?: number }).__phareMark === 1)
}

export type { TestServer }
