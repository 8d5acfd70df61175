import type { Queryable } from '../db/types';
import { notFound } from '../errors';
import { isAdmin, ownedDepartments, type Principal } from '../auth/principal';
import type { Engine } from '../engine/runtime/runtime';
import type { Variables } from '../engine/core/types';

/** Incidents of the caller's departments (admins: all), newest first. */
export async function listIncidents(db: Queryable, p: Principal, status: 'open' | 'resolved') {
  const owned = ownedDepartments(p);
  const r = await db.query<any>(
    `SELECT i.id, i.instance_id, i.element_id, i.message, i.status, i.created_at, i.resolved_at, pi.process_key, pi.reference, pi.department_id
     FROM incidents i JOIN process_instances pi ON pi.id = i.instance_id
     WHERE i.status = $1 AND ($2::uuid[] IS NULL OR pi.department_id = ANY($2::uuid[]))
     ORDER BY i.created_at DESC LIMIT 500`,
    [status, owned],
  );
  return r.rows.map((i) => ({
    id: i.id, instanceId: i.instance_id, elementId: i.element_id, message: i.message, status: i.status,
    createdAt: i.created_at, resolvedAt: i.resolved_at, processKey: i.process_key, reference: i.reference, departmentId: i.department_id,
  }));
}

/** Retries the element of an open incident (optionally with corrected variables). */
export async function retryIncident(engine: Engine, p: Principal, id: string, variables?: Variables) {
  const r = await engine.db.query<{ instance_id: string; department_id: string | null }>(
    `SELECT i.instance_id, pi.department_id FROM incidents i JOIN process_instances pi ON pi.id = i.instance_id WHERE i.id = $1 AND i.status = 'open'`,
    [id],
  );
  const row = r.rows[0];
  if (!row || (!isAdmin(p) && !(ownedDepartments(p) ?? []).includes(row.department_id ?? ''))) throw notFound('Open incident');
  await engine.run([{ kind: 'trigger', instanceId: row.instance_id, trigger: { type: 'incident_resolved', incidentId: id, variables } }], p.email);
}
