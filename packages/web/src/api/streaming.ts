// One WebSocket to /api/v1/streaming per tab, shared by every view: views
// subscribe to a stream ("user", "public:local", "hashtag" + tag) and get its
// events; the socket reconnects with backoff and tells views to fill the gap.
import { currentToken } from './client.ts'

export interface StreamMessage { event: string; payload: unknown }
type Handler = (m: StreamMessage) => void

interface Sub { stream: string; tag?: string; handlers: Set<Handler>; reconnected: Set<() => void> }

const subs = new Map<string, Sub>()
let socket: WebSocket | null = null
let socketToken: string | null = null
let retry = 0
let timer: ReturnType<typeof setTimeout> | null = null

const keyOf = (stream: string, tag?: string) => (tag ? `${stream}:${tag.toLowerCase()}` : stream)

function send(type: 'subscribe' | 'unsubscribe', s: Sub): void {
  if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type, stream: s.stream, ...(s.tag ? { tag: s.tag } : {}) }))
}

function connect(): void {
  if (timer) { clearTimeout(timer); timer = null }
  const token = currentToken()
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:'
  const q = token ? `?access_token=${encodeURIComponent(token)}` : ''
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/streaming${q}`)
  socket = ws
  socketToken = token
  let opened = false
  ws.onopen = () => {
    opened = true
    const wasRetry = retry > 0
    retry = 0
    for (const s of subs.values()) send('subscribe', s)
    if (wasRetry) for (const s of subs.values()) for (const fn of s.reconnected) fn()
  }
  ws.onmessage = (e) => {
    let msg: { stream?: string[]; event?: string; payload?: string }
    try { msg = JSON.parse(String(e.data)) } catch { return }
    if (!msg.event || !msg.stream) return
    const sub = subs.get(keyOf(msg.stream[0], msg.stream[1]))
    if (!sub) return
    let payload: unknown = msg.payload
    try { payload = typeof msg.payload === 'string' ? JSON.parse(msg.payload) : msg.payload } catch { /* delete payloads are bare ids */ }
    for (const fn of sub.handlers) fn({ event: msg.event, payload })
  }
  ws.onclose = () => {
    if (socket !== ws) return
    socket = null
    if (subs.size === 0) return
    // Backoff up to 30 s; a socket that opened resets it (server restarts are brief).
    retry = opened ? 1 : retry + 1
    timer = setTimeout(connect, Math.min(30_000, 500 * 2 ** Math.min(retry, 6)) * (0.5 + Math.random()))
  }
}

/** Subscribes to a stream; returns the unsubscribe function. `onReconnect` runs after a dropped connection comes back. */
export function subscribe(stream: string, tag: string | undefined, handler: Handler, onReconnect?: () => void): () => void {
  const key = keyOf(stream, tag)
  let sub = subs.get(key)
  if (!sub) {
    sub = { stream, tag, handlers: new Set(), reconnected: new Set() }
    subs.set(key, sub)
    send('subscribe', sub)
  }
  sub.handlers.add(handler)
  if (onReconnect) sub.reconnected.add(onReconnect)
  // A change of account (sign-in, sign-out) needs a socket with the new token.
  if (socket && socketToken !== currentToken()) { const old = socket; socket = null; old.close() }
  if (!socket && !timer) connect()
  const s = sub
  return () => {
    s.handlers.delete(handler)
    if (onReconnect) s.reconnected.delete(onReconnect)
    if (s.handlers.size > 0) return
    subs.delete(key)
    send('unsubscribe', s)
  }
}
