// A worker thread of bench/rooms.ts: drives its share of the simulated listeners (one event
// loop holds a few thousand), each on this thread's keep-alive agent, and posts back their
// counts and how late its event loop ran (a late loop means the load generator is the limit).
import { Agent } from 'node:http'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { parentPort, workerData } from 'node:worker_threads'
import { emptyStats, listen, type ListenerStats } from '../test/support/hls-listener.ts'

export interface ListenerJob { base: string; roomId: string; arrivals: number[]; until: number }
export interface ListenerResult { stats: ListenerStats; lagP99Ms: number; lagMaxMs: number }

const job = workerData as ListenerJob
const agent = new Agent({ keepAlive: true, maxSockets: Infinity, maxFreeSockets: 100_000 })
const stats = emptyStats()
const lag = monitorEventLoopDelay({ resolution: 10 })
lag.enable()
await Promise.all(job.arrivals.map((arriveAt) => listen({ base: job.base, roomId: job.roomId, arriveAt, until: job.until, agent, stats })))
lag.disable()
agent.destroy()
parentPort!.postMessage({ stats, lagP99Ms: lag.percentile(99) / 1e6, lagMaxMs: lag.max / 1e6 } satisfies ListenerResult)
