// The baseline: a bare Fastify route answering GET /api/v1/timelines/home with a
// response captured from Phare (same body, same headers), straight from memory.
// What Phare adds on top of this (auth, queries, hydration, JSON) is what the ratio measures.
// Usage: node bench/bare-server.ts PORT CAPTURE.json   (CAPTURE: { headers, body })
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'

const [port, file] = process.argv.slice(2)
const capture = JSON.parse(readFileSync(file, 'utf8')) as { headers: Record<string, string>; body: string }
const body = Buffer.from(capture.body)
const app = Fastify({ logger: false })
app.get('/api/v1/timelines/home', (_req, reply) => {
  reply.headers(capture.headers)
  reply.send(body)
})
await app.listen({ port: Number(port), host: '127.0.0.1' })
process.on('SIGTERM', () => void app.close().then(() => process.exit(0)))
