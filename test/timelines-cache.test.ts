// The home timeline is answered from memory (storage/cache): whatever changes what a
// page shows must show on the next read, through every kind of write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { signUp, type Person } from './support/people.ts'

let server: TestServer
let reader: Person, author: Person, other: Person
beforeAll(async () => {
  server = await startServer()
  ;[reader, author, other] = await Promise.all(['reader', 'author', 'other'].map((n) => signUp(server, n)))
  await reader.client.v1.accounts.$select(author.accountId).follow()
  await server.ctx.queue.drain()
})
afterAll(async () => { await server.close() })

async function home(p: Person = reader) {
  await server.ctx.queue.drain()
  return p.client.v1.timelines.home.list({ limit: 20 })
}

describe('home timeline read from memory', () => {
  it('shows new posts, counts, the reader\'s own marks, edits, profile changes and deletions at once', async () => {
    const post = await author.client.v1.statuses.create({ status: 'first words' })
    expect((await home()).map((s) => s.id)).toEqual([post.id])
    expect((await home())[0].favouritesCount).toBe(0) // a second read, answered from the kept page

    await other.client.v1.statuses.$select(post.id).favourite()
    expect((await home())[0].favouritesCount).toBe(1)

    await reader.client.v1.statuses.$select(post.id).favourite()
    await reader.client.v1.statuses.$select(post.id).bookmark()
    const marked = (await home())[0]
    expect([marked.favourited, marked.bookmarked, marked.favouritesCount]).toEqual([true, true, 2])

    await author.client.v1.statuses.$select(post.id).update({ status: 'better words' })
    expect((await home())[0].content).toContain('better words')

    await author.client.v1.accounts.updateCredentials({ displayName: 'The Author' })
    expect((await home())[0].account.displayName).toBe('The Author')

    const second = await author.client.v1.statuses.create({ status: 'second' })
    expect((await home()).map((s) => s.id)).toEqual([second.id, post.id])
    await author.client.v1.statuses.$select(second.id).remove()
    expect((await home()).map((s) => s.id)).toEqual([post.id])
  })

  it('drops an author the reader mutes, blocks or unfollows, and brings a timed mute back when it ends', async () => {
    expect((await home()).length).toBeGreaterThan(0)
    await reader.client.v1.accounts.$select(author.accountId).mute({ duration: 1 })
    expect(await home()).toEqual([])
    await new Promise((r) => setTimeout(r, 1_100))
    expect((await home()).length).toBeGreaterThan(0)

    await author.client.v1.accounts.$select(reader.accountId).block()
    expect(await home()).toEqual([])
    await author.client.v1.accounts.$select(reader.accountId).unblock()
    await reader.client.v1.accounts.$select(author.accountId).follow()
    expect((await home()).length).toBeGreaterThan(0)
    await reader.client.v1.accounts.$select(author.accountId).unfollow()
    expect(await home()).toEqual([])
  })

  it('stops answering a token the moment it is revoked', async () => {
    const r = await fetch(`${server.url}/api/v1/timelines/home`, { headers: { authorization: `Bearer ${other.token}` } })
    expect(r.status).toBe(200)
    const tok = await server.ctx.db.selectFrom('access_tokens').select('app_id').where('account_id', '=', Number(other.accountId)).executeTakeFirstOrThrow()
    const app = await server.ctx.db.selectFrom('apps').select('client_id').where('id', '=', tok.app_id).executeTakeFirstOrThrow()
    const revoked = await fetch(`${server.url}/oauth/revoke`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ client_id: app.client_id, token: other.token }),
    })
    expect(revoked.status).toBe(200)
    expect((await fetch(`${server.url}/api/v1/timelines/home`, { headers: { authorization: `Bearer ${other.token}` } })).status).toBe(401)
  })
})
