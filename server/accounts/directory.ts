import type { Queryable } from '../db';

/** What any signed-in user may learn about a colleague: enough to pick them, nothing more (no roles, ids or groups). */
export interface DirectoryPerson {
  name: string;
  email: string;
  /** Departments the person works in (through their groups or as process owner), comma-separated; null if none. */
  department: string | null;
}

export const MIN_PEOPLE_QUERY = 2;
export const MAX_PEOPLE_RESULTS = 20;

/** `%` and `_` typed by the user match themselves, not any text. */
const escapeLike = (text: string) => text.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/**
 * People whose name or e-mail contains `query` (case-insensitive), prefix matches first.
 * Lotse has no deactivated accounts: an admin removes a person by deleting the user, so every stored user is active.
 */
export async function searchPeople(db: Queryable, query: string, limit: number): Promise<DirectoryPerson[]> {
  const text = escapeLike(query.trim().toLowerCase());
  const r = await db.query<DirectoryPerson>(
    `SELECT u.name, u.email,
       (SELECT string_agg(DISTINCT d.name, ', ' ORDER BY d.name) FROM departments d
        WHERE d.id IN (SELECT g.department_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id
                       UNION SELECT ur.department_id FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = 'owner')) AS department
     FROM users u
     WHERE lower(u.name) LIKE $1 ESCAPE '\\' OR lower(u.email) LIKE $1 ESCAPE '\\'
     ORDER BY (lower(u.name) LIKE $2 ESCAPE '\\' OR lower(u.email) LIKE $2 ESCAPE '\\') DESC, u.name, u.email
     LIMIT $3`,
    [`%${text}%`, `${text}%`, Math.min(Math.max(limit, 1), MAX_PEOPLE_RESULTS)],
  );
  return r.rows.map((p) => ({ name: p.name, email: p.email, department: p.department ?? null }));
}
