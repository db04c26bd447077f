// The page a browser gets instead of the one it asked for while anonymous traffic is
// challenged: no external resource, no inline script (its CSP allows scripts from this
// server only), the work done in a Web Worker so the page stays responsive.
import { escapeHtml as e } from './html.ts'

export const CHALLENGE_PATH = '/api/v1/phare/challenge'

/** The page's own policy: scripts and the worker from this server, nothing else fetched. */
export const CHALLENGE_CSP = "default-src 'none'; script-src 'self'; worker-src 'self'; connect-src 'self'; style-src 'unsafe-inline'; " +
  "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

/** The challenge page; the puzzle travels in data attributes. */
export function challengePage(instance: string, token: string, difficulty: number): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${e(instance)}: one moment</title>` +
    `<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1b1b1f}` +
    `@media (prefers-color-scheme:dark){body{background:#16161a;color:#e8e8ee}}progress{width:100%}</style></head>` +
    `<body><main id="challenge" data-token="${e(token)}" data-difficulty="${difficulty}" data-submit="${CHALLENGE_PATH}">` +
    `<h1>Checking your browser</h1>` +
    `<p>${e(instance)} is receiving more traffic than usual. Your browser is doing a short computation to show it is not part of a flood; ` +
    `the page opens by itself in a few seconds. Signed-in people are not asked this.</p>` +
    `<p role="status" id="state">Working…</p>` +
    `<noscript><p>This check needs JavaScript. Try again in a few minutes, or sign in with an app.</p></noscript>` +
    `</main><script src="${CHALLENGE_PATH}/solver.js"></script></body></html>`
}

/** The page's script: starts the worker, posts its solution, then reloads the page. */
export const SOLVER_JS = `'use strict';
(function () {
  var main = document.getElementById('challenge');
  var state = document.getElementById('state');
  var worker = new Worker(main.dataset.submit + '/worker.js');
  worker.onmessage = function (m) {
    state.textContent = 'Almost there…';
    fetch(main.dataset.submit, {
      method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: main.dataset.token, solution: m.data.solution })
    }).then(function (r) {
      if (r.ok) location.reload();
      else state.textContent = 'The check failed; reload the page to try again.';
    }, function () { state.textContent = 'The server could not be reached; reload the page to try again.'; });
  };
  worker.postMessage({ token: main.dataset.token, difficulty: Number(main.dataset.difficulty) });
})();
`

// SHA-256 in plain JavaScript: WebCrypto exists only on https pages, and one synchronous
// call per candidate is faster than an awaited one for inputs this short.
/** The worker: counts up until SHA-256(token + ":" + n) starts with enough zero bits. */
export const WORKER_JS = `'use strict';
var K = new Uint32Array([0x428a2f98,0x71374491,0xb5c0fbcf,0xe9b5dba5,0x3956c25b,0x59f111f1,0x923f82a4,0xab1c5ed5,0xd807aa98,0x12835b01,0x243185be,0x550c7dc3,0x72be5d74,0x80deb1fe,0x9bdc06a7,0xc19bf174,0xe49b69c1,0xefbe4786,0x0fc19dc6,0x240ca1cc,0x2de92c6f,0x4a7484aa,0x5cb0a9dc,0x76f988da,0x983e5152,0xa831c66d,0xb00327c8,0xbf597fc7,0xc6e00bf3,0xd5a79147,0x06ca6351,0x14292967,0x27b70a85,0x2e1b2138,0x4d2c6dfc,0x53380d13,0x650a7354,0x766a0abb,0x81c2c92e,0x92722c85,0xa2bfe8a1,0xa81a664b,0xc24b8b70,0xc76c51a3,0xd192e819,0xd6990624,0xf40e3585,0x106aa070,0x19a4c116,0x1e376c08,0x2748774c,0x34b0bcb5,0x391c0cb3,0x4ed8aa4a,0x5b9cca4f,0x682e6ff3,0x748f82ee,0x78a5636f,0x84c87814,0x8cc70208,0x90befffa,0xa4506ceb,0xbef9a3f7,0xc67178f2]);
var W = new Uint32Array(64);
function rotr(x, n) { return (x >>> n) | (x << (32 - n)); }
// The first word of SHA-256 of an ASCII string: all the zero bits a difficulty up to 32 needs.
function firstWord(s) {
  var n = s.length, blocks = ((n + 9 + 63) >> 6), bytes = new Uint8Array(blocks * 64), i;
  for (i = 0; i < n; i++) bytes[i] = s.charCodeAt(i);
  bytes[n] = 0x80;
  var bits = n * 8;
  bytes[bytes.length - 4] = bits >>> 24; bytes[bytes.length - 3] = bits >>> 16; bytes[bytes.length - 2] = bits >>> 8; bytes[bytes.length - 1] = bits;
  var h0 = 0x6a09e667, h1 = 0xbb67ae85, h2 = 0x3c6ef372, h3 = 0xa54ff53a, h4 = 0x510e527f, h5 = 0x9b05688c, h6 = 0x1f83d9ab, h7 = 0x5be0cd19;
  for (var b = 0; b < blocks; b++) {
    for (i = 0; i < 16; i++) { var o = b * 64 + i * 4; W[i] = (bytes[o] << 24) | (bytes[o + 1] << 16) | (bytes[o + 2] << 8) | bytes[o + 3]; }
    for (i = 16; i < 64; i++) {
      var s0 = rotr(W[i - 15], 7) ^ rotr(W[i - 15], 18) ^ (W[i - 15] >>> 3), s1 = rotr(W[i - 2], 17) ^ rotr(W[i - 2], 19) ^ (W[i - 2] >>> 10);
      W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
    }
    var a = h0, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7, bb = h1;
    for (i = 0; i < 64; i++) {
      var t1 = (h + (rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25)) + ((e & f) ^ (~e & g)) + K[i] + W[i]) | 0;
      var t2 = ((rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22)) + ((a & bb) ^ (a & c) ^ (bb & c))) | 0;
      h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = bb; bb = a; a = (t1 + t2) | 0;
    }
    h0 = (h0 + a) | 0; h1 = (h1 + bb) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0; h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
  }
  return h0 >>> 0;
}
onmessage = function (m) {
  var token = m.data.token, difficulty = m.data.difficulty;
  for (var n = 0; ; n++) {
    var w = firstWord(token + ':' + n);
    if ((w === 0 ? 32 : Math.clz32(w)) >= difficulty) { postMessage({ solution: String(n) }); return; }
  }
};
`
