// What a draining server tells the outside, in process: readiness turns false at once and
// the open streams are closed with a reconnect hint (WebSocket 1012, SSE ended).
import { afterAll, beforeAll, expect, it } from 'vitest'
import { startServer, type TestServer } from '../support/server.ts'
import { signUp, type Person } from '../support/people.ts'
import { openStreams } from './support.ts'

let server: TestServer
let alice: Person
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
})
afterAll(async () => { await server.close() })

it('draining marks /readyz not ready and closes WebSocket streams with 1012 and SSE streams', async () => {
  expect((await fetch(`${server.url}/readyz`)).status).toBe(200)
  const streams = await openStreams(server.url, alice.token)
  server.ctx.shutdown.begin()
  const ready = await fetch(`${server.url}/readyz`)
  expect(ready.status).toBe(503)
  expect(await ready.json()).toMatchObject({ status: 'draining', code: 'draining' })
  expect(await streams.wsClosed).toEqual({ code: 1012, reason: 'Service restart: reconnect' })
  await streams.sseEnded
  // A stream opened while draining is closed at once rather than holding the process open.
  const late = await openStreams(server.url, alice.token)
  expect((await late.wsClosed).code).toBe(1012)
  await late.sseEnded
})
