import { describe, expect, test } from 'vitest'
import { likePrefix, parseQuery } from './query.ts'

const parse = (q: string) => parseQuery(q, 'social.example', 'https://social.example')

describe('search queries', () => {
  test('handles on this server name a local account', () => {
    expect(parse('@alice')).toEqual({ kind: 'account', username: 'alice', exact: false })
    expect(parse('alice@social.example')).toEqual({ kind: 'account', username: 'alice', exact: false })
    expect(parse('@alice@SOCIAL.EXAMPLE')).toEqual({ kind: 'account', username: 'alice', exact: false })
  })
  test('handles on other servers are remote accounts', () => {
    expect(parse('bob@elsewhere.example')).toEqual({ kind: 'remote-account' })
  })
  test('URLs of this server name a profile or a post', () => {
    expect(parse('https://social.example/@alice')).toEqual({ kind: 'account', username: 'alice', exact: true })
    expect(parse('https://social.example/users/alice')).toEqual({ kind: 'account', username: 'alice', exact: true })
    expect(parse('https://social.example/@alice/123456')).toEqual({ kind: 'status-url', statusId: 123456 })
    expect(parse('https://social.example/users/alice/statuses/42')).toEqual({ kind: 'status-url', statusId: 42 })
    expect(parse('https://elsewhere.example/@alice/1')).toEqual({ kind: 'other-url' })
  })
  test('anything else is text', () => {
    expect(parse('  hello world ')).toEqual({ kind: 'text', text: 'hello world' })
  })
  test('LIKE wildcards in a query are matched literally', () => {
    expect(likePrefix('50%_off\\')).toBe('50\\%\\_off\\\\%')
  })
})
