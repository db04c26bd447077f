import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
let alice: Person, bob: Person, carol: Person, dave: Person
beforeAll(async () => {
  server = await startServer()
  ;[alice, bob, carol, dave] = await Promise.all(['alice', 'bob', 'carol', 'dave'].map((n) => signUp(server, n)))
  await alice.client.v1.accounts.$select(bob.accountId).follow()
  await alice.client.v1.accounts.$select(carol.accountId).follow()
})
afterAll(async () => { await server.close() })

describe('lists', () => {
  it('a person creates, reads, renames and deletes a list', async () => {
    const list = await alice.client.v1.lists.create({ title: ' Friends ' })
    expect(list).toMatchObject({ title: 'Friends', repliesPolicy: 'list', exclusive: false })
    const updated = await alice.client.v1.lists.$select(list.id).update({ title: 'Close friends', exclusive: true })
    expect(updated).toMatchObject({ id: list.id, title: 'Close friends', exclusive: true })
    const viaApi = await api(server, alice.token, 'PUT', `/api/v1/lists/${list.id}`, { replies_policy: 'followed' })
    expect(viaApi.json).toMatchObject({ title: 'Close friends', replies_policy: 'followed', exclusive: true })
    expect(await alice.client.v1.lists.$select(list.id).fetch()).toMatchObject({ title: 'Close friends', repliesPolicy: 'followed' })
    expect((await alice.client.v1.lists.list()).map((l) => l.id)).toContain(list.id)
    await alice.client.v1.lists.$select(list.id).remove()
    expect((await api(server, alice.token, 'GET', `/api/v1/lists/${list.id}`)).status).toBe(404)
  })

  it("someone else's list is not found, whatever is asked of it", async () => {
    const list = await alice.client.v1.lists.create({ title: 'Mine' })
    for (const [method, path, body] of [
      ['GET', `/api/v1/lists/${list.id}`], ['PUT', `/api/v1/lists/${list.id}`, { title: 'x' }], ['DELETE', `/api/v1/lists/${list.id}`],
      ['GET', `/api/v1/lists/${list.id}/accounts`], ['POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [alice.accountId] }],
    ] as const) {
      const r = await api(server, bob.token, method, path, body)
      expect(r.status, `${method} ${path}`).toBe(404)
    }
    expect(await bob.client.v1.lists.list()).toEqual([])
    expect((await api(server, bob.token, 'GET', '/api/v1/lists/not-an-id')).status).toBe(404)
  })

  it('a list needs a title and a known replies policy', async () => {
    const blank = await api(server, alice.token, 'POST', '/api/v1/lists', { title: '   ' })
    expect(blank.status).toBe(422)
    expect(blank.json.code).toBe('validation_failed')
    const policy = await api(server, alice.token, 'POST', '/api/v1/lists', { title: 'x', replies_policy: 'everyone' })
    expect(policy.status).toBe(422)
  })

  it('only followed accounts can be added, and members can be listed and removed', async () => {
    const list = await alice.client.v1.lists.create({ title: 'People' })
    await alice.client.v1.lists.$select(list.id).accounts.create({ accountIds: [bob.accountId, carol.accountId] })
    // adding again changes nothing
    await alice.client.v1.lists.$select(list.id).accounts.create({ accountIds: [bob.accountId] })
    const refused = await api(server, alice.token, 'POST', `/api/v1/lists/${list.id}/accounts`, { account_ids: [dave.accountId] })
    expect(refused.status).toBe(422)
    expect(refused.json.code).toBe('list_member_not_followed')
    const members = await alice.client.v1.lists.$select(list.id).accounts.list()
    expect(members.map((a) => a.id).sort()).toEqual([bob.accountId, carol.accountId].sort())
    const inLists = await alice.client.v1.accounts.$select(bob.accountId).lists.list()
    expect(inLists.map((l) => l.id)).toEqual([list.id])

    await alice.client.v1.lists.$select(list.id).accounts.remove({ accountIds: [bob.accountId] })
    expect((await alice.client.v1.lists.$select(list.id).accounts.list()).map((a) => a.id)).toEqual([carol.accountId])
    expect(await alice.client.v1.accounts.$select(bob.accountId).lists.list()).toEqual([])
  })

  it('members are paginated with the Link header, and limit=0 returns them all', async () => {
    const list = await alice.client.v1.lists.create({ title: 'Paged' })
    await alice.client.v1.lists.$select(list.id).accounts.create({ accountIds: [bob.accountId, carol.accountId] })
    const first = await api(server, alice.token, 'GET', `/api/v1/lists/${list.id}/accounts?limit=1`)
    expect(first.json).toHaveLength(1)
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.get('link') ?? '')![1]
    const second = await api(server, alice.token, 'GET', new URL(next).pathname + new URL(next).search)
    expect(second.json).toHaveLength(1)
    expect(second.json[0].id).not.toBe(first.json[0].id)
    const all = await api(server, alice.token, 'GET', `/api/v1/lists/${list.id}/accounts?limit=0`)
    expect(all.json).toHaveLength(2)
  })

  it('an unfollowed account no longer shows in the list', async () => {
    const list = await alice.client.v1.lists.create({ title: 'Fleeting' })
    await alice.client.v1.accounts.$select(dave.accountId).follow()
    await alice.client.v1.lists.$select(list.id).accounts.create({ accountIds: [dave.accountId] })
    await alice.client.v1.accounts.$select(dave.accountId).unfollow()
    expect(await alice.client.v1.lists.$select(list.id).accounts.list()).toEqual([])
  })

  it('lists need the lists scopes', async () => {
    const r = await api(server, null, 'GET', '/api/v1/lists')
    expect(r.status).toBe(401)
  })
})
