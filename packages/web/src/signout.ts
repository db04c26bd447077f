// Signing out: forget everything about the account in this tab, revoke the token,
// and end the server's sign-in session (see api/auth.ts).
import { signOut } from './api/auth.ts'
import { forgetSession, session } from './state/session.ts'
import { resetTimelines } from './state/timeline.ts'

export async function signOutNow(): Promise<void> {
  const token = session.get().token
  resetTimelines()
  forgetSession()
  if (token) await signOut(token)
}
