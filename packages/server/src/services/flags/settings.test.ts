import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../config.ts'

const problems = (env: Record<string, string>) => {
  try { loadConfig({ PHARE_DATA_DIR: '/tmp/phare-settings-test', ...env }); return [] } catch (e) { return (e as ConfigError).problems }
}

describe('rollout settings', () => {
  it('have safe defaults', () => {
    expect(loadConfig({ PHARE_DATA_DIR: '/tmp/phare-settings-test' }).rollout).toEqual({
      pollS: 5, rollback: true, windowS: 300, minRequests: 100, maxErrorRateDelta: 0.01, minZ: 2.33, maxP99Ratio: 1.5, minP99DeltaMs: 100,
    })
  })

  it('refuse values that would make the rollback meaningless, naming the key', () => {
    expect(problems({ PHARE_ROLLBACK_MAX_P99_RATIO: '0.5' })[0]).toMatch(/^PHARE_ROLLBACK_MAX_P99_RATIO must be between 1 and 100, got 0.5/)
    expect(problems({ PHARE_ROLLBACK_MAX_ERROR_RATE_DELTA: '5%' })[0]).toMatch(/^PHARE_ROLLBACK_MAX_ERROR_RATE_DELTA must be a number like 0.05, got "5%"/)
    expect(problems({ PHARE_ROLLBACK_MIN_REQUESTS: '0' })[0]).toMatch(/^PHARE_ROLLBACK_MIN_REQUESTS must be between 10 and/)
    expect(problems({ PHARE_ROLLBACK: 'yes' })[0]).toMatch(/^PHARE_ROLLBACK must be one of on, off/)
    expect(problems({ PHARE_ROLLBACK_WINDOW: '60' })[0]).toMatch(/^PHARE_ROLLBACK_WINDOW is not a Phare setting/)
  })
})
