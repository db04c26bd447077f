// Runs inside the page under test (added before the app's own code by bench/web-browser.ts):
// records when the first post becomes visible, and, while recording, every frame, every
// long task and every post rendered. Plain browser JavaScript; its settings come from
// window.__benchConfig = { origin, token, selector }, set just before it.
(() => {
  const config = window.__benchConfig
  if (!config || location.origin !== config.origin) return
  // The web app keeps its session as a token in localStorage (packages/web/src/state/session.ts).
  localStorage.setItem('phare.token', config.token)
  const b = { firstPost: null, seen: new Set(), frames: [], longTasks: [], recording: false, startedAt: 0 }
  window.__bench = b

  // Each frame: has a post entered the viewport? The frame after that is when a person sees it.
  const watch = () => {
    const el = document.querySelector(config.selector)
    const r = el && el.getBoundingClientRect()
    if (r && r.height > 0 && r.bottom > 0 && r.top < innerHeight) requestAnimationFrame((t) => { b.firstPost = t })
    else requestAnimationFrame(watch)
  }
  requestAnimationFrame(watch)

  const collect = () => document.querySelectorAll('[data-status-id]').forEach((n) => b.seen.add(n.getAttribute('data-status-id')))
  new MutationObserver(() => { if (b.recording) collect() }).observe(document, { childList: true, subtree: true })
  try {
    new PerformanceObserver((list) => {
      if (b.recording) for (const e of list.getEntries()) b.longTasks.push({ start: e.startTime, duration: e.duration })
    }).observe({ type: 'longtask' })
  } catch { /* no long task API: reported as none */ }

  /** Starts recording; resolves with the first recorded frame's time. */
  b.start = () => new Promise((resolve) => {
    collect()
    b.recording = true
    const frame = (t) => { if (b.recording) { b.frames.push(t); requestAnimationFrame(frame) } }
    requestAnimationFrame((t) => { b.startedAt = t; frame(t); resolve(t) })
  })
  /** Stops recording and returns what was recorded. */
  b.stop = () => {
    b.recording = false
    const pages = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/timelines/') && e.startTime >= b.startedAt)
      .map((e) => ({ start: e.startTime, end: e.responseEnd }))
    return { frames: b.frames, longTasks: b.longTasks, seen: b.seen.size, end: performance.now(), pages }
  }
  b.navigation = () => {
    const nav = performance.getEntriesByType('navigation')[0]
    return { domContentLoaded: nav ? nav.domContentLoadedEventEnd : 0 }
  }
})()
