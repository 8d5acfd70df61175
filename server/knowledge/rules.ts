import { hasRole, isAdmin, ownedDepartments, type Principal } from '../auth/principal';

/**
 * Who may do what with articles (docs/DECISIONS.md, #19 point 3): the department's agents and
 * owners write; its owners (and admins) publish; analysts read every department's articles; every
 * employee reads the published public ones. Lotse's own guide is read-only (it ships with Lotse).
 */
export function editorDepartments(p: Principal): string[] | null {
  if (isAdmin(p)) return null;
  const owned = ownedDepartments(p) ?? [];
  const agentOf = p.groups.map((g) => g.departmentId).filter((d): d is string => !!d);
  return [...new Set([...owned, ...agentOf])];
}

export function mayEdit(p: Principal, departmentId: string | null): boolean {
  if (!departmentId) return false;
  const deps = editorDepartments(p);
  return deps === null || deps.includes(departmentId);
}

export function mayPublish(p: Principal, departmentId: string | null): boolean {
  if (!departmentId) return false;
  return isAdmin(p) || (ownedDepartments(p) ?? []).includes(departmentId);
}

/** Reads internal articles and drafts of every department (read-only). */
export const readsAll = (p: Principal) => isAdmin(p) || hasRole(p, 'analyst');

export interface ArticleAccessRow {
  department_id: string | null;
  guide_key: string | null;
  status: string;
  visibility: string;
}

export function mayRead(p: Principal, a: ArticleAccessRow): boolean {
  if (a.guide_key) return a.status === 'published';
  if (a.status === 'published' && a.visibility === 'public') return true;
  return readsAll(p) || mayEdit(p, a.department_id);
}

/** The same rule as SQL on the articles alias `a` (lists and search share it with mayRead). */
export function articleVisibility(p: Principal, firstParam: number): { sql: string; params: unknown[] } {
  if (readsAll(p)) return { sql: "(a.guide_key IS NULL OR a.status = 'published')", params: [] };
  return {
    sql: `((a.status = 'published' AND (a.visibility = 'public' OR a.guide_key IS NOT NULL)) OR a.department_id = ANY($${firstParam}::uuid[]))`,
    params: [editorDepartments(p) ?? []],
  };
}
