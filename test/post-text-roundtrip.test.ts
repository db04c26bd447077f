// A post's statements reach PostgreSQL with their values written into the SQL text
// (storage/write-together.ts): whatever a person types must come back exactly, and
// nothing they type may act as SQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { startServer, type TestServer } from './support/server.ts'
import { signUp, type Person } from './support/people.ts'

let server: TestServer
let alice: Person
beforeAll(async () => {
  server = await startServer()
  alice = await signUp(server, 'alice')
})
afterAll(async () => { await server.close() })

const tricky = ["'", "''", '\\', "\\'", '$1', '$10', "E'", ';', '--', '/*', '"', '#tag', 'é', '🦜', '\n', ' ', 'DROP TABLE statuses;']

describe('post text round trip', () => {
  it('comes back exactly as typed, quotes, backslashes and placeholders included', async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.constantFrom(...tricky), { minLength: 1, maxLength: 12 }), async (parts) => {
      const text = `a${parts.join('')}z`
      const s = await alice.client.v1.statuses.create({ status: text, spoilerText: `cw${parts.join('')}x` })
      const source = await alice.client.v1.statuses.$select(s.id).source.fetch()
      expect(source.text).toBe(text)
      expect(source.spoilerText).toBe(`cw${parts.join('')}x`)
    }), { numRuns: 25 })
    const count = await server.ctx.db.selectFrom('statuses').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()
    expect(Number(count.n)).toBeGreaterThanOrEqual(25)
  })
})
