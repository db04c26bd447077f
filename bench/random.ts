// Deterministic randomness for the benchmark's data set: the same seed gives the
// same accounts, graph and posts, so two runs measure the same thing.

/** A small, fast seeded PRNG (mulberry32): uniform floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Samples ranks 0..n-1 with P(rank r) ∝ 1/(r+1)^s: a Zipf law, by binary search on its CDF. */
export function zipf(n: number, s: number, rand: () => number): () => number {
  const cdf = new Float64Array(n)
  let sum = 0
  for (let r = 0; r < n; r++) { sum += 1 / Math.pow(r + 1, s); cdf[r] = sum }
  for (let r = 0; r < n; r++) cdf[r] /= sum
  return () => {
    const u = rand()
    let lo = 0
    let hi = n - 1
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (cdf[mid] < u) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

/** A random permutation of 0..n-1 (Fisher–Yates). */
export function permutation(n: number, rand: () => number): Int32Array {
  const p = new Int32Array(n)
  for (let i = 0; i < n; i++) p[i] = i
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1))
    const t = p[i]; p[i] = p[j]; p[j] = t
  }
  return p
}

/** A standard normal variate (Box–Muller). */
export function gaussian(rand: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand())
}

const WORDS = ('the of and to in is you that it he was for on are as with his they at be this have from or one had by word but not ' +
  'what all were we when your can said there use an each which she do how their if will up other about out many then them these so ' +
  'some her would make like him into time has look two more write go see number no way could people my than first water been call who ' +
  'oil its now find long down day did get come made may part today tonight coffee train weather music match news city paris lyon ' +
  'election climate football screen phone photo release update server outage launch meeting lunch weekend morning evening').split(' ')

/**
 * Post text with lengths like a microblog's: log-normal around ~90 characters,
 * a long tail up to the 500-character limit, never empty.
 */
export function postText(rand: () => number, maxChars = 500): string {
  const target = Math.max(4, Math.min(maxChars, Math.round(Math.exp(4.5 + 0.75 * gaussian(rand)))))
  let s = ''
  while (s.length < target) s += (s ? ' ' : '') + WORDS[Math.floor(rand() * WORDS.length)]
  return s.length > maxChars ? s.slice(0, maxChars) : s
}
