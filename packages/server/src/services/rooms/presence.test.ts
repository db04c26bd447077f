import { afterEach, describe, expect, it, vi } from 'vitest'
import { memoryPubSub, type PubSub } from '../../storage/adapters/pubsub.ts'
import { listen, listenerCount, stopPresence } from './presence.ts'

/** Two views of one pub/sub: what two Phare nodes sharing Redis look like to presence. */
function nodes(n: number): { pubsub: PubSub }[] {
  const shared = memoryPubSub()
  return Array.from({ length: n }, () => ({
    pubsub: { publish: (c, m) => shared.publish(c, m), subscribe: (c, f) => shared.subscribe(c, f), close: async () => {} } satisfies PubSub,
  }))
}

describe('room listener counts across nodes', () => {
  let all: { pubsub: PubSub }[] = []
  afterEach(() => { for (const n of all) stopPresence(n.pubsub); vi.useRealTimers() })

  it('every node shows the total of all nodes within about a second, and forgets a node that stops reporting', async () => {
    vi.useFakeTimers()
    const [a, b, c] = all = nodes(3)
    // c takes part in the channel without listeners of its own
    expect(listenerCount(c, 7)).toBe(0)
    const onA = [listen(a, 7), listen(a, 7, 1)]
    const onB = [listen(b, 7), listen(b, 7), listen(b, 7, 2)]
    listen(b, 8)
    await vi.advanceTimersByTimeAsync(1100)
    expect([listenerCount(a, 7), listenerCount(b, 7), listenerCount(c, 7)]).toEqual([5, 5, 5])
    expect(listenerCount(c, 8)).toBe(1)

    onB[0](); onB[1]()
    onB[0]() // leaving twice counts once
    await vi.advanceTimersByTimeAsync(1100)
    expect([listenerCount(a, 7), listenerCount(c, 7)]).toEqual([3, 3])

    // b dies: no more heartbeats; its listeners drop out of the others' totals
    stopPresence(b.pubsub)
    await vi.advanceTimersByTimeAsync(16_000)
    expect([listenerCount(a, 7), listenerCount(c, 7), listenerCount(c, 8)]).toEqual([2, 2, 0])
    // while a's own listeners, refreshed by heartbeats, stay counted everywhere
    await vi.advanceTimersByTimeAsync(30_000)
    expect(listenerCount(c, 7)).toBe(2)
    for (const leave of onA) leave()
  })
})
