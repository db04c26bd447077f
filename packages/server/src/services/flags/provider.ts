// Phare's OpenFeature provider: resolves boolean flags from the flags every node keeps in memory
// (store.ts) with the one rule of evaluate.ts. Evaluation never waits on the database.
import type { EvaluationContext, JsonValue, Provider, ResolutionDetails } from '@openfeature/server-sdk'
import { evaluate } from './evaluate.ts'
import type { FlagStore } from './store.ts'

/** The evaluation context Phare passes: the bucketing subject as targetingKey, and the account id (for the lists) when signed in. */
export type PhareFlagContext = EvaluationContext

const notBoolean = <T>(defaultValue: T): Promise<ResolutionDetails<T>> =>
  Promise.resolve({ value: defaultValue, reason: 'ERROR', errorCode: 'TYPE_MISMATCH' as ResolutionDetails<T>['errorCode'], errorMessage: 'Phare flags are boolean' })

/** The provider over a node's flag store. */
export function phareProvider(store: FlagStore): Provider {
  return {
    metadata: { name: 'phare-database' },
    runsOn: 'server',
    async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext): Promise<ResolutionDetails<boolean>> {
      const flag = store.get(flagKey)
      if (!flag) return { value: defaultValue, reason: 'ERROR', errorCode: 'FLAG_NOT_FOUND' as ResolutionDetails<boolean>['errorCode'], errorMessage: `no flag ${flagKey}` }
      const subject = typeof context.targetingKey === 'string' ? context.targetingKey : null
      const r = evaluate(flag, subject, typeof context.accountId === 'string' ? context.accountId : null)
      return { value: r.on, reason: r.reason, variant: r.on ? 'on' : 'off', flagMetadata: { version: flag.version } }
    },
    resolveStringEvaluation: (_k: string, d: string) => notBoolean(d),
    resolveNumberEvaluation: (_k: string, d: number) => notBoolean(d),
    resolveObjectEvaluation: <T extends JsonValue>(_k: string, d: T) => notBoolean(d),
  }
}
