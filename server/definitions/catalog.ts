import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import type { CatalogDefinition, CompiledProcess } from '../engine/core/model';
import { mayRequest } from '../requests/instances';

/** The services this user may request: newest enabled version of each process, grouped by department in the client. */
export async function listCatalog(db: Queryable, p: Principal) {
  const r = await db.query<{ id: string; key: string; version: number; name: string | null; department_id: string | null; department_name: string | null; catalog: CatalogDefinition | null; model: CompiledProcess; form_bindings: Record<string, { version?: number }> | null }>(
    `SELECT DISTINCT ON (d.key) d.id, d.key, d.version, d.name, d.department_id, dep.name AS department_name, d.catalog, d.model, d.form_bindings
     FROM definitions d LEFT JOIN departments dep ON dep.id = d.department_id
     WHERE d.enabled ORDER BY d.key, d.version DESC`,
  );
  return r.rows
    .filter((d) => d.model.startEvents.some((id) => d.model.elements[id]?.event?.kind === 'none'))
    .filter((d) => mayRequest(p, d.catalog, d.department_id))
    .map((d) => {
      const start = d.model.startEvents.map((id) => d.model.elements[id]).find((e) => e?.event?.kind === 'none');
      return {
        definitionId: d.id,
        processKey: d.key,
        version: d.version,
        title: d.catalog?.title ?? d.name ?? d.key,
        description: d.catalog?.description ?? null,
        titleDe: d.catalog?.titleDe ?? null,
        descriptionDe: d.catalog?.descriptionDe ?? null,
        icon: d.catalog?.icon ?? null,
        departmentId: d.department_id,
        departmentName: d.department_name,
        formId: start?.formId ?? null,
        /** The start form version this process version is bound to (the one a start is checked against). */
        formVersion: (start?.formId && d.form_bindings?.[start.formId]?.version) || null,
      };
    })
    .sort((a, b) => (a.departmentName ?? '').localeCompare(b.departmentName ?? '') || a.title.localeCompare(b.title));
}
