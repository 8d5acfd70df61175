import type { Queryable } from '../db/types';

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

/** Name, e-mail and department of `users u`: the only columns the directory ever answers. */
const PERSON_COLUMNS = `u.name, u.email,
       (SELECT string_agg(DISTINCT d.name, ', ' ORDER BY d.name) FROM departments d
        WHERE d.id IN (SELECT g.department_id FROM group_members gm JOIN groups g ON g.id = gm.group_id WHERE gm.user_id = u.id
                       UNION SELECT ur.department_id FROM user_roles ur WHERE ur.user_id = u.id AND ur.role = 'owner')) AS department`;

const toPerson = (p: DirectoryPerson): DirectoryPerson => ({ name: p.name, email: p.email, department: p.department ?? null });

/**
 * People whose name or e-mail contains `query` (case-insensitive), prefix matches first.
 * Lotse has no deactivated accounts: an admin removes a person by deleting the user, so every stored user is active.
 */
export async function searchPeople(db: Queryable, query: string, limit: number): Promise<DirectoryPerson[]> {
  const text = escapeLike(query.trim().toLowerCase());
  const r = await db.query<DirectoryPerson>(
    `SELECT ${PERSON_COLUMNS}
     FROM users u
     WHERE lower(u.name) LIKE $1 ESCAPE '\\' OR lower(u.email) LIKE $1 ESCAPE '\\'
     ORDER BY (lower(u.name) LIKE $2 ESCAPE '\\' OR lower(u.email) LIKE $2 ESCAPE '\\') DESC, u.name, u.email
     LIMIT $3`,
    [`%${text}%`, `${text}%`, Math.min(Math.max(limit, 1), MAX_PEOPLE_RESULTS)],
  );
  return r.rows.map(toPerson);
}

/** How many addresses one exact look-up may name (a form rarely has more than a handful of person fields). */
export const MAX_PEOPLE_LOOKUP = 50;

/**
 * The people with exactly these e-mail addresses (case-insensitive), for showing a stored value by name.
 * Addresses nobody has are simply missing from the answer.
 */
export async function lookupPeople(db: Queryable, emails: readonly string[]): Promise<DirectoryPerson[]> {
  if (emails.length === 0) return [];
  const r = await db.query<DirectoryPerson>(
    `SELECT ${PERSON_COLUMNS}
     FROM users u
     WHERE lower(u.email) = ANY($1::text[])
     ORDER BY u.name, u.email`,
    [[...new Set(emails.map((e) => e.trim().toLowerCase()))]],
  );
  return r.rows.map(toPerson);
}

/**
 * Colleague search for agents and owners (GET /api/users/search, e.g. to assign a task): up to 20 users whose
 * name or e-mail contains `query`, every user for an empty one. Names and e-mails only, never ids (docs/API.md):
 * the e-mail is the stable reference (assign takes it).
 */
export async function searchUsers(db: Queryable, query: string): Promise<{ name: string; email: string }[]> {
  const r = await db.query<{ name: string; email: string }>(
    `SELECT name, email FROM users WHERE $1 = '' OR name ILIKE '%' || $1 || '%' OR email ILIKE '%' || $1 || '%' ORDER BY name LIMIT 20`,
    [query.replace(/[%_\\]/g, (m) => `\\${m}`)],
  );
  return r.rows;
}
