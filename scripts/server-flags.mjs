// Node.js flags the Phare server runs with, shared by `npm start` and the benchmark.
// A smaller young generation (16 MB semi-spaces instead of V8's growth to 64 MB) keeps
// the server's resident memory about 100 MB lower under load at no measured cost in
// throughput (bench: 354 MB -> 240 MB peak on home reads, same requests/s).
// An old generation capped at 320 MB: V8 otherwise lets garbage pile up far past what
// is live (Phare's caches are bounded, ~150 MB live in the full bench), and on
// PostgreSQL the server reached 440 MB; with the cap, 180 MB anonymous after the same
// reads at the same speed. An operator who wants more sets it in NODE_OPTIONS.
const oldSpace = /--max-old-space-size/.test(process.env.NODE_OPTIONS ?? '') ? [] : ['--max-old-space-size=320']
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16', ...oldSpace]

// glibc gives each thread its own malloc arena and keeps what it freed: with libvips and the
// HEIC decoder working on image-sized buffers in several threads, resident memory ratchets
// up after each photo (bench/media.ts: 673 MB peak on 12-MP HEICs, 483 MB with 2 arenas, at
// the same images/s). Set for the server unless the operator chose a value.
export const SERVER_ENV = process.env.MALLOC_ARENA_MAX ? {} : { MALLOC_ARENA_MAX: '2' }
