// What an uploaded image may be, and the renditions Phare makes of it.

/** Limits on uploaded images and the sizes of their renditions. */
export const MEDIA_LIMITS = Object.freeze({
  /** bytes of the uploaded file (Mastodon's image limit) */
  maxImageBytes: 16 * 1024 * 1024,
  /** pixels of one frame, read from the header before anything is decoded: 7680×4320, Mastodon's matrix limit */
  maxPixels: 33_177_600,
  /** frames of an animation */
  maxFrames: 300,
  /** width × height × frames of an animation: time grows with it (160 frames of 1280×720: ~2 s; libvips streams the frames) */
  maxTotalPixels: 150_000_000,
  /** longest side of the large rendition (never enlarged) */
  largeSide: 2048,
  /** the small rendition (Mastodon's preview_url) fits inside this square */
  smallSide: 640,
  /** libvips stops a pipeline that runs longer (a hostile file that is slow to decode) */
  timeoutSeconds: 30,
} as const)
