/** Process owners' side: deployed versions (drafts and the process list: drafts.ts). */
import type { Queryable } from '../db/types';
import { forbidden, notFound } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';

/** Owners may touch their departments' processes; admins all. */
export function assertOwns(p: Principal, departmentId: string | null) {
  if (isAdmin(p)) return;
  if (!departmentId || !(ownedDepartments(p) ?? []).includes(departmentId)) throw forbidden('You are not a process owner of this department');
}

/** A user reference as the API answers it (null without a user). */
export const userRef = (id: string | null, name: string | null) => (id ? { id, name } : null);

function definitionView(row: any) {
  return {
    id: row.id,
    key: row.key,
    version: row.version,
    name: row.name,
    departmentId: row.department_id,
    deployedAt: row.deployed_at,
    deployedBy: userRef(row.deployed_by, row.deployed_by_name),
    comment: row.comment,
    enabled: row.enabled,
    catalog: row.catalog,
  };
}

/** Deployed versions visible to the caller: owners their departments', admins and analysts all, others none. */
export async function listDefinitions(db: Queryable, p: Principal, key?: string) {
  const owned = p.roles.some((r) => r.role === 'analyst') ? null : ownedDepartments(p);
  const r = await db.query<any>(
    `SELECT d.id, d.key, d.version, d.name, d.department_id, d.deployed_at, d.deployed_by, d.comment, d.enabled, d.catalog, u.name AS deployed_by_name
     FROM definitions d LEFT JOIN users u ON u.id = d.deployed_by
     WHERE ($1::text IS NULL OR d.key = $1) AND ($2::uuid[] IS NULL OR d.department_id = ANY($2::uuid[]))
     ORDER BY d.key, d.version DESC`,
    [key ?? null, owned],
  );
  return r.rows.map(definitionView);
}

export async function getDefinition(db: Queryable, p: Principal, id: string) {
  const r = await db.query<any>(
    `SELECT d.*, u.name AS deployed_by_name FROM definitions d LEFT JOIN users u ON u.id = d.deployed_by WHERE d.id = $1`,
    [id],
  );
  const row = r.rows[0];
  if (!row) throw notFound('Definition');
  if (!p.roles.some((x) => x.role === 'analyst')) assertOwns(p, row.department_id);
  return { ...definitionView(row), xml: row.xml };
}

export async function setDefinitionEnabled(db: Queryable, p: Principal, id: string, enabled: boolean) {
  const r = await db.query<{ department_id: string | null }>('SELECT department_id FROM definitions WHERE id = $1', [id]);
  if (!r.rows[0]) throw notFound('Definition');
  assertOwns(p, r.rows[0].department_id);
  await db.query('UPDATE definitions SET enabled = $2 WHERE id = $1', [id, enabled]);
  return getDefinition(db, p, id);
}
