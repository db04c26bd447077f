import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { parseSse } from './rooms.ts'

const STREAM = ':)\n\nevent: room.hand\ndata: {"room_id":"1","account_id":"2","raised":true}\n\n:thump\n\nevent: room.listeners\r\ndata: {"room_id":"1",\r\ndata: "count":3}\r\n\r\n'

function readAll(chunks: string[]) {
  const out: [string, string][] = []
  let buf = ''
  for (const c of chunks) buf = parseSse(buf + c, (e, d) => out.push([e, d]))
  return out
}

describe('parseSse', () => {
  it('reads events and multi-line data, skipping comments (heartbeats), with CRLF line ends', () => {
    expect(readAll([STREAM])).toEqual([
      ['room.hand', '{"room_id":"1","account_id":"2","raised":true}'],
      ['room.listeners', '{"room_id":"1",\n"count":3}'],
    ])
  })

  it('gives the same events however the network splits the stream', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: STREAM.length }), { maxLength: 8 }), (cuts) => {
      const at = [0, ...[...new Set(cuts)].sort((a, b) => a - b), STREAM.length]
      const chunks = at.slice(1).map((end, n) => STREAM.slice(at[n], end))
      expect(readAll(chunks)).toEqual(readAll([STREAM]))
    }))
  })
})
