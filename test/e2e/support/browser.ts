// Debian's Chromium driven by playwright-core, for the end-to-end tests of the web app:
// one browser per test file (the machine is small), one context per person.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'

/** Where screenshots go, for a person to look at after a run. */
export const SCREENSHOT_DIR = join(import.meta.dirname, '..', '..', '..', 'test-output', 'screenshots')

export const PHONE = { width: 375, height: 812 }
export const DESKTOP = { width: 1280, height: 800 }

/** Launches headless Chromium (PHARE_CHROMIUM overrides the path); `extraArgs` add flags (fake devices…). */
export async function launchBrowser(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.PHARE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    // --no-sandbox: tests run as root in containers, where Chromium's sandbox cannot start.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage', ...extraArgs],
  })
}

/** Chromium whose microphone is a WAV file (looped), granted without asking, and which plays audio without a click. */
export function launchWithMicrophone(wavPath: string): Promise<Browser> {
  return launchBrowser(['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${wavPath}`, '--autoplay-policy=no-user-gesture-required'])
}

export interface PersonOptions { locale?: string; viewport?: { width: number; height: number }; colorScheme?: 'light' | 'dark' }

/** A fresh browser profile (cookies, storage) for one person, at the server's URL. */
export async function newPerson(browser: Browser, baseURL: string, o: PersonOptions = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({
    baseURL, locale: o.locale ?? 'en-GB', viewport: o.viewport ?? DESKTOP, colorScheme: o.colorScheme ?? 'light',
    deviceScaleFactor: 1, isMobile: (o.viewport ?? DESKTOP).width < 700, hasTouch: (o.viewport ?? DESKTOP).width < 700,
  })
  context.setDefaultTimeout(10_000)
  const page = await context.newPage()
  // A page error is a bug: record it, and fail the test that caused it (see pageErrors).
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(String(e)))
  pageErrorLog.set(page, errors)
  return { context, page }
}

const pageErrorLog = new WeakMap<Page, string[]>()

/** Uncaught exceptions that happened in a page so far. */
export function pageErrors(page: Page): string[] { return pageErrorLog.get(page) ?? [] }

/** Saves a full-viewport PNG under test-output/screenshots/NAME.png and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true })
  const path = join(SCREENSHOT_DIR, `${name}.png`)
  // Animations and the caret would make screenshots differ between runs.
  await page.screenshot({ path, animations: 'disabled', caret: 'hide' })
  return path
}
