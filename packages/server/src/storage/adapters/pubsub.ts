import { EventEmitter } from 'node:events'

/** Publish/subscribe between parts of Phare; in process by default, Redis when many nodes share it. */
export interface PubSub {
  publish(channel: string, message: unknown): Promise<void>
  /** Returns the function that ends the subscription. */
  subscribe(channel: string, onMessage: (message: unknown) => void): () => void
  close(): Promise<void>
  /** True when other processes hear what this one publishes (Redis): per-process registries then tell each other what they hold. */
  readonly shared?: boolean
  /** Calls `listener` when messages may have been lost (a reconnect): whoever keeps state from messages starts afresh. */
  onGap?(listener: () => void): () => void
  /** Resolves when the shared bus answers (readiness); absent when there is nothing to reach. */
  ping?(): Promise<void>
}

/** One process: an event emitter. Messages are cloned through JSON so no subscriber can mutate another's copy. */
export function memoryPubSub(): PubSub {
  const bus = new EventEmitter()
  bus.setMaxListeners(0)
  return {
    async publish(channel, message) {
      if (bus.listenerCount(channel) === 0) return
      const json = JSON.stringify(message)
      bus.emit(channel, JSON.parse(json))
    },
    subscribe(channel, onMessage) {
      bus.on(channel, onMessage)
      return () => { bus.off(channel, onMessage) }
    },
    async close() { bus.removeAllListeners() },
  }
}
