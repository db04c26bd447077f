import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startServer, type TestServer } from './support/server.ts'
import { api, signUp, type Person } from './support/people.ts'

let server: TestServer
let alice: Person, bob: Person, carol: Person
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
  bob = await signUp(server, 'bob')
  carol = await signUp(server, 'carol')
})
afterAll(async () => { await server.close() })

const poll = (options: string[], extra: Record<string, unknown> = {}) => ({ options, expiresIn: 3600, ...extra })

describe('polls', () => {
  it('a poll is created with its post, voted on once, and shows the votes', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'Tea or coffee?', poll: poll(['tea', 'coffee']) })
    expect(s.poll?.options.map((o) => o.title)).toEqual(['tea', 'coffee'])
    expect(s.poll?.expired).toBe(false)
    expect(s.poll?.voted).toBe(true) // Mastodon counts the author as having voted
    const id = s.poll!.id
    const voted = await bob.client.v1.polls.$select(id).votes.create({ choices: [1] })
    expect(voted.votesCount).toBe(1)
    expect(voted.ownVotes).toEqual([1])
    expect(voted.options[1].votesCount).toBe(1)
    const again = await api(server, bob.token, 'POST', `/api/v1/polls/${id}/votes`, { choices: [0] })
    expect([again.status, again.json.code]).toEqual([422, 'already_voted'])
    const own = await api(server, alice.token, 'POST', `/api/v1/polls/${id}/votes`, { choices: [0] })
    expect(own.status).toBe(422)
    const two = await api(server, carol.token, 'POST', `/api/v1/polls/${id}/votes`, { choices: [0, 1] })
    expect(two.status).toBe(422)
    const bad = await api(server, carol.token, 'POST', `/api/v1/polls/${id}/votes`, { choices: [7] })
    expect(bad.status).toBe(422)
    const seen = await carol.client.v1.polls.$select(id).fetch()
    expect([seen.voted, seen.votesCount]).toEqual([false, 1])
  })

  it('a multiple-choice poll counts votes and voters separately', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'Pick any', poll: poll(['a', 'b', 'c'], { multiple: true }) })
    const p = await bob.client.v1.polls.$select(s.poll!.id).votes.create({ choices: [0, 2] })
    expect([p.votesCount, p.votersCount]).toEqual([2, 1])
  })

  it('hidden totals stay hidden from voters until the end, not from the author', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'Secret tally', poll: poll(['x', 'y'], { hideTotals: true }) })
    const p = await bob.client.v1.polls.$select(s.poll!.id).votes.create({ choices: [0] })
    expect(p.options[0].votesCount).toBeNull()
    expect((await alice.client.v1.polls.$select(s.poll!.id).fetch()).options[0].votesCount).toBe(1)
  })

  it('bad polls are refused with 422: one option, duplicates, too many, too long, too short a time', async () => {
    const bad = async (p: Record<string, unknown>) => (await api(server, alice.token, 'POST', '/api/v1/statuses', { status: 'q', poll: p })).status
    expect(await bad({ options: ['only'], expires_in: 3600 })).toBe(422)
    expect(await bad({ options: ['a', 'a'], expires_in: 3600 })).toBe(422)
    expect(await bad({ options: ['a', 'b', 'c', 'd', 'e'], expires_in: 3600 })).toBe(422)
    expect(await bad({ options: ['a', 'x'.repeat(51)], expires_in: 3600 })).toBe(422)
    expect(await bad({ options: ['a', 'b'], expires_in: 60 })).toBe(422)
  })

  it('an expired poll refuses votes, and its end notifies each voter once', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'Quick one', poll: poll(['yes', 'no']) })
    const id = Number(s.poll!.id)
    await bob.client.v1.polls.$select(String(id)).votes.create({ choices: [0] })
    await server.ctx.db.updateTable('polls').set({ expires_at: Date.now() - 1000 }).where('id', '=', id).execute()
    const late = await api(server, carol.token, 'POST', `/api/v1/polls/${id}/votes`, { choices: [0] })
    expect([late.status, late.json.code]).toEqual([422, 'poll_expired'])
    await server.ctx.queue.enqueue('poll.end', { pollId: id })
    await server.ctx.queue.enqueue('poll.end', { pollId: id })
    await server.ctx.queue.drain()
    const notes = await server.ctx.db.selectFrom('notifications').select(['account_id', 'type']).where('type', '=', 'poll').where('status_id', '=', Number(s.id)).execute()
    expect(notes.filter((n) => n.account_id === Number(bob.accountId))).toHaveLength(1)
    const row = await server.ctx.db.selectFrom('polls').select('ended_notified').where('id', '=', id).executeTakeFirstOrThrow()
    expect(row.ended_notified).toBe(1)
    const ended = await carol.client.v1.polls.$select(String(id)).fetch()
    expect(ended.expired).toBe(true)
  })

  it('editing the options of a poll resets its votes and the history shows the options', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'Which?', poll: poll(['one', 'two']) })
    await bob.client.v1.polls.$select(s.poll!.id).votes.create({ choices: [0] })
    const edited = await alice.client.v1.statuses.$select(s.id).update({ status: 'Which?', poll: poll(['one', 'three']) })
    expect(edited.poll?.options.map((o) => [o.title, o.votesCount])).toEqual([['one', 0], ['three', 0]])
    // masto's StatusEdit type has no poll field, so read the history raw.
    const history = (await api(server, alice.token, 'GET', `/api/v1/statuses/${s.id}/history`)).json as { poll: { options: { title: string }[] } | null }[]
    expect(history.map((h) => h.poll?.options.map((o) => o.title))).toEqual([['one', 'two'], ['one', 'three']])
    expect((await api(server, bob.token, 'GET', `/api/v1/polls/${s.poll!.id}`)).status).toBe(404)
  })

  it('a poll sent as form fields, as some apps do, is understood', async () => {
    const res = await fetch(`${server.url}/api/v1/statuses`, {
      method: 'POST', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'status=Form%20poll&poll[options][]=left&poll[options][]=right&poll[expires_in]=600&poll[multiple]=true&sensitive=false',
    })
    expect(res.status).toBe(200)
    const s = await res.json() as { poll: { multiple: boolean; options: { title: string }[] } }
    expect(s.poll.multiple).toBe(true)
    expect(s.poll.options.map((o) => o.title)).toEqual(['left', 'right'])
  })

  it('a poll on a post the viewer may not see is 404', async () => {
    const s = await alice.client.v1.statuses.create({ status: 'friends only', visibility: 'private', poll: poll(['a', 'b']) })
    expect((await api(server, carol.token, 'GET', `/api/v1/polls/${s.poll!.id}`)).status).toBe(404)
    expect((await api(server, carol.token, 'POST', `/api/v1/polls/${s.poll!.id}/votes`, { choices: [0] })).status).toBe(404)
  })
})
