// A speaker's audio: the microphone goes to the server's SFU over WebRTC and the other
// speakers come back as separate tracks (speakers never play the HLS broadcast: it
// would echo their own voice seconds late). One offer carries one send-only track and
// RECV_SLOTS receive-only ones; the server says which account each slot carries.
// A dropped connection is re-made with jittered backoff until `close`.
import { rooms } from '../api/rooms.ts'

const RECV_SLOTS = 12
const ICE_GATHER_MS = 3000

export type StageStatus = 'connecting' | 'connected' | 'reconnecting' | 'failed' | 'closed'

export interface StageConnection {
  /** mutes or unmutes the microphone locally (the caller tells the server) */
  setMuted(muted: boolean): void
  /** stops the microphone, the connection and the audio, and tells the server */
  close(): void
}

export interface StageOptions {
  roomId: string
  muted: boolean
  onStatus(s: StageStatus, error?: unknown): void
  /** where the hidden <audio> elements of the other speakers go */
  audioParent: HTMLElement
}

function gathered(pc: RTCPeerConnection): Promise<void> {
  if (pc.iceGatheringState === 'complete') return Promise.resolve()
  return new Promise((resolve) => {
    const done = () => { clearTimeout(t); pc.removeEventListener('icegatheringstatechange', check); resolve() }
    const check = () => { if (pc.iceGatheringState === 'complete') done() }
    const t = setTimeout(done, ICE_GATHER_MS)
    pc.addEventListener('icegatheringstatechange', check)
  })
}

/** Connects the microphone to the room's stage; never throws (failures go to onStatus). */
export function connectStage(o: StageOptions): StageConnection {
  let mic: MediaStream | null = null
  let pc: RTCPeerConnection | null = null
  let muted = o.muted
  let closed = false
  let attempt = 0
  let timer: ReturnType<typeof setTimeout> | null = null
  const players: HTMLAudioElement[] = []

  function teardown(): void {
    pc?.close()
    pc = null
    for (const a of players.splice(0)) { a.srcObject = null; a.remove() }
  }

  function retry(error: unknown): void {
    teardown()
    if (closed) return
    attempt++
    o.onStatus(attempt > 6 ? 'failed' : 'reconnecting', error)
    const delay = Math.min(10_000, 1000 * 2 ** Math.min(attempt - 1, 4)) * (0.5 + Math.random())
    timer = setTimeout(() => void connect(), delay)
  }

  async function connect(): Promise<void> {
    if (closed) return
    o.onStatus(attempt ? 'reconnecting' : 'connecting')
    try {
      mic ??= await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: true, noiseSuppression: true, autoGainControl: true } })
    } catch (e) {
      // No microphone or no permission: retrying will not help until the person acts.
      o.onStatus('failed', e)
      return
    }
    if (closed) { for (const t of mic.getTracks()) t.stop(); return }
    const track = mic.getAudioTracks()[0]
    track.enabled = !muted
    const peer = new RTCPeerConnection({ iceServers: [] })
    pc = peer
    peer.addTransceiver(track, { direction: 'sendonly', streams: [mic] })
    for (let n = 0; n < RECV_SLOTS; n++) peer.addTransceiver('audio', { direction: 'recvonly' })
    peer.ontrack = (e) => {
      const a = document.createElement('audio')
      a.autoplay = true
      a.hidden = true
      a.srcObject = new MediaStream([e.track])
      o.audioParent.append(a)
      players.push(a)
      void a.play().catch(() => {})
    }
    peer.onconnectionstatechange = () => {
      if (pc !== peer) return
      if (peer.connectionState === 'connected') { attempt = 0; o.onStatus('connected') }
      if (peer.connectionState === 'failed' || peer.connectionState === 'disconnected') retry(new Error(peer.connectionState))
    }
    try {
      await peer.setLocalDescription(await peer.createOffer())
      await gathered(peer)
      if (pc !== peer) return
      const answer = await rooms.stageConnect(o.roomId, peer.localDescription!.sdp)
      if (pc !== peer) return
      await peer.setRemoteDescription({ type: 'answer', sdp: answer.sdp })
    } catch (e) {
      if (pc !== peer) return
      // 404 (no audio on this server yet) or 403 (no longer on stage): give up with a message.
      const status = (e as { status?: number }).status
      if (status && status >= 400 && status < 500) { teardown(); o.onStatus('failed', e); return }
      retry(e)
    }
  }

  void connect()
  return {
    setMuted(m) {
      muted = m
      for (const t of mic?.getAudioTracks() ?? []) t.enabled = !m
    },
    close() {
      if (closed) return
      closed = true
      if (timer) clearTimeout(timer)
      const wasConnected = pc !== null
      teardown()
      for (const t of mic?.getTracks() ?? []) t.stop()
      mic = null
      if (wasConnected) void rooms.stageDisconnect(o.roomId).catch(() => {})
      o.onStatus('closed')
    },
  }
}
