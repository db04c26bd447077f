import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
// bob writes; carol reposts; dave quotes; erin only likes.
let bob: Person, carol: Person, dave: Person, erin: Person
beforeAll(async () => {
  server = await startServer()
  ;[bob, carol, dave, erin] = await Promise.all(['bob', 'carol', 'dave', 'erin'].map((n) => signUp(server, n)))
})
afterAll(async () => { await server.close() })

const updates = async (p: Person) =>
  (await p.client.v1.notifications.list({ types: ['update'] })).map((n) => ({ type: n.type, status: n.status?.id, from: n.account.id }))

async function spreadPost(text: string): Promise<string> {
  const s = await bob.client.v1.statuses.create({ status: text })
  await carol.client.v1.statuses.$select(s.id).reblog()
  const quote = await api(server, dave.token, 'POST', '/api/v1/statuses', { status: 'look at this', quoted_status_id: s.id })
  expect(quote.status).toBe(200)
  await erin.client.v1.statuses.$select(s.id).favourite()
  await server.ctx.queue.drain()
  return s.id
}

describe('update notifications', () => {
  it('an edit notifies everyone who reposted or quoted the post, and nobody else', async () => {
    const id = await spreadPost('first version')
    await bob.client.v1.statuses.$select(id).update({ status: 'second version' })
    await server.ctx.queue.drain()
    expect(await updates(carol)).toEqual([{ type: 'update', status: id, from: bob.accountId }])
    expect(await updates(dave)).toEqual([{ type: 'update', status: id, from: bob.accountId }])
    expect(await updates(erin)).toEqual([])
    expect(await updates(bob)).toEqual([])
    const [n] = await carol.client.v1.notifications.list({ types: ['update'] })
    expect(n.status?.content).toContain('second version')
  })

  it('each edit notifies once, even when its job runs again', async () => {
    const id = await spreadPost('one')
    await bob.client.v1.statuses.$select(id).update({ status: 'two' })
    await server.ctx.queue.drain()
    const row = await server.ctx.db.selectFrom('statuses').select('edited_at').where('id', '=', Number(id)).executeTakeFirstOrThrow()
    await server.ctx.queue.enqueue('status.updated', { statusId: Number(id), editedAt: row.edited_at })
    await server.ctx.queue.drain()
    const forPost = async (p: Person) => (await updates(p)).filter((u) => u.status === id)
    expect(await forPost(carol)).toHaveLength(1)
    await bob.client.v1.statuses.$select(id).update({ status: 'three' })
    await server.ctx.queue.drain()
    expect(await forPost(carol)).toHaveLength(2)
    expect(await forPost(dave)).toHaveLength(2)
  })

  it('an undone repost is not told of later edits', async () => {
    const id = await spreadPost('before')
    await carol.client.v1.statuses.$select(id).unreblog()
    await server.ctx.queue.drain()
    await bob.client.v1.statuses.$select(id).update({ status: 'after' })
    await server.ctx.queue.drain()
    expect((await updates(carol)).filter((u) => u.status === id)).toEqual([])
    expect((await updates(dave)).filter((u) => u.status === id)).toHaveLength(1)
  })
})
