/**
 * Periodic VACUUM (ANALYZE) for the embedded PGlite, which has no autovacuum: without it the
 * roll-up tables of 006_insights.sql (one UPDATE per history event), insights_open (an insert
 * and a delete per request), tasks, jobs and sessions keep every dead row version, and the
 * planner works from statistics of the day the table was created. PostgreSQL servers have
 * autovacuum and do not run this.
 */
import type { Logger } from '../log';
import type { Db, Queryable } from './types';

export interface VacuumReport {
  tables: number;
  ms: number;
}

/**
 * VACUUM (ANALYZE) of every table of Lotse's schema, one statement per table: VACUUM cannot run
 * in a transaction block, and PGlite's single connection serves waiting requests between tables
 * instead of after the whole run. Append-only tables (history) cost little: VACUUM skips the
 * pages the visibility map marks all-visible since the last run.
 */
export async function vacuumTables(db: Queryable): Promise<VacuumReport> {
  const started = performance.now();
  const r = await db.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, tablename) AS name FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename`);
  for (const t of r.rows) await db.query(`VACUUM (ANALYZE) ${t.name}`);
  return { tables: r.rows.length, ms: Math.round(performance.now() - started) };
}

export interface MaintenanceOptions {
  /** How often the worker looks whether a run is due (default 10 minutes). */
  checkEveryMs?: number;
  /** A run at least this often (default one day). */
  maxIntervalMs?: number;
  /** A run earlier once this many history events were written since the last (default 200,000). */
  writesBetween?: number;
  now?: () => number;
}

/**
 * Starts the maintenance worker for PGlite: the first run one check interval after start-up,
 * then daily, or sooner after many writes (history rows stand for them: every engine
 * transaction, claim and SLA clock change writes some). Returns stop().
 */
export function startMaintenanceWorker(db: Db, log: Logger, opts: MaintenanceOptions = {}): () => Promise<void> {
  const { checkEveryMs = 10 * 60_000, maxIntervalMs = 24 * 3600_000, writesBetween = 200_000, now = Date.now } = opts;
  let lastRun = now() - maxIntervalMs; // first check runs it
  let lastHistoryId = 0;
  let running: Promise<void> | null = null;
  const tick = () => {
    if (running) return;
    running = (async () => {
      const head = Number((await db.query<{ id: string }>('SELECT coalesce(max(id), 0) AS id FROM history')).rows[0].id);
      if (now() - lastRun < maxIntervalMs && head - lastHistoryId < writesBetween) return;
      const report = await vacuumTables(db);
      lastRun = now();
      lastHistoryId = head;
      log.info('database maintenance: VACUUM (ANALYZE)', { ...report });
    })()
      .catch((err) => log.error('database maintenance failed', { error: String(err) }))
      .finally(() => (running = null));
  };
  const timer = setInterval(tick, checkEveryMs);
  timer.unref?.();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
