/**
 * Problem KPIs (issue #19 point 5): incidents per problem, time lost to it (the summed cycle time of
 * its linked requests, open ones up to now), and whether removing the cause helped: the service's
 * incidents and mean time to resolve in equal windows before and after the problem was resolved.
 */
import type { Queryable } from '../db/types';
import type { Principal } from '../auth/principal';
import { problemReadDepartments } from './access';

const DAY_MS = 86_400_000;

export interface Window {
  from: string;
  to: string;
  incidents: number;
  /** Incidents per 7 days (the after-window may still be shorter than the before-window). */
  perWeek: number;
  /** Mean hours from start to end of the window's completed requests; null without any. */
  mttrHours: number | null;
}

const round1 = (n: number) => Math.round(n * 10) / 10;

function window(from: Date, to: Date, n: number, mttr: number | null): Window {
  const days = Math.max((to.getTime() - from.getTime()) / DAY_MS, 1);
  return { from: from.toISOString(), to: to.toISOString(), incidents: n, perWeek: round1((n / days) * 7), mttrHours: mttr === null || mttr === undefined ? null : round1(Number(mttr)) };
}

export type Effect = { serviceKey: string; resolvedAt: string; days: number; before: Window; after: Window };

/**
 * Before/after windows of `days` around each resolved problem's resolution (the after-window ends at
 * now at the latest), for many problems in one query. Problems without service or resolution: none.
 */
export async function beforeAfter(db: Queryable, problemIds: string[], now: Date, days: number): Promise<Map<string, Effect>> {
  const r = await db.query<{ id: string; service_key: string; resolved_at: string; before_n: number; before_mttr: number | null; after_n: number; after_mttr: number | null }>(
    `SELECT pr.id, pr.service_key, pr.resolved_at, b.n AS before_n, b.mttr AS before_mttr, a.n AS after_n, a.mttr AS after_mttr
     FROM problems pr
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, avg(extract(epoch FROM x.ended_at - x.started_at) / 3600) FILTER (WHERE x.status = 'completed') AS mttr
       FROM process_instances x WHERE x.process_key = pr.service_key AND x.started_at >= pr.resolved_at - make_interval(days => $2) AND x.started_at < pr.resolved_at) b
     CROSS JOIN LATERAL (SELECT count(*)::int AS n, avg(extract(epoch FROM x.ended_at - x.started_at) / 3600) FILTER (WHERE x.status = 'completed') AS mttr
       FROM process_instances x WHERE x.process_key = pr.service_key AND x.started_at >= pr.resolved_at
         AND x.started_at < least(pr.resolved_at + make_interval(days => $2), $3)) a
     WHERE pr.id = ANY($1::uuid[]) AND pr.service_key IS NOT NULL AND pr.resolved_at IS NOT NULL`,
    [problemIds, days, now],
  );
  return new Map(
    r.rows.map((x) => {
      const at = new Date(x.resolved_at);
      const end = new Date(Math.min(at.getTime() + days * DAY_MS, now.getTime()));
      return [x.id, { serviceKey: x.service_key, resolvedAt: at.toISOString(), days, before: window(new Date(at.getTime() - days * DAY_MS), at, x.before_n, x.before_mttr), after: window(at, end, x.after_n, x.after_mttr) }];
    }),
  );
}

export interface ProblemKpiFilter {
  departmentId?: string;
  /** Problems created or resolved in the period (inclusive days). */
  from: string;
  to: string;
  days: number;
}

/** Per problem of the period: incidents, time lost, and the before/after of its service. */
export async function problemKpis(db: Queryable, p: Principal, f: ProblemKpiFilter, now: Date) {
  const params: unknown[] = [f.from, f.to, now];
  const where = ['(pr.created_at < $2::date + 1 AND coalesce(pr.closed_at, $3) >= $1::date)'];
  const depts = problemReadDepartments(p);
  if (depts) where.push(`pr.department_id = ANY($${params.push(depts)}::uuid[])`);
  if (f.departmentId) where.push(`pr.department_id = $${params.push(f.departmentId)}`);
  const r = await db.query<{ id: string; reference: string; title: string; status: string; department_id: string; service_key: string | null; resolved_at: string | null; incidents: number; hours: number | null }>(
    `SELECT pr.id, pr.reference, pr.title, pr.status, pr.department_id, pr.service_key, pr.resolved_at,
            count(p.id)::int AS incidents, sum(extract(epoch FROM coalesce(p.ended_at, $3) - p.started_at) / 3600) AS hours
     FROM problems pr LEFT JOIN problem_requests l ON l.problem_id = pr.id LEFT JOIN process_instances p ON p.id = l.instance_id
     WHERE ${where.join(' AND ')} GROUP BY pr.id ORDER BY hours DESC NULLS LAST, pr.reference LIMIT 200`,
    params,
  );
  const effects = await beforeAfter(db, r.rows.map((x) => x.id), now, f.days);
  const items = r.rows.map((row) => ({
    id: row.id,
    reference: row.reference,
    title: row.title,
    status: row.status,
    departmentId: row.department_id,
    serviceKey: row.service_key,
    incidents: row.incidents,
    timeLostHours: round1(Number(row.hours ?? 0)),
    effect: effects.get(row.id) ?? null,
  }));
  return { items, totals: { problems: items.length, incidents: items.reduce((s, x) => s + x.incidents, 0), timeLostHours: round1(items.reduce((s, x) => s + x.timeLostHours, 0)) } };
}
