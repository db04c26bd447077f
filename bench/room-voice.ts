// Mouth-to-ear in real browsers (`npm run bench:room-voice`): how long a sound made at a
// speaker's microphone takes to be heard by another speaker (WebRTC through Phare's SFU) and by
// a listener (the LL-HLS broadcast played by hls.js), all on loopback, through the web app.
// Alice's microphone is a Web Audio oscillator the bench switches on ("a beep") at a known
// time; Bob's page (on stage) and Carol's page (listening) detect the beep's onset in what they
// play. All pages share the machine's clock (performance.timeOrigin + now()).
//   npm run bench:room-voice                 12 beeps, 2 s apart
//   npm run bench:room-voice -- --beeps 30
// Prints a table; asserts nothing. Targets (issue 6): < 400 ms speaker to speaker, < 4 s to listeners.
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Page } from 'playwright-core'
import { launchBrowser, newPerson } from '../test/e2e/support/browser.ts'
import { useToken } from '../test/e2e/support/app.ts'
import { signUpPerson } from './api.ts'
import { quantile } from './fanout.ts'
import { startPhare, type Running } from './processes.ts'

declare const window: any, document: any, navigator: any, AudioContext: any, MediaStream: any, performance: any

const argv = process.argv.slice(2)
const beeps = Number(argv[argv.indexOf('--beeps') + 1] || 12)
const log = (line: string) => console.error(`[bench:room-voice] ${line}`)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/** Replaces the page's microphone by an oscillator that `window.__beep()` switches on for 250 ms (silent otherwise). */
async function oscillatorMicrophone(page: Page): Promise<void> {
  await page.addInitScript(() => {
    navigator.mediaDevices.getUserMedia = async () => {
      const ac = new AudioContext()
      await ac.resume()
      const osc = ac.createOscillator()
      osc.frequency.value = 700
      const gain = ac.createGain()
      gain.gain.value = 0
      const dest = ac.createMediaStreamDestination()
      osc.connect(gain).connect(dest)
      osc.start()
      window.__beep = () => {
        const t = ac.currentTime + 0.01
        gain.gain.setValueAtTime(0.6, t)
        gain.gain.setValueAtTime(0, t + 0.25)
        // When the sound starts, on the shared clock: now plus the scheduling lead.
        return performance.timeOrigin + performance.now() + 10
      }
      return dest.stream
    }
  })
}

/** Keeps the page's RTCPeerConnections in `window.__pcs`, to read their statistics. */
async function recordPeerConnections(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.RTCPeerConnection
    window.__pcs = []
    window.RTCPeerConnection = function (...args: unknown[]) { const pc = new Native(...args); window.__pcs.push(pc); return pc }
    window.RTCPeerConnection.prototype = Native.prototype
  })
}

/** The browser's receive side: average jitter-buffer delay and its target (ms), packets received and lost. */
async function receiveStats(page: Page): Promise<{ jitterBufferMs: number; targetMs: number; packets: number; lost: number }> {
  return page.evaluate(async () => {
    const r = { jitterBufferMs: 0, targetMs: 0, packets: 0, lost: 0, emitted: 0 }
    for (const pc of window.__pcs) {
      const stats = await pc.getStats()
      stats.forEach((s: any) => {
        if (s.type !== 'inbound-rtp' || !s.packetsReceived) return
        r.packets += s.packetsReceived
        r.lost += s.packetsLost
        r.jitterBufferMs += s.jitterBufferDelay * 1000
        r.targetMs += s.jitterBufferTargetDelay * 1000
        r.emitted += s.jitterBufferEmittedCount
      })
    }
    return { jitterBufferMs: r.jitterBufferMs / r.emitted, targetMs: r.targetMs / r.emitted, packets: r.packets, lost: r.lost }
  })
}

/** Starts detecting onsets in what the audio elements matching `selector` play; read them with `window.__onsets`. */
async function detectOnsets(page: Page, selector: string): Promise<void> {
  await page.evaluate((selector: string) => {
    const ac = new AudioContext()
    void ac.resume()
    const analyser = ac.createAnalyser()
    analyser.fftSize = 256
    for (const el of document.querySelectorAll(selector)) {
      const stream = el.srcObject instanceof MediaStream ? el.srcObject : el.captureStream()
      if (stream.getAudioTracks().length) ac.createMediaStreamSource(stream).connect(analyser)
    }
    const buf = new Float32Array(analyser.fftSize)
    let on = false
    window.__onsets = []
    setInterval(() => {
      analyser.getFloatTimeDomainData(buf)
      let peak = 0
      for (const v of buf) peak = Math.max(peak, Math.abs(v))
      if (!on && peak > 0.08) { on = true; window.__onsets.push(performance.timeOrigin + performance.now()) }
      else if (on && peak < 0.01) on = false
    }, 2)
  }, selector)
}

/** For each beep, the delay to the first onset heard after it (within 8 s), or NaN when none was. */
function delays(sent: number[], heard: number[]): number[] {
  return sent.map((t) => {
    const first = heard.find((h) => h >= t && h < t + 8000)
    return first === undefined ? NaN : first - t
  })
}

const dataDir = mkdtempSync(join(tmpdir(), 'phare-bench-voice-'))
let phare: Running | null = null
const browser = await launchBrowser(['--use-fake-ui-for-media-stream', '--autoplay-policy=no-user-gesture-required'])
try {
  phare = await startPhare({ PHARE_DATA_DIR: dataDir })
  const [a, b, c] = [await signUpPerson(phare.url, 'alice'), await signUpPerson(phare.url, 'bob'), await signUpPerson(phare.url, 'carol')]
  const [alice, bob, carol] = await Promise.all([newPerson(browser, phare.url), newPerson(browser, phare.url), newPerson(browser, phare.url)])
  await Promise.all([useToken(alice.page, a), useToken(bob.page, b), useToken(carol.page, c), oscillatorMicrophone(alice.page), oscillatorMicrophone(bob.page), recordPeerConnections(bob.page)])
  const status = (p: Page) => p.locator('.speaker-controls [role=status]')

  await alice.page.goto('/rooms/new')
  await alice.page.getByLabel('Title').fill('Mouth to ear')
  await alice.page.getByRole('button', { name: 'Start the room' }).click()
  await alice.page.waitForURL(/\/rooms\/\d+$/)
  const roomPath = new URL(alice.page.url()).pathname
  await alice.page.getByRole('button', { name: 'Connect microphone' }).click()
  await status(alice.page).filter({ hasText: 'on the stage' }).waitFor({ timeout: 20_000 })

  await bob.page.goto(roomPath)
  await bob.page.getByRole('button', { name: 'Raise hand' }).click()
  await alice.page.getByRole('button', { name: 'Invite to speak' }).click()
  await bob.page.getByRole('button', { name: 'Accept' }).click()
  await bob.page.getByRole('button', { name: 'Connect microphone' }).click()
  await status(bob.page).filter({ hasText: 'on the stage' }).waitFor({ timeout: 20_000 })

  await carol.page.goto(roomPath)
  await carol.page.getByRole('button', { name: 'Listen' }).click()
  const playing = () => carol.page.evaluate(() => document.querySelector('.room-player audio')?.currentTime ?? 0)
  for (let i = 0; i < 100 && await playing() < 2; i++) await sleep(200)
  await sleep(2000) // Bob's receive slots are assigned: his page plays Alice
  await detectOnsets(bob.page, '.speaker-controls audio')
  await detectOnsets(carol.page, '.room-player audio')

  log(`${beeps} beeps, 2 s apart`)
  const sent: number[] = []
  for (let i = 0; i < beeps; i++) {
    sent.push(await alice.page.evaluate(() => window.__beep()))
    await sleep(2000)
  }
  await sleep(6000)
  const toBob = delays(sent, await bob.page.evaluate(() => window.__onsets))
  const toCarol = delays(sent, await carol.page.evaluate(() => window.__onsets))
  const line = (name: string, d: number[], target: string) => {
    const got = d.filter(Number.isFinite).sort((x, y) => x - y)
    const ms = (q: number) => got.length ? `${Math.round(quantile(got, q))} ms` : '–'
    return `| ${name} | ${got.length}/${d.length} | ${ms(0.5)} | ${ms(0.95)} | ${got.length ? `${Math.round(got[got.length - 1])} ms` : '–'} | ${target} |`
  }
  console.log('\n| path | beeps heard | p50 | p95 | max | target |\n|---|---|---|---|---|---|')
  console.log(line('speaker → speaker (WebRTC via the SFU)', toBob, '< 400 ms'))
  console.log(line('speaker → listener (LL-HLS, hls.js)', toCarol, '< 4 s'))
  const rx = await receiveStats(bob.page)
  console.log(`\nBob's browser: jitter buffer ${Math.round(rx.jitterBufferMs)} ms on average (its target ${Math.round(rx.targetMs)} ms), ${rx.packets} packets, ${rx.lost} lost; load average ${loadavg().map((x) => x.toFixed(1)).join(' ')}`)
} finally {
  await browser.close()
  await phare?.stop()
  rmSync(dataDir, { recursive: true, force: true })
}
// werift timers may outlive the connections: end here.
process.exit(0)
