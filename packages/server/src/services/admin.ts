// The one rule for Phare's admin-only actions (flags, read-only mode, limits and defence
// figures, effective configuration): the caller is a signed-in person whose role is admin.
// Routes still check the token's scope (read or write); services call this, so every
// entry point (REST, web, CLI through a viewer) meets the same rule.
import type { UserViewer, Viewer } from '../http/auth.ts'
import { Forbidden, TokenRequired } from '../errors.ts'

/** Throws unless `viewer` is an admin; narrows it to a person. */
export function assertAdmin(viewer: Viewer | null): asserts viewer is UserViewer {
  if (!viewer || viewer.accountId === null || viewer.userId === null) throw TokenRequired()
  if (viewer.role !== 'admin') throw Forbidden('Only an admin of this server may do this')
}
