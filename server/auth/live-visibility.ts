import type { Queryable } from '../db/types';
import { hasRole, isAdmin, type Principal } from '../auth/principal';
import { instanceVisibility } from './visibility';

/**
 * The ids of a change notice this user may see (GET /api/events), by the same rule as reading the
 * request (server/auth/visibility.ts). An empty notice ("something changed, refresh") passes as is;
 * null when nothing of a non-empty notice is left (send nothing). A staff-only notice (an internal
 * note) reaches only those who read the request's internal notes.
 */
export async function visibleChange(q: Queryable, p: Principal, ids: string[], staffOnly = false): Promise<string[] | null> {
  if (!staffOnly && (ids.length === 0 || isAdmin(p))) return ids;
  if (staffOnly) {
    // As seesInternalNotes (requests/comments.ts): agents, owners and admins who are not the requester.
    if (ids.length === 0 || !(isAdmin(p) || hasRole(p, 'agent') || hasRole(p, 'owner'))) return null;
    const vis = instanceVisibility(p, 4);
    const r = await q.query<{ id: string }>(
      `SELECT p.id FROM process_instances p WHERE p.id = ANY($1::uuid[]) AND p.started_by IS DISTINCT FROM $2
          AND lower(coalesce(p.variables ->> 'initiator', '')) <> lower($3) AND ${vis.sql}`,
      [ids, p.id, p.email, ...vis.params],
    );
    return r.rows.length ? ids.filter((id) => r.rows.some((row) => row.id === id)) : null;
  }
  const vis = instanceVisibility(p, 2);
  const r = await q.query<{ id: string }>(`SELECT p.id FROM process_instances p WHERE p.id = ANY($1::uuid[]) AND ${vis.sql}`, [ids, ...vis.params]);
  if (!r.rows.length) return null;
  const seen = new Set(r.rows.map((row) => row.id));
  return ids.filter((id) => seen.has(id));
}
