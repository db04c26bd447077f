// Which flags a request evaluated, and on which side: kept in an AsyncLocalStorage that the HTTP
// layer opens for each request (http/flags.ts), so that a service deep in a request can evaluate
// a flag without being handed the request, and the request's outcome is counted per cohort.
import { AsyncLocalStorage } from 'node:async_hooks'
import type { Cohort } from './window.ts'

/** What the flags know of the request being served. */
export interface RequestFlags {
  /** the signed-in account, once authentication has run (null: anonymous) */
  accountId(): number | null
  ip: string | null
  /** the flags evaluated during the request, and the cohort each put it in */
  cohorts: Map<string, Cohort>
}

/** The current request's flags store; undefined outside a request (jobs, CLI). */
export const requestFlags = new AsyncLocalStorage<RequestFlags>()
