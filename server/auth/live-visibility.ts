import type { Queryable } from '../db/types';
import { isAdmin, type Principal } from '../auth/principal';
import { seesInternalNotes } from './internal-notes';
import { instanceVisibility } from './visibility';

/**
 * The ids of a change notice this user may see (GET /api/events), by the same rule as reading the
 * request (server/auth/visibility.ts). An empty notice ("something changed, refresh") passes as is;
 * null when nothing of a non-empty notice is left (send nothing). A staff-only notice (an internal
 * note) reaches only those who read the request's internal notes (seesInternalNotes).
 */
export async function visibleChange(q: Queryable, p: Principal, ids: string[], staffOnly = false): Promise<string[] | null> {
  if (ids.length === 0) return staffOnly ? null : ids;
  if (isAdmin(p) && !staffOnly) return ids;
  const vis = instanceVisibility(p, 2);
  const r = await q.query<{ id: string; started_by: string | null; initiator: string | null }>(
    `SELECT p.id, p.started_by, p.variables ->> 'initiator' AS initiator FROM process_instances p WHERE p.id = ANY($1::uuid[]) AND ${vis.sql}`,
    [ids, ...vis.params],
  );
  const seen = new Set(
    r.rows.filter((row) => !staffOnly || seesInternalNotes(p, { startedById: row.started_by, initiator: row.initiator })).map((row) => row.id),
  );
  return seen.size ? ids.filter((id) => seen.has(id)) : null;
}
