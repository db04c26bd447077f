// Opus decoding for the room mixer: libopus compiled to WebAssembly (opus-decoder), so no native
// build step and no codec in ffmpeg's command line. One stream per speaker, because Opus decoding
// is stateful (prediction and concealment use the previous frames).
import { OpusDecoder } from 'opus-decoder'

export const OPUS_RATE = 48_000
/** libopus conceals a lost packet when it is given an empty one. */
const LOST = new Uint8Array(0)

export interface OpusStream {
  /**
   * Decodes one RTP payload into mono 48 kHz samples; `null` (a lost packet) gives `lostSamples`
   * of concealment. Stereo packets are downmixed by libopus. Returns an empty array for a corrupt packet.
   */
  decode(payload: Uint8Array | null, lostSamples: number): Float32Array
  free(): void
}

/** A decoder for one speaker; resolves once its WebAssembly instance is ready (the module is compiled once per process). */
export async function createOpusStream(): Promise<OpusStream> {
  // One output channel: libopus downmixes stereo packets itself, which is cheaper than decoding two.
  const decoder = new OpusDecoder({ channels: 1, streamCount: 1, coupledStreamCount: 0, channelMappingTable: [0] })
  await decoder.ready
  let freed = false
  return {
    decode(payload, lostSamples) {
      if (freed) return new Float32Array(0)
      if (payload === null || payload.length === 0) {
        // The concealment runs for the decoder's whole output buffer (120 ms); the start is what we need.
        const { channelData, samplesDecoded } = decoder.decodeFrame(LOST)
        return samplesDecoded > 0 ? channelData[0].subarray(0, Math.min(lostSamples, samplesDecoded)) : new Float32Array(lostSamples)
      }
      const { channelData, samplesDecoded } = decoder.decodeFrame(payload)
      return samplesDecoded > 0 ? channelData[0] : new Float32Array(0)
    },
    free() {
      if (freed) return
      freed = true
      decoder.free()
    },
  }
}
