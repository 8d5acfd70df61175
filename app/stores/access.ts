import type { Me } from '../api/types';

/** The departments a user owns processes for (their SLA settings are theirs to change). */
export function ownedDepartmentIds(me: Me | null | undefined): string[] {
  return (me?.roles ?? []).filter((r) => r.role === 'owner' && r.departmentId).map((r) => r.departmentId as string);
}
