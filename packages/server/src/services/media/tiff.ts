// Decoded HEIC pixels go to libvips as an uncompressed TIFF rather than raw input, because
// only a file can carry their ICC profile: iPhones tag every photo Display P3, and P3
// numbers read as sRGB look dull. The decoder writes straight into the file's pixel area
// (no copy of a 48 MB image), and the file is in strips, so libvips never needs the whole
// image in one read buffer.

const ROWS_PER_STRIP = 64

/** An uncompressed little-endian TIFF of 8-bit RGBA (unassociated alpha) with an optional ICC profile; fill `pixels`. */
export function rgbaTiff(width: number, height: number, icc?: Uint8Array): { file: Buffer; pixels: Uint8ClampedArray } {
  const row = width * 4
  const strips = Math.ceil(height / ROWS_PER_STRIP)
  const tags: [tag: number, type: number, values: number[] | Uint8Array][] = [
    [256, LONG, [width]],
    [257, LONG, [height]],
    [258, SHORT, [8, 8, 8, 8]],
    [259, SHORT, [1]], // no compression
    [262, SHORT, [2]], // RGB
    [273, LONG, []], // strip offsets: below, once the pixels' place is known
    [277, SHORT, [4]],
    [278, LONG, [ROWS_PER_STRIP]],
    [279, LONG, Array.from({ length: strips }, (_, i) => Math.min(ROWS_PER_STRIP, height - i * ROWS_PER_STRIP) * row)],
    [284, SHORT, [1]], // chunky
    [338, SHORT, [2]], // the 4th sample is unassociated alpha
  ]
  if (icc?.length) tags.push([34675, UNDEFINED, icc])

  const bytes = (type: number, count: number) => count * (type === LONG ? 4 : type === SHORT ? 2 : 1)
  let end = 8 + 2 + tags.length * 12 + 4 // header, IFD; values over 4 bytes follow, word-aligned
  const placed = tags.map(([tag, type, values]) => {
    const n = bytes(type, tag === 273 ? strips : values.length)
    if (n <= 4) return -1
    const at = end
    end += n + (n & 1)
    return at
  })
  const pixelsAt = end
  tags[5][2] = Array.from({ length: strips }, (_, i) => pixelsAt + i * ROWS_PER_STRIP * row)

  const file = Buffer.alloc(pixelsAt + row * height)
  file.write('II', 0, 'latin1')
  file.writeUInt16LE(42, 2)
  file.writeUInt32LE(8, 4)
  file.writeUInt16LE(tags.length, 8)
  tags.forEach(([tag, type, values], i) => {
    const entry = 10 + i * 12
    file.writeUInt16LE(tag, entry)
    file.writeUInt16LE(type, entry + 2)
    file.writeUInt32LE(values.length, entry + 4)
    const at = placed[i] < 0 ? entry + 8 : placed[i]
    if (placed[i] >= 0) file.writeUInt32LE(at, entry + 8)
    if (values instanceof Uint8Array) file.set(values, at)
    else if (type === LONG) values.forEach((v, k) => file.writeUInt32LE(v, at + 4 * k))
    else values.forEach((v, k) => file.writeUInt16LE(v, at + 2 * k))
  })
  // The next-IFD offset after the entries stays 0: one image.
  return { file, pixels: new Uint8ClampedArray(file.buffer, file.byteOffset + pixelsAt, row * height) }
}

const SHORT = 3
const LONG = 4
const UNDEFINED = 7
