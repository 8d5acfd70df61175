/** Imported event logs for the as-is analysis: stored apart from Lotse's history, analysed on request. */
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import { conflict, notFound } from '../errors';
import type { DatasetMeta } from './dataset-store';
import { insightDepartments } from './scope';

export { importDataset } from './dataset-import';
export type { ImportReport } from './dataset-store';

/** CSV needs a column mapping; XES names its case, activity, timestamp and resource itself. Without content: an upload follows (PUT …/content). */
export type ImportRequest = DatasetMeta & { content?: string };

const n = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** Datasets the user may read. */
export async function listDatasets(db: Queryable, p: Principal) {
  const r = await db.query(
    `SELECT d.id, d.name, d.department_id, dep.name AS department_name, d.source, d.cases, d.events, d.activities, d.first_event, d.last_event, d.created_at
     FROM insights_datasets d LEFT JOIN departments dep ON dep.id = d.department_id
     WHERE d.status = 'ready' AND ($1::uuid[] IS NULL OR d.department_id = ANY ($1)) ORDER BY d.created_at DESC`,
    [insightDepartments(p)],
  );
  return r.rows.map((d) => ({
    id: d.id as string, name: d.name as string, departmentId: d.department_id as string | null, departmentName: d.department_name as string | null,
    source: d.source as string, cases: Number(d.cases), events: Number(d.events), activities: Number(d.activities),
    firstEvent: d.first_event as Date | null, lastEvent: d.last_event as Date | null, createdAt: d.created_at as Date,
  }));
}

async function datasetRow(db: Queryable, p: Principal, id: string, anyStatus = false) {
  const r = await db.query<{ id: string; name: string; department_id: string | null; status: string }>('SELECT id, name, department_id, status FROM insights_datasets WHERE id = $1', [id]);
  const d = r.rows[0];
  if (!d) throw notFound('Dataset');
  const allowed = insightDepartments(p);
  if (allowed && (!d.department_id || !allowed.includes(d.department_id))) throw notFound('Dataset');
  if (!anyStatus && d.status !== 'ready') throw conflict('This dataset is still being imported', 'import_running');
  return d;
}

/** Deletes a dataset; on one still importing this is the cancel: the import stops and stores nothing. */
export async function deleteDataset(db: Queryable, p: Principal, id: string) {
  await datasetRow(db, p, id, true);
  await db.query('DELETE FROM insights_datasets WHERE id = $1', [id]);
}

/** The same KPIs as for Lotse's own requests: case durations, throughput, activities, variants. */
export async function datasetSummary(db: Queryable, p: Principal, id: string) {
  await datasetRow(db, p, id);
  const cases = `SELECT case_id, min(time) AS first, max(time) AS last, count(*) AS events,
                   string_agg(activity, chr(31) ORDER BY time, seq) AS path
                 FROM insights_dataset_events WHERE dataset_id = $1 GROUP BY case_id`;
  const [info, durations, weeks, activities, variants] = await Promise.all([
    db.query('SELECT id, name, department_id, source, mapping, cases, events, activities, first_event, last_event, created_at FROM insights_datasets WHERE id = $1', [id]),
    db.query(
      `SELECT count(*)::float8 AS cases, avg(d)::float8 AS mean, percentile_cont(0.5) WITHIN GROUP (ORDER BY d)::float8 AS median,
         percentile_cont(0.9) WITHIN GROUP (ORDER BY d)::float8 AS p90, max(d)::float8 AS max
       FROM (SELECT extract(epoch FROM last - first) AS d FROM (${cases}) c) x`, [id]),
    db.query(
      `SELECT to_char(date_trunc('week', last AT TIME ZONE 'UTC'), 'YYYY-MM-DD') AS week, count(*)::float8 AS completed, avg(extract(epoch FROM last - first))::float8 AS mean
       FROM (${cases}) c GROUP BY 1 ORDER BY 1`, [id]),
    db.query(
      `SELECT activity, count(*)::float8 AS events, count(DISTINCT case_id)::float8 AS cases, avg(wait)::float8 AS mean_wait
       FROM (SELECT activity, case_id, extract(epoch FROM time - lag(time) OVER (PARTITION BY case_id ORDER BY time, seq)) AS wait
             FROM insights_dataset_events WHERE dataset_id = $1) e GROUP BY 1 ORDER BY 2 DESC`, [id]),
    db.query(
      `SELECT path, count(*)::float8 AS cases, avg(extract(epoch FROM last - first))::float8 AS mean, sum(count(*)) OVER ()::float8 AS total,
         count(*) OVER ()::float8 AS variants
       FROM (${cases}) c GROUP BY path ORDER BY 2 DESC, 1 LIMIT 20`, [id]),
  ]);
  const d = info.rows[0];
  const s = durations.rows[0];
  return {
    id, name: d.name as string, departmentId: d.department_id as string | null, source: d.source as string, mapping: d.mapping,
    cases: Number(d.cases), events: Number(d.events), activities: Number(d.activities), firstEvent: d.first_event, lastEvent: d.last_event,
    caseDuration: { mean: n(s.mean), median: n(s.median), p90: n(s.p90), max: n(s.max) },
    weeks: weeks.rows.map((w) => ({ week: w.week as string, completed: Number(w.completed), meanCycleTime: n(w.mean) })),
    activityStats: activities.rows.map((a) => ({ activity: a.activity as string, events: Number(a.events), cases: Number(a.cases), meanWaiting: n(a.mean_wait) })),
    variants: {
      count: Number(variants.rows[0]?.variants ?? 0),
      items: variants.rows.map((v) => ({ activities: (v.path as string).split('\u001f'), cases: Number(v.cases), share: Number(v.cases) / Number(v.total), meanCycleTime: n(v.mean) })),
    },
  };
}

/** The directly-follows graph: activity frequencies and edges with frequency and mean duration (▶ start, ■ end). */
export async function datasetMap(db: Queryable, p: Principal, id: string) {
  await datasetRow(db, p, id);
  const r = await db.query(
    `WITH e AS (
       SELECT case_id, activity, time,
         lag(activity) OVER w AS prev, lag(time) OVER w AS prev_time, lead(activity) OVER w AS next
       FROM insights_dataset_events WHERE dataset_id = $1 WINDOW w AS (PARTITION BY case_id ORDER BY time, seq))
     SELECT coalesce(prev, '▶') AS source, activity AS target, count(*)::float8 AS frequency, avg(extract(epoch FROM time - prev_time))::float8 AS mean
     FROM e GROUP BY 1, 2
     UNION ALL
     SELECT activity, '■', count(*)::float8, NULL FROM e WHERE next IS NULL GROUP BY 1`,
    [id],
  );
  const nodes = await db.query('SELECT activity, count(*)::float8 AS frequency FROM insights_dataset_events WHERE dataset_id = $1 GROUP BY 1 ORDER BY 2 DESC', [id]);
  return {
    nodes: nodes.rows.map((x) => ({ id: x.activity as string, frequency: Number(x.frequency) })),
    edges: r.rows.map((x) => ({ source: x.source as string, target: x.target as string, frequency: Number(x.frequency), meanDuration: n(x.mean) })),
  };
}
