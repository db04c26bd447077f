// Who is signed in. The token lives in localStorage (as in every Mastodon web
// client) so a reload keeps the person signed in; the account is re-read on start.
import { api, setToken, whenUnauthorized } from '../api/client.ts'
import type { CredentialAccount, Instance } from '../api/types.ts'
import { createStore } from './store.ts'

const TOKEN_KEY = 'phare.token'

export interface SessionState {
  token: string | null
  me: CredentialAccount | null
  /** false until the saved token has been checked, so views do not flash the visitor's page */
  ready: boolean
}

export const session = createStore<SessionState>({ token: null, me: null, ready: false })
export const instance = createStore<Instance | null>(null)

/** Forgets the token locally (after sign-out, or when the server refused it). */
export function forgetSession(): void {
  localStorage.removeItem(TOKEN_KEY)
  setToken(null)
  session.set({ token: null, me: null, ready: true })
}

/** Starts using a token: remembers it and loads the account. */
export async function adoptToken(token: string): Promise<void> {
  localStorage.setItem(TOKEN_KEY, token)
  setToken(token)
  const me = await api.get<CredentialAccount>('/api/v1/accounts/verify_credentials')
  session.set({ token, me, ready: true })
}

/** Re-reads the signed-in account (after a profile edit or a follow count change). */
export async function refreshMe(): Promise<void> {
  if (!session.get().token) return
  const me = await api.get<CredentialAccount>('/api/v1/accounts/verify_credentials')
  session.set((s) => ({ ...s, me }))
}

/**
 * On start: the saved token is used at once (the home timeline loads in parallel with
 * the account check, for a fast first view); the instance's limits load alongside.
 */
export function restoreSession(): void {
  whenUnauthorized(forgetSession)
  void api.get<Instance>('/api/v2/instance', undefined, null).then((i) => instance.set(i)).catch(() => {})
  const token = localStorage.getItem(TOKEN_KEY)
  if (!token) { session.set({ token: null, me: null, ready: true }); return }
  setToken(token)
  session.set({ token, me: null, ready: true })
  // A refusal (401) forgets the token through whenUnauthorized; a network failure keeps it.
  void refreshMe().catch(() => {})
}
