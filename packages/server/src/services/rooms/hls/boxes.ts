// ISO BMFF box reading for the fragmented MP4 ffmpeg writes: just enough to cut the byte
// stream into the init segment and fragments and to know each fragment's duration.

export interface Box {
  type: string
  /** The whole box, header included. */
  bytes: Buffer
  /** Offset of the payload inside `bytes`. */
  header: number
}

/** Splits complete top-level boxes off the front of `buf`; returns them and the incomplete rest. */
export function splitBoxes(buf: Buffer): { boxes: Box[], rest: Buffer } {
  const boxes: Box[] = []
  let at = 0
  while (buf.length - at >= 8) {
    let size = buf.readUInt32BE(at)
    let header = 8
    if (size === 1) {
      if (buf.length - at < 16) break
      size = Number(buf.readBigUInt64BE(at + 8))
      header = 16
    } else if (size === 0) {
      throw new Error('an mp4 box without a size cannot be streamed')
    }
    if (size < header) throw new Error(`malformed mp4 box of size ${size}`)
    if (buf.length - at < size) break
    boxes.push({ type: buf.toString('latin1', at + 4, at + 8), bytes: buf.subarray(at, at + size), header })
    at += size
  }
  return { boxes, rest: buf.subarray(at) }
}

/** The children of a container box (moov, trak, moof, traf …). */
export function children(box: Box): Box[] {
  const { boxes, rest } = splitBoxes(box.bytes.subarray(box.header))
  if (rest.length) throw new Error(`truncated ${box.type} box`)
  return boxes
}

function find(box: Box, path: string[]): Box | undefined {
  let current: Box | undefined = box
  for (const type of path) {
    current = current && children(current).find((b) => b.type === type)
  }
  return current
}

export interface TrackInfo {
  timescale: number
  /** From trex: used when a fragment does not say its samples' duration. */
  defaultSampleDuration: number
}

/** Reads the audio track's timescale and defaults from the moov. */
export function readMoov(moov: Box): TrackInfo {
  const mdhd = find(moov, ['trak', 'mdia', 'mdhd'])
  if (!mdhd) throw new Error('moov without mdhd')
  const p = mdhd.header
  const version = mdhd.bytes[p]
  const timescale = mdhd.bytes.readUInt32BE(p + (version === 1 ? 20 : 12))
  const trex = find(moov, ['mvex', 'trex'])
  const defaultSampleDuration = trex ? trex.bytes.readUInt32BE(trex.header + 12) : 0
  return { timescale, defaultSampleDuration }
}

/** A fragment's decode start and duration in the track's timescale, from tfdt, tfhd and trun. */
export function readMoof(moof: Box, track: TrackInfo): { start: number, duration: number, samples: number } {
  const traf = children(moof).find((b) => b.type === 'traf')
  if (!traf) throw new Error('moof without traf')
  let start = 0
  let defaultDuration = track.defaultSampleDuration
  let duration = 0
  let samples = 0
  for (const b of children(traf)) {
    const p = b.header
    const version = b.bytes[p]
    const flags = b.bytes.readUIntBE(p + 1, 3)
    if (b.type === 'tfdt') {
      start = version === 1 ? Number(b.bytes.readBigUInt64BE(p + 4)) : b.bytes.readUInt32BE(p + 4)
    } else if (b.type === 'tfhd') {
      let q = p + 8 // version/flags, track_ID
      if (flags & 0x01) q += 8 // base_data_offset
      if (flags & 0x02) q += 4 // sample_description_index
      if (flags & 0x08) defaultDuration = b.bytes.readUInt32BE(q)
    } else if (b.type === 'trun') {
      const count = b.bytes.readUInt32BE(p + 4)
      let q = p + 8
      if (flags & 0x01) q += 4 // data_offset
      if (flags & 0x04) q += 4 // first_sample_flags
      const perSample = ((flags & 0x100) ? 4 : 0) + ((flags & 0x200) ? 4 : 0) + ((flags & 0x400) ? 4 : 0) + ((flags & 0x800) ? 4 : 0)
      for (let i = 0; i < count; i++) {
        duration += (flags & 0x100) ? b.bytes.readUInt32BE(q) : defaultDuration
        q += perSample
      }
      samples += count
    }
  }
  return { start, duration, samples }
}
