import type { Db, Queryable } from '../db/types';
import { conflict, notFound, validationFailed } from '../errors';

export interface Department {
  id: string;
  key: string;
  name: string;
}

export async function listDepartments(db: Queryable): Promise<Department[]> {
  return (await db.query<Department>('SELECT id, key, name FROM departments ORDER BY name')).rows;
}

export async function createDepartment(db: Db, input: { key: string; name: string }): Promise<Department> {
  return db.transaction(async (tx) => {
    const taken = await tx.query('SELECT 1 FROM departments WHERE key = $1', [input.key]);
    if (taken.rowCount) throw validationFailed([{ path: '/key', message: `key "${input.key}" is already used` }]);
    const r = await tx.query<Department>('INSERT INTO departments (key, name) VALUES ($1, $2) RETURNING id, key, name', [input.key, input.name]);
    return r.rows[0];
  });
}

export async function renameDepartment(db: Queryable, id: string, name: string): Promise<Department> {
  const r = await db.query<Department>('UPDATE departments SET name = $2 WHERE id = $1 RETURNING id, key, name', [id, name]);
  if (!r.rows[0]) throw notFound('Department');
  return r.rows[0];
}

/** Deletes a department that nothing refers to any more; 409 while groups or owners use it or it owns keys. */
export async function deleteDepartment(db: Db, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const used = await tx.query<{ n: number }>(
      `SELECT (SELECT count(*) FROM groups WHERE department_id = $1)::int + (SELECT count(*) FROM user_roles WHERE department_id = $1)::int AS n`,
      [id],
    );
    if (used.rows[0].n > 0) throw conflict('The department still has groups or process owners', 'in_use');
    const keys = await tx.query('SELECT 1 FROM key_owners WHERE department_id = $1 LIMIT 1', [id]);
    if (keys.rowCount) throw conflict('The department still owns process, decision or form keys; an admin can transfer them first', 'in_use');
    const r = await tx.query('DELETE FROM departments WHERE id = $1', [id]);
    if (!r.rowCount) throw notFound('Department');
  });
}

/** Checks that referenced ids exist; returns 422 errors pointing at the offending array items. */
export async function missingIds(db: Queryable, table: 'departments' | 'groups' | 'users', ids: string[], pathOf: (i: number) => string) {
  if (ids.length === 0) return [];
  const found = new Set((await db.query<{ id: string }>(`SELECT id FROM ${table} WHERE id = ANY($1::uuid[])`, [ids])).rows.map((r) => r.id));
  return ids.flatMap((id, i) => (found.has(id) ? [] : [{ path: pathOf(i), message: `unknown ${table.slice(0, -1)} ${id}` }]));
}
