import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
let alice: Person, alicia: Person, bob: Person, mallory: Person
beforeAll(async () => {
  server = await startServer()
  ;[alice, alicia, bob, mallory] = await Promise.all(['alice', 'alicia', 'bob', 'mallory'].map((n) => signUp(server, n)))
  await server.ctx.db.updateTable('accounts').set({ display_name: 'Robert Alston' }).where('id', '=', Number(bob.accountId)).execute()
  server.ctx.cache.changed({ accounts: [Number(bob.accountId)] })
})
afterAll(async () => { await server.close() })

const domain = () => new URL(server.url).host
const ids = (xs: { id: string }[]) => xs.map((x) => x.id)

describe('account search', () => {
  it('finds accounts by username prefix, case-insensitively, the exact handle first', async () => {
    const found = await bob.client.v1.accounts.search.list({ q: 'ALIC' })
    expect(ids(found).sort()).toEqual([alice.accountId, alicia.accountId].sort())
    const exact = await bob.client.v1.accounts.search.list({ q: 'alice' })
    expect(exact[0].id).toBe(alice.accountId)
  })

  it('finds accounts by a word of the display name', async () => {
    expect(ids(await alice.client.v1.accounts.search.list({ q: 'robert' }))).toEqual([bob.accountId])
    expect(ids(await alice.client.v1.accounts.search.list({ q: 'als' }))).toEqual([bob.accountId])
  })

  it('understands @handles, local acct: handles and profile URLs, and finds nothing on other servers', async () => {
    expect(ids(await bob.client.v1.accounts.search.list({ q: '@alicia' }))).toEqual([alicia.accountId])
    expect(ids(await bob.client.v1.accounts.search.list({ q: `alicia@${domain()}` }))).toEqual([alicia.accountId])
    expect(ids(await bob.client.v1.accounts.search.list({ q: `${server.url}/@alice` }))).toEqual([alice.accountId])
    expect(await bob.client.v1.accounts.search.list({ q: 'alice@elsewhere.example' })).toEqual([])
  })

  it('treats LIKE wildcards as plain characters', async () => {
    expect(await bob.client.v1.accounts.search.list({ q: '%' })).toEqual([])
    expect(await bob.client.v1.accounts.search.list({ q: '_lice' })).toEqual([])
  })

  it('following=true keeps only accounts I follow', async () => {
    await bob.client.v1.accounts.$select(alicia.accountId).follow()
    expect(ids(await bob.client.v1.accounts.search.list({ q: 'ali', following: true }))).toEqual([alicia.accountId])
  })

  it('blocked and blocking accounts are left out', async () => {
    await mallory.client.v1.accounts.$select(alice.accountId).block()
    expect(ids(await mallory.client.v1.accounts.search.list({ q: 'alice' }))).not.toContain(alice.accountId)
    expect(ids(await alice.client.v1.accounts.search.list({ q: 'mallory' }))).toEqual([])
  })

  it('anonymous search works for the first page but not for paging or resolving', async () => {
    const r = await api(server, null, 'GET', '/api/v1/accounts/search?q=alice')
    expect(r.status).toBe(200)
    expect(r.json[0].id).toBe(alice.accountId)
    expect((await api(server, null, 'GET', '/api/v2/search?q=alice&offset=5')).status).toBe(401)
    expect((await api(server, null, 'GET', '/api/v2/search?q=alice&resolve=true')).status).toBe(401)
    expect((await api(server, null, 'GET', '/api/v2/search')).status).toBe(422)
  })
})

describe('v2 search', () => {
  it('finds hashtags by name prefix, with their history', async () => {
    await alice.client.v1.statuses.create({ status: 'Lighthouses are #Lighthousekeeping and #lightwork' })
    const r = await bob.client.v2.search.list({ q: '#light', type: 'hashtags' })
    expect(r.accounts).toEqual([])
    expect(r.hashtags.map((t) => t.name).sort()).toEqual(['Lighthousekeeping', 'lightwork'])
    const tag = r.hashtags.find((t) => t.name === 'lightwork')!
    expect(tag.history).toHaveLength(7)
    expect(tag.history![0]).toMatchObject({ uses: '1', accounts: '1' })
    expect(tag.url).toBe(`${server.url}/tags/lightwork`)
  })

  it('type limits the result to one kind, and limit and offset page through it', async () => {
    const all = await bob.client.v2.search.list({ q: 'ali' })
    expect(all.accounts.length).toBe(2)
    const page1 = await bob.client.v2.search.list({ q: 'ali', type: 'accounts', limit: 1 })
    const page2 = await bob.client.v2.search.list({ q: 'ali', type: 'accounts', limit: 1, offset: 1 })
    expect(page1.accounts).toHaveLength(1)
    expect(page2.accounts).toHaveLength(1)
    expect(page1.accounts[0].id).not.toBe(page2.accounts[0].id)
    expect(page1.hashtags).toEqual([])
  })

  it('finds a post by its URL or id only when the searcher may see it', async () => {
    const pub = await alice.client.v1.statuses.create({ status: 'public words', visibility: 'public' })
    const priv = await alice.client.v1.statuses.create({ status: 'followers only', visibility: 'private' })
    expect(ids((await bob.client.v2.search.list({ q: pub.url!, type: 'statuses' })).statuses)).toEqual([pub.id])
    expect(ids((await bob.client.v2.search.list({ q: pub.id, type: 'statuses' })).statuses)).toEqual([pub.id])
    expect((await bob.client.v2.search.list({ q: priv.url!, type: 'statuses' })).statuses).toEqual([])
    expect(ids((await alice.client.v2.search.list({ q: priv.url!, type: 'statuses' })).statuses)).toEqual([priv.id])
    // account_id restricts posts to that author
    expect((await bob.client.v2.search.list({ q: pub.url!, type: 'statuses', accountId: bob.accountId })).statuses).toEqual([])
    // free text does not search posts yet
    expect((await bob.client.v2.search.list({ q: 'public words', type: 'statuses' })).statuses).toEqual([])
  })
})
