// What Phare counts for its operators, in Prometheus' format at /metrics (prom-client).
// One registry per AppContext, so several servers in one process (tests) keep theirs apart.
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client'
import type { RoomAudio } from './rooms/audio.ts'
import { listenStats } from './rooms/listen.ts'

export interface Metrics {
  registry: Registry
}

/** The registry with the process's own figures (CPU, memory, event-loop lag) and the live rooms'. */
export function createMetrics(o: { rooms: RoomAudio }): Metrics {
  const registry = new Registry()
  collectDefaultMetrics({ register: registry, prefix: 'phare_' })
  new Gauge({
    name: 'phare_rooms_live_broadcasts', help: 'live rooms whose audio this process is broadcasting', registers: [registry],
    collect() { this.set(o.rooms.stats().broadcasts) },
  })
  new Gauge({
    name: 'phare_rooms_speakers_connected', help: 'speakers connected to this process\'s SFU', registers: [registry],
    collect() { this.set(o.rooms.stats().speakers) },
  })
  new Gauge({
    name: 'phare_rooms_listeners_waiting', help: 'listener requests held for a part not yet made (blocking reload, preload hint)', registers: [registry],
    collect() { this.set(listenStats.waiting) },
  })
  new Counter({
    name: 'phare_rooms_listeners_told_to_wait_total', help: 'listener requests answered 503 + Retry-After (audio starting, or too many waiting)', registers: [registry],
    collect() { this.reset(); this.inc(listenStats.toldToWait) },
  })
  return { registry }
}
