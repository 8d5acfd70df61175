/**
 * Recurring incidents (issue #19 point 2): requests of the same service and category whose texts are
 * alike (pg_trgm similarity of the summaries), grouped over a period, so that an agent or owner can
 * see the cause worth a problem. Pairs come from the database (one query, same service and
 * category only), groups are their connected components (single linkage), counted and timed here.
 */
import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { problemReadDepartments } from './access';
import { REQUEST_TEXT } from './links';

export interface RecurringFilter {
  from: string;
  to: string;
  departmentId?: string;
  processKey?: string;
  /** Trigram similarity (0–1) two summaries need to count as alike. */
  similarity: number;
  minCount: number;
  sort: 'count' | 'timeLost';
  limit: number;
}

/** The most requests one grouping looks at (newest first): pairs grow with the square. */
export const RECURRING_CANDIDATES = 1500;

interface Candidate {
  id: string;
  reference: string | null;
  process_key: string;
  service_title: string | null;
  service_title_de: string | null;
  department_id: string | null;
  category: string;
  summary: string;
  started_at: string;
  cycle_hours: number;
}

/** Groups of alike requests not yet linked to a problem, biggest (or costliest) first. */
export async function recurringIncidents(db: Queryable, p: Principal, f: RecurringFilter, now: Date) {
  const params: unknown[] = [f.from, f.to, now, RECURRING_CANDIDATES];
  const where = [`p.started_at >= $1::date`, `p.started_at < $2::date + 1`, 'NOT EXISTS (SELECT 1 FROM problem_requests l WHERE l.instance_id = p.id)'];
  const depts = problemReadDepartments(p);
  if (depts) where.push(`p.department_id = ANY($${params.push(depts)}::uuid[])`);
  if (f.departmentId) where.push(`p.department_id = $${params.push(f.departmentId)}`);
  if (f.processKey) where.push(`p.process_key = $${params.push(f.processKey)}`);
  const simParam = params.push(f.similarity);
  const r = await db.query<Candidate & { pairs: number[] | null }>(
    `WITH c AS (
       SELECT p.id, p.reference, p.process_key, p.department_id, p.started_at, p.definition_id,
              coalesce(p.variables ->> 'category', '') AS category, ${REQUEST_TEXT} AS summary,
              extract(epoch FROM coalesce(p.ended_at, $3) - p.started_at) / 3600 AS cycle_hours,
              row_number() OVER (ORDER BY p.started_at DESC, p.id) - 1 AS n
       FROM process_instances p WHERE ${where.join(' AND ')}
       ORDER BY p.started_at DESC, p.id LIMIT $4
     )
     SELECT c.id, c.reference, c.process_key, c.department_id, c.category, c.summary, c.started_at, c.cycle_hours, c.n,
            d.catalog ->> 'title' AS service_title, d.catalog ->> 'titleDe' AS service_title_de,
            (SELECT array_agg(o.n) FROM c o WHERE o.n > c.n AND o.process_key = c.process_key AND o.category = c.category
               AND c.summary <> '' AND similarity(o.summary, c.summary) >= $${simParam}) AS pairs
     FROM c JOIN definitions d ON d.id = c.definition_id ORDER BY c.n`,
    params,
  );
  const rows = r.rows;
  // Union-find over the alike pairs.
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
  rows.forEach((row, i) => (row.pairs ?? []).forEach((j) => (parent[find(Number(j))] = find(i))));
  const groups = new Map<number, Candidate[]>();
  rows.forEach((row, i) => {
    const root = find(i);
    groups.set(root, [...(groups.get(root) ?? []), row]);
  });
  const result = [...groups.values()]
    .filter((g) => g.length >= f.minCount)
    .map((g) => {
      const first = g[g.length - 1];
      const last = g[0];
      const timeLost = g.reduce((s, x) => s + Number(x.cycle_hours), 0);
      return {
        processKey: last.process_key,
        serviceTitle: last.service_title,
        serviceTitleDe: last.service_title_de,
        departmentId: last.department_id,
        category: last.category || null,
        summary: commonestSummary(g),
        count: g.length,
        timeLostHours: Math.round(timeLost * 10) / 10,
        firstAt: first.started_at,
        lastAt: last.started_at,
        requests: g.slice(0, 100).map((x) => ({ id: x.id, reference: x.reference, summary: x.summary.slice(0, 200), startedAt: x.started_at })),
      };
    })
    .sort((a, b) => (f.sort === 'timeLost' ? b.timeLostHours - a.timeLostHours : b.count - a.count) || b.count - a.count || a.summary.localeCompare(b.summary));
  return { groups: result.slice(0, f.limit), candidates: rows.length, truncated: rows.length >= RECURRING_CANDIDATES };
}

/** The group's label: the summary that occurs most often (ties: the shortest). */
function commonestSummary(g: Candidate[]): string {
  const counts = new Map<string, number>();
  for (const x of g) counts.set(x.summary, (counts.get(x.summary) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length)[0][0].slice(0, 200);
}
