// Who is refused first when the server is saturated. A request's rank is the pressure level
// from which it is shed: anonymous and expensive requests go at level 1, signed-in writes
// only at the last level, when everything else is already refused.
import type { Group } from '../limits/policy.ts'

/** Who is calling, as far as shedding cares. */
export type Standing = 'anonymous' | 'passed' | 'app' | 'person'

export const RANKS = {
  'anonymous-expensive': 1,
  'anonymous': 2,
  'passed': 3,
  'person-read': 4,
  'person-write': 5,
} as const

export type PriorityClass = keyof typeof RANKS

// Reads that cost a scan or a merge rather than an index lookup, and that anyone can ask for.
const EXPENSIVE = /^\/api\/(?:v1\/timelines\/(?:public|tag\/)|v1\/trends|v1\/directory|v2\/search|v1\/accounts\/search)/

/** The class of a request; `route` is its route pattern. */
export function priorityOf(group: Group, route: string, standing: Standing): PriorityClass {
  if (standing === 'person') return group === 'read' || group === 'search' || group === 'streaming' ? 'person-read' : 'person-write'
  // A solved challenge or an app's own token vouches for some work done, not for a person.
  if (standing === 'passed' || standing === 'app') return 'passed'
  if (group === 'search' || group === 'sign-up' || group === 'streaming' || EXPENSIVE.test(route)) return 'anonymous-expensive'
  return 'anonymous'
}
