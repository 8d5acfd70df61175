/**
 * Who a message or signal from the API may reach (issue #14, docs/security/scope-visibility.md):
 * the instances and message/signal start events of processes of the departments the caller may act
 * on. A scope is a list of department ids; null means every department (admins, unscoped tokens).
 */
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import type { ApiTokenScope } from '../auth/tokens';
import { forbidden } from '../errors';

/**
 * A signed-in user's scope: admins all; process owners their departments; agents the departments
 * of their groups (a group belongs to one department; a group without one adds none).
 */
export function sessionScope(p: Principal): string[] | null {
  if (isAdmin(p)) return null;
  const ids = new Set(ownedDepartments(p) ?? []);
  for (const g of p.groups) if (g.departmentId) ids.add(g.departmentId);
  return [...ids];
}

/** A token's scope for one message or signal name; 403 when the token does not list the name. */
export function tokenScope(token: ApiTokenScope, kind: 'message' | 'signal', name: string): string[] | null {
  const names = kind === 'message' ? token.messageNames : token.signalNames;
  if (!names.length) throw forbidden(`This API token may not publish ${kind}s`);
  if (!names.includes(name)) throw forbidden(`This API token may not publish the ${kind} "${name}"`);
  return token.departmentId ? [token.departmentId] : null;
}
