// HEIC (HEVC-coded HEIF, what iPhones take) decoding. sharp's prebuilt libheif has no HEVC
// decoder (patents), so libheif-js, libheif compiled to WebAssembly, decodes it in a worker
// thread started for each image (~0.1 s to start). WebAssembly memory grows to the largest
// image decoded and is never given back while its thread lives: a 12-megapixel photo raises
// the process's RSS by ~250 MB for ~1.3 s (bench/media.ts), and ending the thread returns it.
import { Worker } from 'node:worker_threads'
import { MediaUnsupported } from '../../errors.ts'
import { MEDIA_LIMITS } from './limits.ts'

// One decode at a time per process: two at once would double that memory.
let tail: Promise<void> = Promise.resolve()

/** A decoded HEIC: an RGBA TIFF with the file's colour profile; `alpha` says whether the 4th channel means anything. */
export interface DecodedHeic { tiff: Buffer; alpha: boolean }

/** Decodes a HEIC file's primary image, upright, into an uncompressed TIFF that keeps its colour profile. */
export async function heicToTiff(bytes: Buffer, opts: { icc?: Buffer; signal?: AbortSignal }): Promise<DecodedHeic> {
  const previous = tail
  let release!: () => void
  tail = new Promise((resolve) => { release = resolve })
  try {
    await abortable(previous, opts.signal)
    return await decodeInWorker(bytes, opts)
  } finally {
    // Given up while waiting: the next one still waits for the decode before this one.
    void previous.then(release)
  }
}

function decodeInWorker(bytes: Buffer, opts: { icc?: Buffer; signal?: AbortSignal }): Promise<DecodedHeic> {
  const { signal } = opts
  return new Promise((resolve, reject) => {
    signal?.throwIfAborted()
    const worker = new Worker(new URL('./heic-worker.ts', import.meta.url), { workerData: { bytes, icc: opts.icc } })
    let done = false
    const finish = (err: unknown, decoded?: DecodedHeic) => {
      if (done) return
      done = true
      clearTimeout(timer)
      signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      if (decoded) resolve(decoded)
      else reject(err)
    }
    const timer = setTimeout(() => finish(MediaUnsupported('the image took too long to process')), MEDIA_LIMITS.timeoutSeconds * 1000)
    const onAbort = () => finish(signal!.reason)
    signal?.addEventListener('abort', onAbort, { once: true })
    worker.once('message', (m: { tiff: Uint8Array; alpha: boolean }) =>
      finish(null, { tiff: Buffer.from(m.tiff.buffer, m.tiff.byteOffset, m.tiff.byteLength), alpha: m.alpha }))
    // The worker's failures for a bad file name HEIF (heic-worker.ts); anything else is a fault of ours.
    worker.once('error', (err) => finish(/HEI[CF]/.test(err.message) ? MediaUnsupported('the image is damaged or truncated') : err))
    worker.once('exit', (code) => finish(new Error(`the HEIC decoder stopped with exit code ${code}`)))
  })
}

/** Rejects as soon as `signal` aborts (the work itself goes on until it ends). */
export function abortable<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
