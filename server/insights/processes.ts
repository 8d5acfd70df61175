/** The processes an insights reader may choose from, and the diagram for the heatmap. */
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import { notFound, validationFailed } from '../errors';
import { insightDepartments, MAX_VERSION } from './scope';

/** Process keys with their versions and department, limited to what the user may read. */
export async function insightProcesses(db: Queryable, p: Principal) {
  const r = await db.query<{ key: string; name: string | null; department_id: string | null; department_name: string | null; versions: { id: string; version: number }[] }>(
    `SELECT d.key, (array_agg(d.name ORDER BY d.version DESC))[1] AS name, d.department_id, dep.name AS department_name,
       jsonb_agg(jsonb_build_object('id', d.id, 'version', d.version) ORDER BY d.version DESC) AS versions
     FROM definitions d LEFT JOIN departments dep ON dep.id = d.department_id
     WHERE $1::uuid[] IS NULL OR d.department_id = ANY ($1)
     GROUP BY d.key, d.department_id, dep.name ORDER BY 2, 1`,
    [insightDepartments(p)],
  );
  return r.rows.map((x) => ({ key: x.key, name: x.name ?? x.key, departmentId: x.department_id, departmentName: x.department_name, versions: x.versions }));
}

/** The BPMN XML of one version (the latest when none is given) for the heatmap. */
export async function diagramFor(db: Queryable, p: Principal, processKey: string | undefined, versionText: string | undefined) {
  if (!processKey) throw validationFailed([{ path: '/processKey', message: 'is required' }]);
  const version = versionText ? Number(versionText) : null;
  if (version !== null && (!Number.isInteger(version) || version < 1 || version > MAX_VERSION)) throw validationFailed([{ path: '/version', message: 'must be a positive whole number' }]);
  const r = await db.query<{ id: string; key: string; version: number; xml: string; department_id: string | null }>(
    `SELECT id, key, version, xml, department_id FROM definitions WHERE key = $1 AND ($2::int IS NULL OR version = $2)
       AND ($3::uuid[] IS NULL OR department_id = ANY ($3)) ORDER BY version DESC LIMIT 1`,
    [processKey, version, insightDepartments(p)],
  );
  const d = r.rows[0];
  if (!d) throw notFound('Process');
  return { definitionId: d.id, processKey: d.key, version: d.version, xml: d.xml };
}
