import type { Queryable } from '../db/types';
import { isAdmin, type Principal } from '../auth/principal';
import { instanceVisibility } from './visibility';

/**
 * The ids of a change notice this user may see (GET /api/events), by the same rule as reading the
 * request (server/auth/visibility.ts). An empty notice ("something changed, refresh") passes as is;
 * null when nothing of a non-empty notice is left (send nothing).
 */
export async function visibleChange(q: Queryable, p: Principal, ids: string[]): Promise<string[] | null> {
  if (ids.length === 0 || isAdmin(p)) return ids;
  const vis = instanceVisibility(p, 2);
  const r = await q.query<{ id: string }>(`SELECT p.id FROM process_instances p WHERE p.id = ANY($1::uuid[]) AND ${vis.sql}`, [ids, ...vis.params]);
  if (!r.rows.length) return null;
  const seen = new Set(r.rows.map((row) => row.id));
  return ids.filter((id) => seen.has(id));
}
