/** Shapes of the server's JSON contract (see docs/ARCHITECTURE "HTTP API"). */

export type Area = 'portal' | 'tasks' | 'problems' | 'modeler' | 'forms' | 'insights' | 'admin';
export type RoleName = 'admin' | 'owner' | 'analyst' | 'employee' | 'privacy';
export type Locale = 'de' | 'en';

export interface RoleGrant {
  role: RoleName;
  /** Set for `owner`: the department the user owns processes for. */
  departmentId?: string;
}

export interface GroupRef {
  id: string;
  key: string;
  name: string;
  departmentId?: string | null;
}

/** The signed-in user as GET /api/auth/me returns it. */
export interface Me {
  id: string;
  email: string;
  name: string;
  /** null: the user never chose; the browser language applies. */
  locale: Locale | null;
  roles: RoleGrant[];
  groups: GroupRef[];
  areas: Area[];
}

export interface Department {
  id: string;
  key: string;
  name: string;
}

export interface AdminUser {
  id: string;
  email: string;
  name: string;
  locale: Locale | null;
  roles: RoleGrant[];
  groupIds: string[];
  createdAt: string;
}

export interface AdminUserInput {
  email: string;
  name: string;
  password?: string;
  locale?: Locale | null;
  roles: RoleGrant[];
  groupIds: string[];
}

export interface Group {
  id: string;
  key: string;
  name: string;
  departmentId: string | null;
  memberIds: string[];
  /** Members who lead the group (may take over tasks other members hold). */
  leadIds: string[];
}

export interface GroupInput {
  key: string;
  name: string;
  departmentId: string | null;
  memberIds: string[];
  leadIds?: string[];
}

export interface ItemList<T> {
  items: T[];
}
