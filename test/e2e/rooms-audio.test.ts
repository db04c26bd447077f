// Live room audio in real browsers: each Chromium's microphone is a WAV file of one tone
// (Alice 440 Hz, Bob 880 Hz). Speakers hear each other over WebRTC through Phare's SFU; a
// listener hears both through the LL-HLS broadcast played by hls.js. What each page hears
// is measured in the page with Web Audio (level and spectrum), not assumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { startServer, type TestServer } from '../support/server.ts'
import { signUp } from '../support/people.ts'
import { launchWithMicrophone, newPerson, pageErrors } from './support/browser.ts'
import { useToken } from './support/app.ts'

declare const document: any, AudioContext: any, MediaStream: any, performance: { now(): number }

/** What a page hears: RMS level and the strength (dB) of the two tones, over `ms` of audio. */
interface Heard { rms: number; at440: number; at880: number; floor: number }

/**
 * Listens, inside the page, to the audio elements matching `selector` (a playing <audio> with
 * an HLS source, or WebRTC tracks the app plays) for `ms`, and reports what they carry.
 */
async function hear(page: Page, selector: string, ms: number): Promise<Heard> {
  return page.evaluate(async ({ selector, ms }) => {
    const ac = new AudioContext()
    await ac.resume()
    const analyser = ac.createAnalyser()
    analyser.fftSize = 8192
    analyser.smoothingTimeConstant = 0.5
    for (const el of document.querySelectorAll(selector) as any[]) {
      const stream = el.srcObject instanceof MediaStream ? el.srcObject : el.captureStream()
      if (stream.getAudioTracks().length) ac.createMediaStreamSource(stream).connect(analyser)
    }
    const time = new Float32Array(analyser.fftSize)
    const freq = new Float32Array(analyser.frequencyBinCount)
    let sum = 0, n = 0
    const end = performance.now() + ms
    while (performance.now() < end) {
      await new Promise((r) => setTimeout(r, 100))
      analyser.getFloatTimeDomainData(time)
      for (const v of time) { sum += v * v; n++ }
    }
    analyser.getFloatFrequencyData(freq)
    const bin = (f: number) => Math.round(f / (ac.sampleRate / analyser.fftSize))
    const peak = (f: number) => Math.max(...[-2, -1, 0, 1, 2].map((d) => freq[bin(f) + d]))
    const sorted = [...freq].filter(Number.isFinite).sort((a, b) => a - b)
    await ac.close()
    return { rms: Math.sqrt(sum / Math.max(1, n)), at440: peak(440), at880: peak(880), floor: sorted[Math.floor(sorted.length / 2)] ?? -200 }
  }, { selector, ms })
}

/**
 * A WAV "voice": a tone at `hz` in syllables (0.3 s on, 0.2 s off). A steady tone would be
 * taken for background noise and removed by the browser's noise suppression, as it should.
 */
const tone = (dir: string, hz: number) => {
  const path = join(dir, `tone-${hz}.wav`)
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i',
    `aevalsrc=0.5*sin(2*PI*${hz}*t)*lt(mod(t\\,0.5)\\,0.3):s=48000:d=20`, '-ac', '1', path])
  return path
}

describe('live room audio in browsers', { timeout: 90_000 }, () => {
  let server: TestServer
  let dir: string
  let browsers: Browser[] = []
  let alice: { context: BrowserContext; page: Page }
  let bob: { context: BrowserContext; page: Page }
  let carol: { context: BrowserContext; page: Page }

  beforeAll(async () => {
    server = await startServer()
    dir = mkdtempSync(join(tmpdir(), 'phare-tones-'))
    const [withA, withB] = await Promise.all([launchWithMicrophone(tone(dir, 440)), launchWithMicrophone(tone(dir, 880))])
    browsers = [withA, withB]
    const [a, b, c] = await Promise.all([signUp(server, 'alice'), signUp(server, 'bob'), signUp(server, 'carol')])
    alice = await newPerson(withA, server.url)
    carol = await newPerson(withA, server.url)
    bob = await newPerson(withB, server.url)
    await Promise.all([useToken(alice.page, a.token), useToken(bob.page, b.token), useToken(carol.page, c.token)])
  })

  afterAll(async () => {
    await Promise.all(browsers.map((b) => b.close()))
    await server?.close()
    rmSync(dir, { recursive: true, force: true })
  })

  const micStatus = (p: Page) => p.locator('.speaker-controls [role=status]')
  const remoteAudio = '.speaker-controls audio'
  const hlsAudio = '.room-player audio'

  it('a host talks, a listener hears her over LL-HLS; raise hand → invite → accept puts a second speaker on stage, the two hear each other, the listener hears both', async () => {
    await alice.page.goto('/rooms/new')
    await alice.page.getByLabel('Title').fill('Two tones')
    await alice.page.getByRole('button', { name: 'Start the room' }).click()
    await alice.page.waitForURL(/\/rooms\/\d+$/)
    const roomPath = new URL(alice.page.url()).pathname
    await alice.page.getByRole('button', { name: 'Connect microphone' }).click()
    await expect.poll(() => micStatus(alice.page).textContent(), { timeout: 15_000 }).toMatch(/on the stage/)

    // Carol listens: hls.js plays the broadcast, and what it plays is Alice's 440 Hz.
    await carol.page.goto(roomPath)
    await carol.page.getByRole('button', { name: 'Listen' }).click()
    await expect.poll(() => carol.page.evaluate((s) => document.querySelector(s)?.currentTime ?? 0, hlsAudio), { timeout: 20_000 }).toBeGreaterThan(1)
    const first = await hear(carol.page, hlsAudio, 1500)
    expect(first.rms).toBeGreaterThan(0.005)
    expect(first.at440 - first.floor).toBeGreaterThan(30)

    // Bob asks to speak, Alice invites him, he accepts and connects his microphone.
    await bob.page.goto(roomPath)
    await bob.page.getByRole('button', { name: 'Raise hand' }).click()
    await alice.page.getByRole('button', { name: 'Invite to speak' }).click()
    await bob.page.getByRole('button', { name: 'Accept' }).click()
    await bob.page.getByRole('button', { name: 'Connect microphone' }).click()
    await expect.poll(() => micStatus(bob.page).textContent(), { timeout: 15_000 }).toMatch(/on the stage/)

    // The speakers hear each other over WebRTC (each hears the other's tone, not their own).
    await expect.poll(async () => { const h = await hear(alice.page, remoteAudio, 800); return h.at880 - h.floor }, { timeout: 15_000 }).toBeGreaterThan(30)
    await expect.poll(async () => { const h = await hear(bob.page, remoteAudio, 800); return h.at440 - h.floor }, { timeout: 15_000 }).toBeGreaterThan(30)
    const atAlice = await hear(alice.page, remoteAudio, 800)
    expect(atAlice.at880 - atAlice.at440).toBeGreaterThan(20)

    // The listener hears the mix: both tones, a few seconds behind.
    await expect.poll(async () => { const h = await hear(carol.page, hlsAudio, 1000); return Math.min(h.at440, h.at880) - h.floor }, { timeout: 20_000 }).toBeGreaterThan(25)

    // Both speakers show as speaking on the listener's page (the server tells who is heard).
    await expect.poll(() => carol.page.locator('.speaker.speaking').count(), { timeout: 10_000 }).toBe(2)

    for (const p of [alice.page, bob.page, carol.page]) expect(pageErrors(p)).toEqual([])
  })
})
