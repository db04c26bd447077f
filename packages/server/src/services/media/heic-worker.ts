// Runs in a worker thread (heic.ts): libheif compiled to WebAssembly, whose memory grows to
// the largest image decoded and never shrinks; ending the thread gives it back.
import { parentPort, workerData } from 'node:worker_threads'
import libheif from 'libheif-js/wasm-bundle.js'
import { rgbaTiff } from './tiff.ts'

// libheif-js also reports a damaged file on stdout; its failure is enough.
console.log = () => {}
const { bytes, icc } = workerData as { bytes: Uint8Array; icc?: Uint8Array }
const decoder = new libheif.HeifDecoder()
const images = decoder.decode(bytes)
const image = images.find((i) => i.is_primary()) ?? images[0]
if (!image) throw new Error('HEIF image not found')
const width = image.get_width()
const height = image.get_height()
const alpha = image.has_alpha_channel()
const { file, pixels } = rgbaTiff(width, height, icc)
image.display({ data: pixels, width, height }, (result) => {
  if (!result) throw new Error('HEIF decoding failed')
  parentPort!.postMessage({ tiff: file, alpha }, [file.buffer as ArrayBuffer])
})
