/**
 * Who reads which form (issue #14, least visibility; docs/security/scope-visibility.md).
 * A form's owners (the process owners of its department; any owner for a shared form without
 * department) and admins read every version and the version history. Anyone else reads only the
 * versions they have a use for: the start form of a service they may request (the version its
 * newest enabled process version is bound to) and the form of a task they can see (the version the
 * task's process is bound to). Everything else answers 404, as if the form did not exist.
 */
import type { Queryable } from '../db/types';
import { hasRole, isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import type { CatalogDefinition, CompiledProcess } from '../engine/core/model';
import { notFound } from '../errors';
import { getForm, listVersions, type StoredForm } from '../forms/store';
import { mayRequest } from '../requests/instances';
import { taskVisibility } from '../auth/visibility';

/** May this user manage-level read the form (every version, the history)? */
function isFormOwner(p: Principal, departmentId: string | null): boolean {
  if (isAdmin(p)) return true;
  if (departmentId === null) return hasRole(p, 'owner');
  return (ownedDepartments(p) ?? []).includes(departmentId);
}

type Binding = { formKey?: string; version?: number } | null;

/** The versions of the form a non-owner has a use for (start forms they may request, forms of tasks they see). */
async function usableVersions(q: Queryable, p: Principal, key: string): Promise<Set<number>> {
  const versions = new Set<number>();
  const starts = await q.query<{ department_id: string | null; catalog: CatalogDefinition | null; model: CompiledProcess; binding: Binding }>(
    `SELECT department_id, catalog, model, binding FROM (
       SELECT DISTINCT ON (d.key) d.department_id, d.catalog, d.model, d.form_bindings -> $1 AS binding
       FROM definitions d WHERE d.enabled ORDER BY d.key, d.version DESC) newest
     WHERE binding IS NOT NULL`,
    [key],
  );
  for (const d of starts.rows) {
    const start = d.model.startEvents.map((id) => d.model.elements[id]).find((e) => e?.event?.kind === 'none');
    if (start?.formId === key && d.binding?.version && mayRequest(p, d.catalog, d.department_id)) versions.add(d.binding.version);
  }
  const vis = taskVisibility(p, 2);
  const tasks = await q.query<{ version: number | null }>(
    `SELECT DISTINCT (d.form_bindings -> t.form_id ->> 'version')::int AS version
     FROM tasks t JOIN process_instances p ON p.id = t.instance_id JOIN definitions d ON d.id = p.definition_id
     WHERE t.form_id = $1 AND ${vis.sql}`,
    [key, ...vis.params],
  );
  for (const t of tasks.rows) if (t.version) versions.add(t.version);
  return versions;
}

/**
 * GET /api/forms/:key: owners and admins any version (latest without one); others a version they
 * have a use for (the newest of those without one); 404 otherwise.
 */
export async function readFormFor(q: Queryable, p: Principal, key: string, version?: number): Promise<StoredForm> {
  const latest = await getForm(q, key);
  if (isFormOwner(p, latest.departmentId)) return version === undefined ? latest : getForm(q, key, version);
  const usable = await usableVersions(q, p, key);
  const wanted = version ?? Math.max(0, ...usable);
  if (!usable.has(wanted)) throw notFound('Form');
  return wanted === latest.version ? latest : getForm(q, key, wanted);
}

/** GET /api/forms/:key/versions: only for the form's owners and admins (404 for everyone else). */
export async function listVersionsFor(q: Queryable, p: Principal, key: string) {
  const latest = await getForm(q, key);
  if (!isFormOwner(p, latest.departmentId)) throw notFound('Form');
  return listVersions(q, key);
}
