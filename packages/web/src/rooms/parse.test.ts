import { describe, expect, it } from 'vitest'
import { countdownText, localInputValue, statusIdFrom, topicsFrom } from './parse.ts'

describe('room page text', () => {
  it('finds the post id in a pasted post link of any server, or a bare id, and nothing in other links', () => {
    expect(statusIdFrom(' 1234 ')).toBe('1234')
    expect(statusIdFrom('https://phare.example/@alice/1234')).toBe('1234')
    expect(statusIdFrom('https://mastodon.example/@bob@phare.example/99?x=1')).toBe('99')
    expect(statusIdFrom('https://phare.example/statuses/77/')).toBe('77')
    expect(statusIdFrom('https://phare.example/@alice')).toBeNull()
    expect(statusIdFrom('https://phare.example/tags/1234')).toBeNull()
  })

  it('counts down in hours, minutes and seconds, with days beyond 24 hours, and never below zero', () => {
    expect(countdownText(3_723_900)).toBe('01:02:03')
    expect(countdownText((2 * 86_400 + 5) * 1000)).toBe('2 d 00:00:05')
    expect(countdownText(-5000)).toBe('00:00:00')
  })

  it('reads topics separated by commas or spaces, without # and without repeats', () => {
    expect(topicsFrom(' sea, #lamps  ships,sea ')).toEqual(['sea', 'lamps', 'ships'])
    expect(topicsFrom(' , ')).toEqual([])
  })

  it('writes a date as a datetime-local value in local time', () => {
    expect(localInputValue(new Date(2026, 0, 5, 7, 9, 59))).toBe('2026-01-05T07:09')
  })
})
