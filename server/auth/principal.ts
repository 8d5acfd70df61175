import type { Queryable } from '../db/types';

export type StoredRole = 'admin' | 'owner' | 'analyst' | 'employee' | 'privacy';
/** Roles a route can ask for. agent follows from group membership; every user is an employee. */
export type Role = 'admin' | 'owner' | 'agent' | 'analyst' | 'employee' | 'privacy';
export type Area = 'portal' | 'tasks' | 'problems' | 'modeler' | 'forms' | 'insights' | 'admin';

export interface RoleGrant {
  role: StoredRole;
  departmentId?: string;
}

export interface GroupRef {
  id: string;
  key: string;
  name: string;
  departmentId: string | null;
  /** Leads the group (may take over tasks other members hold). */
  lead?: boolean;
}

/** The signed-in user as every route sees it. */
export interface Principal {
  id: string;
  email: string;
  name: string;
  locale: 'de' | 'en' | null;
  roles: RoleGrant[];
  groups: GroupRef[];
}

export function hasRole(p: Principal, role: Role): boolean {
  switch (role) {
    case 'employee':
      return true;
    case 'agent':
      return p.groups.length > 0;
    default:
      return p.roles.some((r) => r.role === role);
  }
}

export const isAdmin = (p: Principal) => hasRole(p, 'admin');

/** Departments this user owns processes of (admins: all, signalled by null). */
export function ownedDepartments(p: Principal): string[] | null {
  if (isAdmin(p)) return null;
  return p.roles.filter((r) => r.role === 'owner' && r.departmentId).map((r) => r.departmentId!);
}

/** The app areas shown in the navigation; the same rules guard the routes behind them. */
export function areasOf(p: Principal): Area[] {
  const areas: Area[] = ['portal'];
  if (hasRole(p, 'agent') || isAdmin(p)) areas.push('tasks');
  // Problems: agents and owners of a department work on them, analysts read them (server/problems/access.ts).
  if (hasRole(p, 'agent') || hasRole(p, 'owner') || hasRole(p, 'analyst') || isAdmin(p)) areas.push('problems');
  if (hasRole(p, 'owner') || isAdmin(p)) areas.push('modeler', 'forms');
  if (hasRole(p, 'analyst') || hasRole(p, 'owner') || isAdmin(p)) areas.push('insights');
  if (isAdmin(p)) areas.push('admin');
  return areas;
}

/** A user's roles and groups as JSON columns (`roles`, `groups`) of a statement over `users u`, in loadPrincipals' order. */
export const PRINCIPAL_JSON_COLUMNS = `
  coalesce((SELECT json_agg(json_build_object('role', r.role, 'department_id', r.department_id) ORDER BY r.role)
            FROM user_roles r WHERE r.user_id = u.id), '[]'::json) AS roles,
  coalesce((SELECT json_agg(json_build_object('id', g.id, 'key', g.key, 'name', g.name, 'department_id', g.department_id, 'lead', m.lead) ORDER BY g.key)
            FROM group_members m JOIN groups g ON g.id = m.group_id WHERE m.user_id = u.id), '[]'::json) AS groups`;

/** A row of users (id, email, name, locale) with PRINCIPAL_JSON_COLUMNS. */
export interface PrincipalRow {
  id: string;
  email: string;
  name: string;
  locale: 'de' | 'en' | null;
  roles: { role: StoredRole; department_id: string | null }[];
  groups: { id: string; key: string; name: string; department_id: string | null; lead: boolean }[];
}

export function principalOf(row: PrincipalRow): Principal {
  return {
    id: row.id, email: row.email, name: row.name, locale: row.locale,
    roles: row.roles.map((x) => (x.department_id ? { role: x.role, departmentId: x.department_id } : { role: x.role })),
    groups: row.groups.map((g) => ({ id: g.id, key: g.key, name: g.name, departmentId: g.department_id, ...(g.lead ? { lead: true } : {}) })),
  };
}

/** Loads users with their roles and groups in one statement (none per user). */
export async function loadPrincipals(db: Queryable, userIds: string[]): Promise<Principal[]> {
  if (userIds.length === 0) return [];
  const r = await db.query<PrincipalRow>(
    `SELECT u.id, u.email, u.name, u.locale, ${PRINCIPAL_JSON_COLUMNS} FROM users u WHERE u.id = ANY($1::uuid[]) ORDER BY u.name`,
    [userIds],
  );
  return r.rows.map(principalOf);
}

export async function loadPrincipal(db: Queryable, userId: string): Promise<Principal | null> {
  return (await loadPrincipals(db, [userId]))[0] ?? null;
}

/** What GET /api/auth/me and the login answer contain. */
export function publicUser(p: Principal) {
  return { ...p, areas: areasOf(p) };
}
