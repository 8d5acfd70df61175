import type { Me } from '../api/types';

/** Departments the user writes articles for: agents of its groups and owners (admins: every one, null). */
export function authorDepartmentIds(me: Me | null | undefined): string[] | null {
  if (!me) return [];
  if (me.roles.some((r) => r.role === 'admin')) return null;
  const owned = me.roles.filter((r) => r.role === 'owner' && r.departmentId).map((r) => r.departmentId as string);
  const agentOf = me.groups.map((g) => g.departmentId).filter((d): d is string => !!d);
  return [...new Set([...owned, ...agentOf])];
}

/** The guide article that fits the user best: the most specific role they hold. */
export function guideRoleOf(me: Me | null | undefined): 'employee' | 'agent' | 'owner' | 'analyst' | 'admin' {
  if (!me) return 'employee';
  if (me.roles.some((r) => r.role === 'admin')) return 'admin';
  if (me.roles.some((r) => r.role === 'owner')) return 'owner';
  if (me.roles.some((r) => r.role === 'analyst')) return 'analyst';
  if (me.groups.length) return 'agent';
  return 'employee';
}
