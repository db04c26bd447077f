// A BlurHash decoder (https://github.com/woltapp/blurhash, MIT): the few colours the
// server computes for an image, spread back into a tiny blurred picture shown while the
// image loads or is still being processed. Pure: returns RGBA pixels, no DOM.
const DIGITS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~'

function decode83(s: string): number {
  let v = 0
  for (const c of s) {
    const d = DIGITS.indexOf(c)
    if (d < 0) throw new Error('not a blurhash')
    v = v * 83 + d
  }
  return v
}

const toLinear = (v: number) => { const x = v / 255; return x <= 0.04045 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4 }
const toSrgb = (v: number) => {
  const x = Math.max(0, Math.min(1, v))
  return x <= 0.0031308 ? Math.trunc(x * 12.92 * 255 + 0.5) : Math.trunc((1.055 * x ** (1 / 2.4) - 0.055) * 255 + 0.5)
}
const signPow = (v: number, e: number) => Math.sign(v) * Math.abs(v) ** e

/** RGBA pixels (width × height × 4) for a hash, or null when the hash is malformed. */
export function decodeBlurhash(hash: string, width: number, height: number): Uint8ClampedArray | null {
  try {
    if (hash.length < 6) return null
    const size = decode83(hash[0])
    const nx = (size % 9) + 1
    const ny = Math.floor(size / 9) + 1
    if (hash.length !== 4 + 2 * nx * ny) return null
    const max = (decode83(hash[1]) + 1) / 166
    const colors: [number, number, number][] = []
    const dc = decode83(hash.slice(2, 6))
    colors.push([toLinear(dc >> 16), toLinear((dc >> 8) & 255), toLinear(dc & 255)])
    for (let n = 1; n < nx * ny; n++) {
      const v = decode83(hash.slice(4 + n * 2, 6 + n * 2))
      colors.push([signPow((Math.floor(v / 361) - 9) / 9, 2) * max, signPow(((Math.floor(v / 19) % 19) - 9) / 9, 2) * max, signPow(((v % 19) - 9) / 9, 2) * max])
    }
    const out = new Uint8ClampedArray(width * height * 4)
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        let r = 0, g = 0, b = 0
        for (let j = 0; j < ny; j++) {
          for (let i = 0; i < nx; i++) {
            const basis = Math.cos((Math.PI * x * i) / width) * Math.cos((Math.PI * y * j) / height)
            const c = colors[i + j * nx]
            r += c[0] * basis; g += c[1] * basis; b += c[2] * basis
          }
        }
        const p = 4 * (x + y * width)
        out[p] = toSrgb(r); out[p + 1] = toSrgb(g); out[p + 2] = toSrgb(b); out[p + 3] = 255
      }
    }
    return out
  } catch { return null }
}
