import { describe, expect, it } from 'vitest'
import { memoryPubSub } from '../../storage/adapters/pubsub.ts'
import { forgetPublicView, publicView } from './public-cache.ts'

describe('public room view cache', () => {
  it('a storm of concurrent anonymous reads shares one load, and a local change forgets it', async () => {
    const ctx = { pubsub: memoryPubSub() }
    let loads = 0
    const load = async () => { loads++; await new Promise((r) => setTimeout(r, 5)); return { n: loads } }
    const all = await Promise.all(Array.from({ length: 500 }, () => publicView(ctx, 1, load)))
    expect(loads).toBe(1)
    expect(new Set(all).size).toBe(1)
    forgetPublicView(ctx, 1)
    expect(await publicView(ctx, 1, load)).toEqual({ n: 2 })
  })

  it('a failed load is not kept', async () => {
    const ctx = { pubsub: memoryPubSub() }
    await expect(publicView(ctx, 2, async () => { throw new Error('gone') })).rejects.toThrow('gone')
    expect(await publicView(ctx, 2, async () => 'back')).toBe('back')
  })
})
