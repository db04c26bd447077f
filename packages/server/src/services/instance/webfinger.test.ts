import { describe, expect, test } from 'vitest'
import { usernameOfResource } from './webfinger.ts'

const here = (r: string) => usernameOfResource(r, 'social.example', 'https://social.example')

describe('WebFinger resources', () => {
  test('acct: handles on this domain name the user, whatever the case of the domain', () => {
    expect(here('acct:alice@social.example')).toBe('alice')
    expect(here('alice@SOCIAL.example')).toBe('alice')
    expect(here('@alice@social.example')).toBe('alice')
  })
  test('profile URLs on this server name the user', () => {
    expect(here('https://social.example/@alice')).toBe('alice')
    expect(here('https://social.example/users/alice')).toBe('alice')
  })
  test('other servers and other shapes name nobody', () => {
    expect(here('acct:alice@elsewhere.example')).toBeNull()
    expect(here('https://elsewhere.example/@alice')).toBeNull()
    expect(here('https://social.example/about')).toBeNull()
    expect(here('alice')).toBeNull()
    expect(here('acct:')).toBeNull()
  })
})
