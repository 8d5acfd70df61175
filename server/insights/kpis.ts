/** KPI queries over the roll-up tables of 006_insights.sql: a few small aggregates per answer. */
import type { Queryable } from '../db/types';
import { displayBins, quantile, type BucketCount } from './histogram';
import type { Scope } from './scope';

const n = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
/** $1 definition ids, $2 from, $3 to, $4 channel (null: all): the common WHERE of every roll-up query. */
const IN_SCOPE = 'definition_id = ANY ($1::uuid[]) AND day BETWEEN $2::date AND $3::date AND ($4::text IS NULL OR channel = $4)';
const args = (s: Scope) => [s.ids, s.filter.from, s.filter.to, s.filter.channel ?? null];

export interface CycleStats {
  mean: number | null;
  median: number | null;
  p90: number | null;
}

function cycleStats(hist: BucketCount[], sum: number, count: number): CycleStats {
  return { mean: ratio(sum, count), median: quantile(hist, 0.5), p90: quantile(hist, 0.9) };
}

/** Reading a month's histogram costs about as much as reading two days of the daily one. */
const MONTH_COST = 2;
const DAY_MS = 86_400_000;
const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export interface PeriodParts {
  /** First days of the months read from the monthly histogram. */
  months: string[];
  /** Day ranges read from the daily histogram: added (1), or subtracted (-1) from a month read whole. */
  days: { from: string; to: string; sign: 1 | -1 }[];
}

/**
 * Splits a period into the fewest histogram rows: whole months from the monthly roll-up; a
 * partial month either as its days, or — when it covers most of the month — as the month minus
 * the days outside the period (counts are additive, so the result is exact).
 */
export function periodParts(from: string, to: string): PeriodParts {
  const lo = Date.parse(`${from}T00:00:00Z`);
  const hi = Date.parse(`${to}T00:00:00Z`);
  const parts: PeriodParts = { months: [], days: [] };
  for (let d = new Date(lo); d.getTime() <= hi; d = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1))) {
    const monthStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
    const monthEnd = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0);
    const a = Math.max(monthStart, lo), b = Math.min(monthEnd, hi);
    const inside = (b - a) / DAY_MS + 1, length = (monthEnd - monthStart) / DAY_MS + 1;
    if (inside === length || length - inside + MONTH_COST < inside) {
      parts.months.push(isoDay(monthStart));
      if (a > monthStart) parts.days.push({ from: isoDay(monthStart), to: isoDay(a - DAY_MS), sign: -1 });
      if (b < monthEnd) parts.days.push({ from: isoDay(b + DAY_MS), to: isoDay(monthEnd), sign: -1 });
    } else parts.days.push({ from: isoDay(a), to: isoDay(b), sign: 1 });
  }
  return parts;
}

async function histograms(db: Queryable, s: Scope) {
  const p = periodParts(s.filter.from, s.filter.to);
  const r = await db.query<{ kind: number; bucket: number; cases: number }>(
    `SELECT kind, bucket, sum(cases)::float8 AS cases FROM (
       SELECT kind, bucket, cases FROM insights_cycle_hist_monthly WHERE definition_id = ANY ($1::uuid[]) AND month = ANY ($2::date[])
         AND ($6::text IS NULL OR channel = $6)
       UNION ALL
       SELECT h.kind, h.bucket, h.cases * r.sign FROM unnest($3::date[], $4::date[], $5::int[]) AS r(lo, hi, sign)
       JOIN insights_cycle_hist h ON h.definition_id = ANY ($1::uuid[]) AND h.day BETWEEN r.lo AND r.hi AND ($6::text IS NULL OR h.channel = $6)) x
     GROUP BY 1, 2 HAVING sum(cases) <> 0`,
    [s.ids, p.months, p.days.map((x) => x.from), p.days.map((x) => x.to), p.days.map((x) => x.sign), s.filter.channel ?? null]);
  const pick = (k: number) => r.rows.filter((x) => n(x.kind) === k).map((x) => ({ bucket: n(x.bucket), cases: n(x.cases) }));
  return { calendar: pick(0), business: pick(1) };
}

const weekRow = (w: Record<string, unknown>) => ({ week: w.week as string, started: n(w.started), completed: n(w.completed), meanCycleTime: ratio(n(w.cycle_sum), n(w.completed)), escalations: n(w.escalations) });

/** Request counts, throughput per ISO week (Monday), cycle time, WIP and backlog age, SLA compliance, escalations, reopen rate, satisfaction. */
export async function overview(db: Queryable, s: Scope, now: Date) {
  // PGlite answers one statement at a time: the totals are summed here from the weekly rows,
  // one round trip fewer than a query of their own.
  const [byWeek, hist, sla, wip] = await Promise.all([
    db.query(
      `SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, sum(started)::float8 AS started, sum(completed)::float8 AS completed,
         sum(terminated)::float8 AS terminated, sum(cycle_sum)::float8 AS cycle_sum, sum(business_sum)::float8 AS business_sum,
         sum(reopened)::float8 AS reopened, sum(escalations)::float8 AS escalations, sum(rated)::float8 AS rated, sum(score_sum)::float8 AS score_sum,
         sum(score_1)::float8 AS s1, sum(score_2)::float8 AS s2, sum(score_3)::float8 AS s3, sum(score_4)::float8 AS s4, sum(score_5)::float8 AS s5
       FROM insights_daily WHERE ${IN_SCOPE} GROUP BY 1 ORDER BY 1`, args(s)),
    histograms(db, s),
    db.query(`SELECT target, sum(met)::float8 AS met, sum(breached)::float8 AS breached FROM insights_sla WHERE ${IN_SCOPE} AND element_id = '' GROUP BY 1`, args(s)),
    backlog(db, s, now),
  ]);
  const total = (k: string) => byWeek.rows.reduce((sum, w) => sum + n(w[k]), 0);
  const completed = total('completed');
  const slaBy = (target: string) => {
    const row = sla.rows.find((x) => x.target === target);
    const met = n(row?.met), breached = n(row?.breached);
    return { met, breached, compliance: ratio(met, met + breached) };
  };
  return {
    filter: s.filter,
    processes: s.definitions.length,
    requests: { started: total('started'), completed, terminated: total('terminated') },
    cycleTime: {
      calendar: cycleStats(hist.calendar, total('cycle_sum'), completed),
      business: cycleStats(hist.business, total('business_sum'), completed),
    },
    workInProgress: wip,
    sla: { response: slaBy('response'), resolution: slaBy('resolution') },
    escalations: total('escalations'),
    reopenRate: ratio(total('reopened'), completed),
    satisfaction: { ratings: total('rated'), mean: ratio(total('score_sum'), total('rated')), distribution: ['s1', 's2', 's3', 's4', 's5'].map(total) },
    weeks: byWeek.rows.map(weekRow),
  };
}

/** Requests open now and how long they have been waiting (not limited by the period; by the channel). */
export async function backlog(db: Queryable, s: Scope, now: Date) {
  const r = await db.query(
    `SELECT count(*)::float8 AS open, avg(a)::float8 AS mean_age, max(a)::float8 AS max_age,
       count(*) FILTER (WHERE a < 86400)::float8 AS d1, count(*) FILTER (WHERE a >= 86400 AND a < 259200)::float8 AS d3,
       count(*) FILTER (WHERE a >= 259200 AND a < 604800)::float8 AS d7, count(*) FILTER (WHERE a >= 604800 AND a < 2592000)::float8 AS d30,
       count(*) FILTER (WHERE a >= 2592000)::float8 AS older
     FROM (SELECT extract(epoch FROM $2::timestamptz - started_at) AS a FROM insights_open
           WHERE definition_id = ANY ($1::uuid[]) AND ($3::text IS NULL OR channel = $3)) o`,
    [s.ids, now, s.filter.channel ?? null]);
  const w = r.rows[0] ?? {};
  return {
    open: n(w.open), meanAge: w.mean_age === null ? null : n(w.mean_age), maxAge: w.max_age === null ? null : n(w.max_age),
    ageBuckets: [
      { label: '<1d', count: n(w.d1) }, { label: '1-3d', count: n(w.d3) }, { label: '3-7d', count: n(w.d7) },
      { label: '7-30d', count: n(w.d30) }, { label: '>30d', count: n(w.older) },
    ],
  };
}

/** Cycle-time distribution (calendar and business time) for the histogram chart. */
export async function cycleTimes(db: Queryable, s: Scope) {
  const [hist, t] = await Promise.all([
    histograms(db, s),
    db.query(`SELECT sum(completed)::float8 AS completed, sum(cycle_sum)::float8 AS cycle_sum, sum(business_sum)::float8 AS business_sum FROM insights_daily WHERE ${IN_SCOPE}`, args(s)),
  ]);
  const row = t.rows[0] ?? {};
  return {
    filter: s.filter,
    completed: n(row.completed),
    calendar: { ...cycleStats(hist.calendar, n(row.cycle_sum), n(row.completed)), bins: displayBins(hist.calendar) },
    business: { ...cycleStats(hist.business, n(row.business_sum), n(row.completed)), bins: displayBins(hist.business) },
  };
}

/** Each element's name (newest version's) and German name (esm:nameDe), for the reader's language. */
async function elementNames(db: Queryable, s: Scope): Promise<Map<string, { name: string; nameDe: string | null }>> {
  if (!s.ids.length) return new Map();
  const r = await db.query<{ id: string; name: string | null; name_de: string | null }>(
    `SELECT DISTINCT ON (e.key) e.key AS id, e.value ->> 'name' AS name, e.value ->> 'nameDe' AS name_de
     FROM definitions d CROSS JOIN LATERAL jsonb_each(d.model -> 'elements') e
     WHERE d.id = ANY ($1::uuid[]) ORDER BY e.key, d.version DESC`, [s.ids]);
  return new Map(r.rows.filter((x) => x.name).map((x) => [x.id, { name: x.name!, nameDe: x.name_de }]));
}

/** Per element: frequency, mean duration, waiting and processing time of tasks, SLA per step. */
export async function steps(db: Queryable, s: Scope) {
  const [r, sla, names] = await Promise.all([
    db.query(
      `SELECT element_id, max(element_type) AS element_type, sum(started)::float8 AS started, sum(completed)::float8 AS completed,
         sum(cancelled)::float8 AS cancelled, sum(duration_sum)::float8 AS duration_sum, sum(tasks)::float8 AS tasks,
         sum(waiting_sum)::float8 AS waiting_sum, sum(processing_sum)::float8 AS processing_sum
       FROM insights_steps WHERE ${IN_SCOPE} GROUP BY 1`, args(s)),
    db.query(`SELECT element_id, sum(met)::float8 AS met, sum(breached)::float8 AS breached FROM insights_sla WHERE ${IN_SCOPE} AND element_id <> '' GROUP BY 1`, args(s)),
    elementNames(db, s),
  ]);
  const slaBy = new Map(sla.rows.map((x) => [x.element_id as string, { met: n(x.met), breached: n(x.breached) }]));
  const items = r.rows.map((x) => {
    const st = slaBy.get(x.element_id);
    return {
      elementId: x.element_id as string,
      name: names.get(x.element_id)?.name ?? null,
      nameDe: names.get(x.element_id)?.nameDe ?? null,
      elementType: x.element_type as string | null,
      started: n(x.started),
      completed: n(x.completed),
      cancelled: n(x.cancelled),
      meanDuration: ratio(n(x.duration_sum), n(x.completed)),
      tasks: n(x.tasks),
      meanWaiting: ratio(n(x.waiting_sum), n(x.tasks)),
      meanProcessing: ratio(n(x.processing_sum), n(x.tasks)),
      sla: st ? { ...st, compliance: ratio(st.met, st.met + st.breached) } : null,
    };
  });
  items.sort((a, b) => (b.meanDuration ?? 0) * b.completed - (a.meanDuration ?? 0) * a.completed);
  return { filter: s.filter, items };
}

/** SLA compliance per target and per step, and breaches per week. */
export async function slaReport(db: Queryable, s: Scope) {
  const [targets, weeks, byStep] = await Promise.all([
    db.query(`SELECT target, sum(met)::float8 AS met, sum(breached)::float8 AS breached FROM insights_sla WHERE ${IN_SCOPE} GROUP BY 1 ORDER BY 1`, args(s)),
    db.query(`SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, sum(met)::float8 AS met, sum(breached)::float8 AS breached
              FROM insights_sla WHERE ${IN_SCOPE} GROUP BY 1 ORDER BY 1`, args(s)),
    db.query(`SELECT element_id, target, sum(met)::float8 AS met, sum(breached)::float8 AS breached FROM insights_sla WHERE ${IN_SCOPE} AND element_id <> ''
              GROUP BY 1, 2 ORDER BY sum(breached) DESC`, args(s)),
  ]);
  const row = (x: Record<string, unknown>) => ({ met: n(x.met), breached: n(x.breached), compliance: ratio(n(x.met), n(x.met) + n(x.breached)) });
  return {
    filter: s.filter,
    targets: targets.rows.map((x) => ({ target: x.target as string, ...row(x) })),
    steps: byStep.rows.map((x) => ({ elementId: x.element_id as string, target: x.target as string, ...row(x) })),
    weeks: weeks.rows.map((x) => ({ week: x.week as string, ...row(x) })),
  };
}

/** Escalation steps per week and per action and step. */
export async function escalations(db: Queryable, s: Scope) {
  const [weeks, by] = await Promise.all([
    db.query(`SELECT to_char(date_trunc('week', day), 'YYYY-MM-DD') AS week, action, sum(count)::float8 AS count FROM insights_escalations
              WHERE ${IN_SCOPE} GROUP BY 1, 2 ORDER BY 1, 2`, args(s)),
    db.query(`SELECT element_id, action, sum(count)::float8 AS count FROM insights_escalations WHERE ${IN_SCOPE} GROUP BY 1, 2 ORDER BY 3 DESC`, args(s)),
  ]);
  return {
    filter: s.filter,
    weeks: weeks.rows.map((x) => ({ week: x.week as string, action: x.action as string, count: n(x.count) })),
    byStep: by.rows.map((x) => ({ elementId: x.element_id as string, action: x.action as string, count: n(x.count) })),
  };
}

/** The most frequent paths with their share of completed requests and mean cycle time. */
export async function variants(db: Queryable, s: Scope, limit = 20) {
  const r = await db.query(
    `WITH v AS (SELECT variant, sum(cases)::float8 AS cases, sum(cycle_sum)::float8 AS cycle_sum FROM insights_variants WHERE ${IN_SCOPE} GROUP BY 1)
     SELECT v.variant, v.cases, v.cycle_sum, p.process_key, p.activities, (SELECT sum(cases) FROM v)::float8 AS total, (SELECT count(*) FROM v)::float8 AS variants
     FROM v JOIN insights_variant_paths p USING (variant) ORDER BY v.cases DESC, v.variant LIMIT $5`, [...args(s), limit]);
  const total = n(r.rows[0]?.total);
  return {
    filter: s.filter,
    completed: total,
    variants: n(r.rows[0]?.variants),
    items: r.rows.map((x) => ({ id: x.variant as string, processKey: x.process_key as string, activities: x.activities as string[], cases: n(x.cases), share: ratio(n(x.cases), total), meanCycleTime: ratio(n(x.cycle_sum), n(x.cases)) })),
  };
}
