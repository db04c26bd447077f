import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RTCPeerConnection, RTCRtpCodecParameters, type RTCRtpTransceiver, type RtpPacket } from 'werift'
import { opusTone, rtpStream, samplesOf, tonePower } from '../../../../../test/support/opus-packets.ts'
import { startMixer } from './mixer.ts'
import { createSfu, hostOnlyIce, type Sfu } from './sfu.ts'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function until(what: string, ok: () => boolean, ms = 5_000) {
  const end = Date.now() + ms
  while (!ok()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await sleep(10)
  }
}

/** A speaker's browser, played by werift: one microphone transceiver and `slots` receive-only ones, like the web client. */
async function speaker(sfu: Sfu, roomId: string, id: string, o: { slots?: number, mic?: 'sendrecv' | 'sendonly' } = {}) {
  const pc = new RTCPeerConnection({
    ...hostOnlyIce('127.0.0.1'),
    bundlePolicy: 'max-bundle',
    // As Chrome offers Opus; the answer must keep its payload type.
    codecs: { audio: [new RTCRtpCodecParameters({ mimeType: 'audio/opus', clockRate: 48000, channels: 2, payloadType: 111, parameters: 'minptime=10;useinbandfec=1' })], video: [] },
  })
  const mic = pc.addTransceiver('audio', { direction: o.mic ?? 'sendrecv' })
  const slots: RTCRtpTransceiver[] = []
  for (let i = 0; i < (o.slots ?? 12); i++) slots.push(pc.addTransceiver('audio', { direction: 'recvonly' }))
  /** Packets received, by the mid of the slot they arrived on, with their arrival time. */
  const received = new Map<string, { rtp: RtpPacket, at: number }[]>()
  for (const t of [mic, ...slots]) {
    t.onTrack.subscribe((track) => track.onReceiveRtp.subscribe((rtp) => {
      const list = received.get(t.mid!) ?? []
      list.push({ rtp, at: performance.now() })
      received.set(t.mid!, list)
    }))
  }
  await pc.setLocalDescription(await pc.createOffer())
  await until('ICE gathering', () => pc.iceGatheringState === 'complete')
  const offer = pc.localDescription!.sdp
  const join = async () => {
    const answer = await sfu.join(roomId, id, offer)
    await pc.setRemoteDescription({ type: 'answer', sdp: answer })
    await until(`${id} connected`, () => pc.connectionState === 'connected')
  }
  const count = (mid: string) => received.get(mid)?.length ?? 0
  const total = () => [...received.values()].reduce((n, l) => n + l.length, 0)
  return { id, pc, mic, offer, join, received, count, total, send: (rtp: RtpPacket) => mic.sender.sendRtp(rtp) }
}

/** Sends packets 20 ms apart, returning when each left. */
async function talk(s: Awaited<ReturnType<typeof speaker>>, packets: RtpPacket[]) {
  const sentAt: number[] = []
  for (const p of packets) {
    sentAt.push(performance.now())
    await s.send(p)
    await sleep(20)
  }
  return sentAt
}

const midOf = (sfu: Sfu, roomId: string, listener: string, source: string) =>
  sfu.slots(roomId, listener).find((s) => s.speaker === source)?.mid

let tone: RtpPacket[]
let sfu: Sfu
const pcs: RTCPeerConnection[] = []
beforeAll(async () => {
  tone = rtpStream(await opusTone({ frequency: 440, seconds: 1, volume: 0.3 }), { firstSeq: 65_520 })
  sfu = createSfu({ host: '127.0.0.1' })
})
afterAll(async () => {
  await sfu.close()
  await Promise.all(pcs.map((pc) => pc.close()))
})

describe('room SFU', () => {
  it('forwards each speaker to the others on a labelled slot and to the mixer, with mute and leave', async () => {
    const heard: { peerId: string, rtp: RtpPacket }[] = []
    const unsubscribe = sfu.onAudio('r1', (peerId, rtp) => heard.push({ peerId, rtp }))
    const mixed: Buffer[] = []
    const mixer = startMixer({ sfu, roomId: 'r1', write: (pcm) => mixed.push(pcm) })
    const alice = await speaker(sfu, 'r1', 'alice')
    const bob = await speaker(sfu, 'r1', 'bob', { mic: 'sendonly' })
    pcs.push(alice.pc, bob.pc)
    await alice.join()
    await bob.join()
    expect(sfu.speakers('r1').sort()).toEqual(['alice', 'bob'])

    const bobHearsAliceOn = midOf(sfu, 'r1', 'bob', 'alice')!
    const aliceHearsBobOn = midOf(sfu, 'r1', 'alice', 'bob')!
    expect(bobHearsAliceOn).toBeDefined()
    expect(aliceHearsBobOn).toBeDefined()
    expect(sfu.slots('r1', 'bob').filter((s) => s.speaker !== null)).toHaveLength(1)

    const sentAt = await talk(alice, tone.slice(0, 25))
    await until('bob hears alice', () => bob.count(bobHearsAliceOn) >= 25)
    expect(bob.total()).toBe(bob.count(bobHearsAliceOn))
    // Untouched payloads, in order, sequence numbers continuous across the wrap.
    const got = bob.received.get(bobHearsAliceOn)!
    expect(got.map((g) => g.rtp.payload.toString('hex'))).toEqual(tone.slice(0, 25).map((p) => p.payload.toString('hex')))
    for (let i = 1; i < got.length; i++) expect((got[i].rtp.header.sequenceNumber - got[i - 1].rtp.header.sequenceNumber) & 0xffff).toBe(1)
    const latencies = got.map((g, i) => g.at - sentAt[i]).sort((a, b) => a - b)
    console.log(`SFU forwarding latency on loopback: median ${latencies[12].toFixed(2)} ms, max ${latencies.at(-1)!.toFixed(2)} ms`)
    expect(latencies[12]).toBeLessThan(20)

    await until('the mixer hears alice', () => heard.length >= 25)
    expect(heard.every((h) => h.peerId === 'alice')).toBe(true)
    expect(heard.map((h) => h.rtp.payload.toString('hex'))).toEqual(tone.slice(0, 25).map((p) => p.payload.toString('hex')))
    expect(alice.total()).toBe(0)
    // What listeners will hear: alice's tone, decoded and mixed.
    await sleep(100)
    mixer.stop()
    expect(tonePower(samplesOf(mixed.slice(-20)), 440)).toBeGreaterThan(0.01)

    await talk(bob, tone.slice(0, 5))
    await until('alice hears bob', () => alice.count(aliceHearsBobOn) >= 5)
    await until('the mixer hears bob', () => heard.filter((h) => h.peerId === 'bob').length >= 5)

    sfu.setMuted('r1', 'alice', true)
    const before = { bob: bob.total(), mixer: heard.length }
    await talk(alice, tone.slice(25, 35))
    await sleep(100)
    expect(bob.total()).toBe(before.bob)
    expect(heard.length).toBe(before.mixer)
    sfu.setMuted('r1', 'alice', false)
    await talk(alice, tone.slice(35, 40))
    await until('bob hears alice again', () => bob.count(bobHearsAliceOn) >= before.bob + 5)

    // A third speaker takes the next free slot of each; leaving frees it for the next one.
    const carol = await speaker(sfu, 'r1', 'carol')
    pcs.push(carol.pc)
    await carol.join()
    expect(sfu.slots('r1', 'carol').filter((s) => s.speaker !== null).map((s) => s.speaker).sort()).toEqual(['alice', 'bob'])
    const aliceHearsCarolOn = midOf(sfu, 'r1', 'alice', 'carol')!
    expect(aliceHearsCarolOn).not.toBe(aliceHearsBobOn)
    await talk(carol, tone.slice(0, 5))
    await until('alice and bob hear carol', () =>
      alice.count(aliceHearsCarolOn) >= 5 && bob.count(midOf(sfu, 'r1', 'bob', 'carol')!) >= 5)

    await sfu.leave('r1', 'bob')
    expect(sfu.speakers('r1').sort()).toEqual(['alice', 'carol'])
    expect(sfu.slots('r1', 'alice').find((s) => s.mid === aliceHearsBobOn)?.speaker).toBeNull()
    const dave = await speaker(sfu, 'r1', 'dave')
    pcs.push(dave.pc)
    await dave.join()
    expect(midOf(sfu, 'r1', 'alice', 'dave')).toBe(aliceHearsBobOn)
    // The reused slot carries dave with sequence numbers that continue bob's.
    const lastFromBob = alice.received.get(aliceHearsBobOn)!.at(-1)!.rtp.header.sequenceNumber
    await sleep(200)
    await talk(dave, tone.slice(40, 45))
    await until('alice hears dave on bob\'s old slot', () => alice.count(aliceHearsBobOn) >= 10)
    const onSlot = alice.received.get(aliceHearsBobOn)!
    expect(onSlot[5].rtp.header.sequenceNumber).toBe((lastFromBob + 1) & 0xffff)
    // ...and timestamps that advanced by the time the slot was idle, so the browser does not drop them as late.
    const idleMs = onSlot[5].at - onSlot[4].at
    const stepMs = ((onSlot[5].rtp.header.timestamp - onSlot[4].rtp.header.timestamp) >>> 0) / 48
    expect(Math.abs(stepMs - idleMs)).toBeLessThan(15)
    unsubscribe()
  })

  it('a speaker who joins again (new tab, lost connection) replaces the old connection, also alone in the room', async () => {
    const first = await speaker(sfu, 'r4', 'erin')
    const second = await speaker(sfu, 'r4', 'erin')
    pcs.push(first.pc, second.pc)
    await first.join()
    await second.join()
    expect(sfu.speakers('r4')).toEqual(['erin'])
    const heard: string[] = []
    const unsubscribe = sfu.onAudio('r4', (peerId, rtp) => heard.push(`${peerId}:${rtp.payload.toString('hex')}`))
    await talk(first, tone.slice(10, 13))
    await talk(second, tone.slice(0, 3))
    await until('the mixer hears the new connection', () => heard.length >= 3)
    await sleep(50)
    // Only the new connection is heard: the old one was closed.
    expect(heard).toEqual(tone.slice(0, 3).map((p) => `erin:${p.payload.toString('hex')}`))
    unsubscribe()
    await sfu.leave('r4', 'erin')
    expect(sfu.speakers('r4')).toEqual([])
  })

  it('refuses a speaker beyond the stage size with room_stage_full', async () => {
    const small = createSfu({ host: '127.0.0.1', maxSpeakers: 2 })
    try {
      const people = await Promise.all(['a', 'b', 'c'].map((id) => speaker(small, 'r2', id, { slots: 1 })))
      pcs.push(...people.map((p) => p.pc))
      await people[0].join()
      await people[1].join()
      await expect(people[2].join()).rejects.toMatchObject({ code: 'room_stage_full' })
      expect(small.speakers('r2').sort()).toEqual(['a', 'b'])
      // Leaving makes room.
      await small.leave('r2', 'a')
      await people[2].join()
      expect(small.speakers('r2').sort()).toEqual(['b', 'c'])
    } finally {
      await small.close()
    }
  })

  it('refuses an offer without enough receive slots or without a microphone', async () => {
    const few = await speaker(sfu, 'r3', 'few', { slots: 3 })
    const deaf = await speaker(sfu, 'r3', 'deaf', { mic: 'sendonly', slots: 0 })
    pcs.push(few.pc, deaf.pc)
    await expect(sfu.join('r3', 'few', few.offer)).rejects.toMatchObject({ code: 'validation_failed' })
    const noMic = few.offer.replace(/a=sendrecv/g, 'a=recvonly')
    await expect(sfu.join('r3', 'few', noMic)).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(sfu.join('r3', 'deaf', deaf.offer)).rejects.toMatchObject({ code: 'validation_failed' })
    await expect(sfu.join('r3', 'x', 'not sdp')).rejects.toMatchObject({ code: 'validation_failed' })
    expect(sfu.speakers('r3')).toEqual([])
  })
})
