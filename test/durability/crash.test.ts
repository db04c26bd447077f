// Crash test, in the style of Jepsen's set checker: a client posts as fast as a few
// connections allow while Phare (a real process) is killed with SIGKILL at random moments
// and restarted on the same data. Every post the server acknowledged must exist
// afterwards, exactly once, and a retry with the same Idempotency-Key must return the
// post a crash interrupted rather than a second one.
import { afterAll, expect, it } from 'vitest'
import { freePort, startPhare, type Proc } from '../support/status-process.ts'
import { checkApi, checkDatabase, freshStore, PostLoad, signUpOver, type Store } from './support.ts'

const KILLS = 20
const CONNECTIONS = 4
const dialect = process.env.PHARE_TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'

let store: Store | null = null
let phare: Proc | null = null
afterAll(async () => {
  await phare?.kill()
  await store?.drop()
})

it(`every acknowledged post survives ${KILLS} SIGKILLs, and none is stored twice (${dialect})`, async () => {
  store = await freshStore('crash')
  const port = await freePort()
  phare = await startPhare(port, store.env.PHARE_DATA_DIR!, store.env)
  const me = await signUpOver(phare.url, 'crashtest')
  // One post in four goes without an Idempotency-Key: acknowledged ones must survive too (an unanswered one is not retried).
  const load = new PostLoad(me.token, `k${Date.now().toString(36)}`, 4)
  const started = Date.now()

  for (let kill = 1; kill <= KILLS; kill++) {
    let stopped = false
    const running = load.run(phare.url, CONNECTIONS, () => stopped)
    // Random moments: some kills land early after the start, most mid-load.
    await new Promise((r) => setTimeout(r, 150 + Math.random() * 1200))
    await phare.kill()
    stopped = true
    await running
    phare = await startPhare(port, store.env.PHARE_DATA_DIR!, store.env)
  }
  // After the last restart every key still unacknowledged is retried with its own key.
  await load.settle(phare.url)
  const lostThroughApi = await checkApi(phare.url, load)
  await phare.stop()
  phare = null
  const verdict = await checkDatabase(store, me.accountId, load)

  console.log(`crash test (${dialect}): kills ${KILLS}, posts sent ${load.sent}, acknowledged ${verdict.acknowledged}, ` +
    `retried ${verdict.retried} (${load.recovered} answered with the post the crash interrupted), unanswered without a key (not retried) ${load.abandoned}, lost ${verdict.lost.length + lostThroughApi.length}, duplicated ${verdict.duplicated.length}, ` +
    `in ${((Date.now() - started) / 1000).toFixed(1)} s; failed requests ${JSON.stringify(Object.fromEntries(load.failures))}`)
  // The test must have tested something: posts acknowledged, and retries across crashes.
  expect(verdict.acknowledged).toBeGreaterThan(KILLS * 5)
  expect(verdict.retried).toBeGreaterThan(0)
  expect(verdict.acknowledged).toBe(load.sent - load.abandoned)
  expect([...load.acknowledged.keys()].filter((k) => load.keyless(k)).length).toBeGreaterThan(0)
  expect(lostThroughApi).toEqual([])
  expect(verdict.lost).toEqual([])
  expect(verdict.duplicated).toEqual([])
  expect(verdict.mismatched).toEqual([])
}, 240_000)
