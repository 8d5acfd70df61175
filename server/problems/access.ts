/** Who may read and work on the problems of a department (issue #19: agents and owners work, analysts read). */
import { hasRole, isAdmin, ownedDepartments, type Principal } from '../auth/principal';

/** Departments whose problems the user may change; null = all (admins). */
export function problemWriteDepartments(p: Principal): string[] | null {
  if (isAdmin(p)) return null;
  const agentOf = p.groups.map((g) => g.departmentId).filter((d): d is string => !!d);
  return [...new Set([...(ownedDepartments(p) ?? []), ...agentOf])];
}

/** Departments whose problems the user may read; null = all (admins and analysts, who read only). */
export function problemReadDepartments(p: Principal): string[] | null {
  if (isAdmin(p) || hasRole(p, 'analyst')) return null;
  return problemWriteDepartments(p);
}

export const mayRead = (p: Principal, departmentId: string) => {
  const d = problemReadDepartments(p);
  return d === null || d.includes(departmentId);
};

export const mayWrite = (p: Principal, departmentId: string) => {
  const d = problemWriteDepartments(p);
  return d === null || d.includes(departmentId);
};
