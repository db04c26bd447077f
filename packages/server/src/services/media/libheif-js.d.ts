// libheif-js ships no types for its WebAssembly bundle; only what heic-worker.ts uses (its README's API).
declare module 'libheif-js/wasm-bundle.js' {
  interface HeifImage {
    get_width(): number
    get_height(): number
    is_primary(): boolean
    has_alpha_channel(): boolean
    /** Decodes into `target.data` as RGBA, rotated and mirrored as the file's irot/imir say; calls back with null on failure. */
    display(target: { data: Uint8ClampedArray; width: number; height: number }, done: (result: unknown | null) => void): void
    free(): void
  }
  class HeifDecoder {
    decoder: { delete(): void }
    /** The top-level images of a file: empty when it cannot be parsed. */
    decode(bytes: Uint8Array): HeifImage[]
  }
  const libheif: { HeifDecoder: typeof HeifDecoder }
  export default libheif
}
