import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Each file starts its own Phare on its own database; two at a time fits this 2-core machine.
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'server', include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'], exclude: ['test/e2e/**'] } },
      // Browser tests measure timing (long tasks while scrolling): they run after the rest, one file at a time.
      { extends: true, test: { name: 'browser', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
})
