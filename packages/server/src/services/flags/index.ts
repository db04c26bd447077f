// Feature flags (README "Feature flags and rollouts"): evaluated through the OpenFeature server
// SDK with Phare's own provider over the flags table. Each context registers its provider under
// its own OpenFeature domain, so several servers in one process (tests) keep theirs apart.
import { randomUUID } from 'node:crypto'
import { NOOP_PROVIDER, OpenFeature, type Client } from '@openfeature/server-sdk'
import type { AppContext } from '../../context.ts'
import { subjectOf } from './evaluate.ts'
import { phareProvider, type PhareFlagContext } from './provider.ts'
import { requestFlags } from './requests.ts'
import { startRollbackLoop } from './rollback.ts'
import { createFlagStore, type FlagStore } from './store.ts'
import { createCohortWindows, type CohortWindows } from './window.ts'
import { registerFlagMetrics } from './metrics.ts'

/** A node's feature flags: the store, the OpenFeature client, the cohorts' windows. */
export interface Flags {
  store: FlagStore
  windows: CohortWindows
  /** automatic rollbacks made by this node, by flag (for /metrics) */
  rollbacks: Map<string, number>
  /** the OpenFeature client of this context's domain */
  client: Client
  /**
   * Whether the flag is on for `viewer` (default: the current request's account, or its address
   * when anonymous). Tags the current request with the flag's cohort. An unknown flag is off.
   */
  isOn(key: string, viewer?: { accountId: number | null } | null): Promise<boolean>
  start(): Promise<void>
  close(): Promise<void>
}

/** Wires the flags of a context; `start` loads them and starts the refresh and the rollback analysis. */
export function createFlags(ctx: AppContext): Flags {
  const windows = createCohortWindows(ctx.config.rollout.windowS * 1000)
  const store = createFlagStore({
    db: ctx.db, pubsub: ctx.pubsub, pollMs: ctx.config.rollout.pollS * 1000,
    // A changed flag has new cohorts: what the old ones did is no evidence about them.
    onChange: (key) => windows.reset(key),
    onError: (err) => ctx.log.warn({ err: String(err) }, 'could not re-read the feature flags'),
  })
  const domain = `phare-${randomUUID()}`
  const client = OpenFeature.getClient(domain)
  client.addHooks({
    after(hook, details) {
      const r = requestFlags.getStore()
      if (r && details.errorCode === undefined) r.cohorts.set(hook.flagKey, details.value === true ? 'on' : 'off')
    },
  })
  let stopLoop = () => {}
  const flags: Flags = {
    store, windows, client, rollbacks: new Map(),
    async isOn(key, viewer) {
      if (!store.get(key)) return false
      const r = requestFlags.getStore()
      const accountId = viewer !== undefined ? viewer?.accountId ?? null : r?.accountId() ?? null
      const context: PhareFlagContext = {}
      if (accountId !== null) context.accountId = String(accountId)
      const subject = subjectOf(accountId, accountId === null ? r?.ip ?? null : null)
      if (subject !== null) context.targetingKey = subject
      return client.getBooleanValue(key, false, context)
    },
    async start() {
      await OpenFeature.setProviderAndWait(domain, phareProvider(store))
      await store.start()
      registerFlagMetrics(ctx.metrics.registry, flags, ctx.config.rollout.windowS)
      stopLoop = startRollbackLoop(ctx)
    },
    async close() {
      stopLoop()
      store.stop()
      await OpenFeature.setProviderAndWait(domain, NOOP_PROVIDER)
    },
  }
  return flags
}
