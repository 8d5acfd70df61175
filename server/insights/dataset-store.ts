/**
 * Stores an imported event log while it is read: the dataset row first ('pending', then
 * 'importing'), the events in batches of short statements (so other requests keep being served
 * on PGlite's single connection), then the counts and 'ready'. A log that fails or is cancelled
 * is deleted with all its events, so no half dataset is ever listed.
 */
import type { Principal } from '../auth/principal';
import type { Queryable } from '../db/types';
import { conflict, notFound, validationFailed } from '../errors';
import type { ColumnMapping, LogEvent, RowProblem } from '../../common/eventlog';
import { assertDepartment, insightDepartments } from './scope';

/** What the import form sends before the log itself. */
export type DatasetMeta = { name: string; departmentId?: string | null } & ({ format: 'csv'; mapping: ColumnMapping } | { format: 'xes'; mapping?: undefined });

export interface ImportReport {
  id: string;
  name: string;
  cases: number;
  events: number;
  activities: number;
  dateFormat: string | null;
  warnings: RowProblem[];
  ms: number;
}

export interface ImportProgress {
  /** Bytes of the body received (compressed, as sent) and of the log read (uncompressed). */
  received: number;
  bytes: number;
  events: number;
  traces: number;
}

/** Events per INSERT: large enough to amortise a round trip, small enough to keep each statement short. */
export const BATCH = 2000;
/** A pending or importing dataset untouched for this long is an abandoned upload and is removed. */
const STALE = '15 minutes';

/** A JSON pointer to a problem: /rows/4/Time in a CSV, /traces/3/events/2/time:timestamp in an XES log. */
function problemPath(e: RowProblem): string {
  const col = e.column ? `/${e.column}` : '';
  if (e.row) return `/rows/${e.row}${col}`;
  if (e.trace) return `/traces/${e.trace}${e.event ? `/events/${e.event}` : ''}${col}`;
  return '/content';
}

/** The 422 for a log with problems: every bad row (up to 200) with its place. */
export function logRefused(errors: RowProblem[], warnings: RowProblem[]) {
  return Object.assign(validationFailed(errors.map((e) => ({ path: problemPath(e), message: e.message })), 'The event log cannot be imported; nothing was stored'), {
    details: { rows: errors, warnings },
  });
}

/** Creates the dataset row an upload fills (status 'pending'); abandoned uploads of anyone are cleared first. */
export async function createDataset(db: Queryable, p: Principal, meta: DatasetMeta, status: 'pending' | 'importing' = 'pending'): Promise<string> {
  if (meta.departmentId || insightDepartments(p)) assertDepartment(p, meta.departmentId);
  await db.query(`DELETE FROM insights_datasets WHERE status <> 'ready' AND updated_at < now() - interval '${STALE}'`);
  const mapping = meta.format === 'xes' ? { lifecycle: 'complete' } : meta.mapping;
  const r = await db.query<{ id: string }>(
    `INSERT INTO insights_datasets (name, department_id, source, mapping, cases, events, activities, created_by, status, progress)
     VALUES ($1, $2, $3, $4, 0, 0, 0, $5, $6, $7) RETURNING id`,
    [meta.name, meta.departmentId ?? null, meta.format, JSON.stringify(mapping), p.id, status, JSON.stringify({ received: 0, bytes: 0, events: 0, traces: 0 })],
  );
  return r.rows[0].id;
}

/** A dataset the user may see, in any status (404 otherwise). */
export async function visibleDataset(db: Queryable, p: Principal, id: string) {
  const r = await db.query<{ id: string; name: string; department_id: string | null; source: 'csv' | 'xes'; mapping: ColumnMapping & { lifecycle?: string }; status: string; progress: ImportProgress | null; created_by: string | null }>(
    'SELECT id, name, department_id, source, mapping, status, progress, created_by FROM insights_datasets WHERE id = $1', [id]);
  const d = r.rows[0];
  if (!d) throw notFound('Dataset');
  const allowed = insightDepartments(p);
  if (allowed && (!d.department_id || !allowed.includes(d.department_id))) throw notFound('Dataset');
  return d;
}

/** Takes a pending dataset for its upload (409 when it is already being filled or done). */
export async function claimDataset(db: Queryable, p: Principal, id: string) {
  const d = await visibleDataset(db, p, id);
  const r = await db.query(`UPDATE insights_datasets SET status = 'importing', updated_at = now() WHERE id = $1 AND status = 'pending' RETURNING id`, [id]);
  if (!r.rowCount) throw conflict(d.status === 'ready' ? 'This dataset is imported already; create a new one for another log' : 'This dataset is being imported right now', 'import_running');
  return d;
}

/** The progress of an import, for the progress bar (any server process can answer it). */
export async function datasetProgress(db: Queryable, p: Principal, id: string) {
  const d = await visibleDataset(db, p, id);
  return { id, status: d.status as 'pending' | 'importing' | 'ready', ...(d.progress ?? { received: 0, bytes: 0, events: 0, traces: 0 }) };
}

/** Raised when the dataset disappeared while it was filled (deleted, i.e. cancelled). */
export const importCancelled = () => conflict('The import was cancelled; nothing was stored', 'import_cancelled');

/** Appends events (numbered from `seq`) and the progress so far. */
export async function storeBatch(db: Queryable, id: string, seq: number, events: LogEvent[], progress: ImportProgress): Promise<void> {
  try {
    await db.query(
      `INSERT INTO insights_dataset_events (dataset_id, seq, case_id, activity, time, resource, attributes)
       SELECT $1, i, c, a, to_timestamp(t / 1000.0), r, x::jsonb FROM unnest($2::int[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::text[]) AS u(i, c, a, t, r, x)`,
      [id, events.map((_, j) => seq + j), events.map((e) => e.caseId), events.map((e) => e.activity), events.map((e) => e.time),
        events.map((e) => e.resource), events.map((e) => (e.attributes ? JSON.stringify(e.attributes) : null))],
    );
  } catch (e) {
    if ((e as { code?: string }).code === '23503') throw importCancelled(); // the dataset row is gone
    throw e;
  }
  await saveProgress(db, id, progress);
}

export async function saveProgress(db: Queryable, id: string, progress: ImportProgress): Promise<void> {
  const r = await db.query('UPDATE insights_datasets SET progress = $2, updated_at = now() WHERE id = $1', [id, JSON.stringify(progress)]);
  if (!r.rowCount) throw importCancelled();
}

/** Marks the dataset ready with its counts (409 when it was deleted meanwhile). */
export async function finishDataset(db: Queryable, id: string, f: { cases: number; events: number; activities: number; first: number; last: number; mapping: object }) {
  const r = await db.query(
    `UPDATE insights_datasets SET status = 'ready', cases = $2, events = $3, activities = $4, first_event = $5, last_event = $6, mapping = $7, progress = NULL, updated_at = now()
     WHERE id = $1 AND status = 'importing' RETURNING id`,
    [id, f.cases, f.events, f.activities, new Date(f.first), new Date(f.last), JSON.stringify(f.mapping)],
  );
  if (!r.rowCount) throw importCancelled();
}

/** Removes a dataset that did not finish (its events go with it). */
export async function discardDataset(db: Queryable, id: string): Promise<void> {
  await db.query(`DELETE FROM insights_datasets WHERE id = $1 AND status <> 'ready'`, [id]);
}
