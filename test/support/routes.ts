// Every route the server registered, for tests that walk all of them.

/** Rebuilds full paths from Fastify's route tree printout (`app.printRoutes()`). */
export function listRoutes(tree: string): { method: string; path: string }[] {
  const out: { method: string; path: string }[] = []
  const stack: string[] = []
  for (const line of tree.split('\n')) {
    const m = /^([│ ]*)[├└]── (\S+)(?: \(([^)]*)\))?/.exec(line)
    if (!m) continue
    const depth = m[1].length / 4
    stack.length = depth
    const path = (stack[depth - 1] ?? '') + m[2]
    stack[depth] = path
    for (const method of (m[3] ?? '').split(', ').filter((x) => x && x !== 'HEAD' && x !== 'OPTIONS')) out.push({ method, path })
  }
  return out
}
