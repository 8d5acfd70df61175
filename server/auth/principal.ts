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

/** Loads users with their roles and groups in three queries (no query per user). */
export async function loadPrincipals(db: Queryable, userIds: string[]): Promise<Principal[]> {
  if (userIds.length === 0) return [];
  const users = await db.query<{ id: string; email: string; name: string; locale: 'de' | 'en' | null }>(
    'SELECT id, email, name, locale FROM users WHERE id = ANY($1::uuid[]) ORDER BY name',
    [userIds],
  );
  const roles = await db.query<{ user_id: string; role: StoredRole; department_id: string | null }>(
    'SELECT user_id, role, department_id FROM user_roles WHERE user_id = ANY($1::uuid[]) ORDER BY role',
    [userIds],
  );
  const groups = await db.query<{ user_id: string; id: string; key: string; name: string; department_id: string | null; lead: boolean }>(
    `SELECT m.user_id, g.id, g.key, g.name, g.department_id, m.lead FROM group_members m JOIN groups g ON g.id = m.group_id
     WHERE m.user_id = ANY($1::uuid[]) ORDER BY g.key`,
    [userIds],
  );
  return users.rows.map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    locale: u.locale,
    roles: roles.rows
      .filter((r) => r.user_id === u.id)
      .map((r) => (r.department_id ? { role: r.role, departmentId: r.department_id } : { role: r.role })),
    groups: groups.rows
      .filter((g) => g.user_id === u.id)
      .map((g) => ({ id: g.id, key: g.key, name: g.name, departmentId: g.department_id, ...(g.lead ? { lead: true } : {}) })),
  }));
}

export async function loadPrincipal(db: Queryable, userId: string): Promise<Principal | null> {
  return (await loadPrincipals(db, [userId]))[0] ?? null;
}

/** What GET /api/auth/me and the login answer contain. */
export function publicUser(p: Principal) {
  return { ...p, areas: areasOf(p) };
}
