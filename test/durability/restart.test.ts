// A rolling restart under a post load: Phare (a real process) gets SIGTERM several times
// while a client posts over a few connections, and is started again on the same data and
// port. The graceful stop must exit on its own, tell streaming clients to reconnect (1012)
// and lose nothing it acknowledged; refused or cut requests are retried with their key.
import { afterAll, expect, it } from 'vitest'
import { freePort, startPhare, type Proc } from '../support/status-process.ts'
import { checkApi, checkDatabase, freshStore, halfSentPost, openStreams, PostLoad, refusing, signUpOver, type Store } from './support.ts'

const RESTARTS = 4
const CONNECTIONS = 4
const dialect = process.env.PHARE_TEST_DATABASE_URL ? 'PostgreSQL' : 'SQLite'

let store: Store | null = null
let phare: Proc | null = null
afterAll(async () => {
  await phare?.kill()
  await store?.drop()
})

it(`a rolling restart during a post load loses nothing acknowledged, and streams are told to reconnect (${dialect})`, async () => {
  store = await freshStore('restart')
  const port = await freePort()
  phare = await startPhare(port, store.env.PHARE_DATA_DIR!, store.env)
  const me = await signUpOver(phare.url, 'restarttest')
  // One post in four goes without an Idempotency-Key: acknowledged ones must survive too (an unanswered one is not retried).
  const load = new PostLoad(me.token, `r${Date.now().toString(36)}`, 4)
  let stopped = false
  const running = load.run(phare.url, CONNECTIONS, () => stopped)
  const exits: (number | null)[] = []
  const stopMs: number[] = []
  const closes: number[] = []

  for (let i = 0; i < RESTARTS; i++) {
    const streams = await openStreams(phare.url, me.token)
    await new Promise((r) => setTimeout(r, 800 + Math.random() * 800))
    const t0 = Date.now()
    const inFlight = halfSentPost(phare.url, me.token, load.textOf(`in-flight-${i}`))
    await new Promise((r) => setTimeout(r, 100))
    // Proc.stop sends SIGTERM and only falls back to SIGKILL after 25 s (beyond the 20 s grace).
    const stopping = phare.stop(25_000)
    // The request under way when the server stopped listening is still answered, and stored.
    await refusing(phare.url)
    const answered = await inFlight.finish()
    expect(answered.status).toBe(200)
    load.record(`in-flight-${i}`, answered.id!)
    await stopping
    stopMs.push(Date.now() - t0)
    exits.push(phare.child.exitCode)
    closes.push((await streams.wsClosed).code)
    await streams.sseEnded
    phare = await startPhare(port, store.env.PHARE_DATA_DIR!, store.env)
  }
  await new Promise((r) => setTimeout(r, 500))
  stopped = true
  await running
  await load.settle(phare.url)
  const lostThroughApi = await checkApi(phare.url, load)
  await phare.stop()
  phare = null
  const verdict = await checkDatabase(store, me.accountId, load)

  console.log(`restart test (${dialect}): restarts ${RESTARTS}, stops took ${stopMs.join(', ')} ms, acknowledged ${verdict.acknowledged}, ` +
    `retried ${verdict.retried}, unanswered without a key ${load.abandoned}, lost ${verdict.lost.length + lostThroughApi.length}, duplicated ${verdict.duplicated.length}; ` +
    `failed requests ${JSON.stringify(Object.fromEntries(load.failures))}`)
  expect(exits).toEqual(Array(RESTARTS).fill(0))
  expect(closes).toEqual(Array(RESTARTS).fill(1012))
  expect(verdict.acknowledged).toBeGreaterThan(RESTARTS * 10)
  expect(verdict.acknowledged).toBe(load.sent - load.abandoned + RESTARTS)
  expect([...load.acknowledged.keys()].filter((k) => load.keyless(k)).length).toBeGreaterThan(0)
  expect(lostThroughApi).toEqual([])
  expect(verdict.lost).toEqual([])
  expect(verdict.duplicated).toEqual([])
  expect(verdict.mismatched).toEqual([])
}, 180_000)
